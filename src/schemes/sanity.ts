import { headerTimestamp } from "./header-timestamp.js";
import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { ParsedSignatureHeader, Scheme, SignatureFields } from "./scheme.js";
import { timestampedFormat, timestampedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

const readHeader = /* @__PURE__ */ timestampedParse("v1");
const writeHeader = /* @__PURE__ */ timestampedFormat("v1");
const BASE64URL = /^[A-Za-z0-9_-]*$/;

// Sanity writes base64url without padding; the engine reads standard, padded base64. The
// translation is exact both ways, and a value with a character base64url never has (`+`, `/`,
// `=`) is not Sanity's: it is dropped, so the engine refuses the header.
const fromBase64Url = (text: string): string[] =>
  BASE64URL.test(text) && text.length % 4 !== 1 ? [text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4)] : [];
const toBase64Url = (text: string): string => text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function parseSanitySignature(value: string): ParsedSignatureHeader {
  const { signatures, timestamp } = readHeader(value);
  const standard = signatures.flatMap(fromBase64Url);
  return timestamp === undefined ? { signatures: standard } : { signatures: standard, timestamp };
}

const formatSanitySignature = ({ signatures, ...rest }: SignatureFields): string => writeHeader({ ...rest, signatures: signatures.map(toBase64Url) });

/**
 * Sanity GROQ-powered webhooks: `sanity-webhook-signature: t=<unix MILLISECONDS>,v1=<base64url>`,
 * an HMAC-SHA256 of `"<t>.<body>"` keyed with the UTF-8 bytes of the webhook's secret (set
 * when the webhook is created in Sanity's manage console, API > Webhooks), written as base64url
 * without padding. Sanity's toolkit checks no time window; the default `tolerance` here is 300
 * seconds either way (pass another one if your deliveries are retried later). `Verified.timestamp`
 * is in seconds.
 *
 * Follows Sanity's "GROQ-powered webhooks" (https://www.sanity.io/docs/webhooks) and its
 * `@sanity/webhook` toolkit (`isValidSignature`), which this scheme is tested against.
 *
 * @example
 * ```ts
 * await verify(sanity, { secret: process.env.SANITY_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const sanity: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "sanity",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "sanity-webhook-signature",
  parse: parseSanitySignature,
  format: formatSanitySignature,
  timestamp: /* @__PURE__ */ headerTimestamp({ unit: "milliseconds", tolerance: 300 }),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
});
