// PEM (RFC 7468): the first `-----BEGIN <label>-----` block of a text, its base64 decoded.
// Bounded: a text longer than any key or short certificate chain is refused unread.
import { fromBase64 } from "../lib/base64.js";

/** Longest PEM text read, in characters: a certificate is about 2 KB, a short chain a few times that. */
export const MAX_PEM_CHARS = 65536;

const BEGIN = "-----BEGIN ";
const DASHES = "-----";

/** Whether `text` looks like PEM (a `-----BEGIN` line): it is then never a shared secret. */
export const looksLikePem = (text: string): boolean => text.includes(BEGIN);

/**
 * The label and DER bytes of the first PEM block in `text`, or undefined when there is none or
 * it is malformed (no END line for its label, headers such as an encrypted key's `Proc-Type`,
 * base64 that does not decode).
 */
export function readPem(text: string): { label: string; der: Uint8Array } | undefined {
  if (text.length > MAX_PEM_CHARS) return undefined;
  const begin = text.indexOf(BEGIN);
  if (begin < 0) return undefined;
  const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
  if (labelEnd < 0) return undefined;
  const label = text.slice(begin + BEGIN.length, labelEnd);
  if (!/^[A-Z0-9 ]{1,40}$/.test(label)) return undefined;
  const end = text.indexOf(`-----END ${label}-----`, labelEnd);
  if (end < 0) return undefined;
  const body = text.slice(labelEnd + DASHES.length, end).replace(/[ \t\r\n]+/g, "");
  const der = fromBase64(body);
  return der === undefined || der.length === 0 ? undefined : { label, der };
}
