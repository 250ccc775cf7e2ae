// Small pieces the handshake rules of the schemes share: reading one query value or header,
// checking its shape, and the answers the providers document. Only schemes with a handshake
// rule bundle this.
import { WebhookVerificationError } from "../engine/errors.js";
import { headerValues, type HeadersLike } from "../lib/headers.js";
import type { HandshakeAnswer } from "../schemes/scheme.js";
import { decoder } from "../lib/bytes.js";

/** The refusal of a check that is not a well-formed one (answered 403). The message never carries the value. */
export const handshakeRefused = (message: string): WebhookVerificationError => new WebhookVerificationError("handshake_refused", message);

/**
 * Random tokens as providers send them in their checks (base64, base64url, hex, UUIDs): 1 to
 * 256 of A-Z a-z 0-9 + / = _ . ~ -. No space, quote, angle bracket, brace, colon or control
 * character: an echoed value can then be neither markup, nor JSON, nor a signed content such as
 * "v0:<ts>:<body>".
 */
export const TOKEN_SHAPE = /^[A-Za-z0-9+/=_.~-]{1,256}$/;

/**
 * The one value of query parameter `name`: `undefined` when absent, refused when repeated or not
 * shaped as `shape` (`what` names it in the message).
 */
export function queryValue(query: URLSearchParams, name: string, what: string, shape: RegExp = TOKEN_SHAPE): string | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  if (values.length > 1) throw handshakeRefused(`${what}: the "${name}" query parameter is repeated.`);
  if (!shape.test(values[0]!)) throw handshakeRefused(`${what}: the "${name}" query parameter is not shaped as the provider sends it.`);
  return values[0]!;
}

/** The one value of header `name`, as {@link queryValue} reads a query parameter. */
export function headerValue(headers: HeadersLike, name: string, what: string, shape: RegExp = TOKEN_SHAPE): string | undefined {
  const values = headerValues(headers, name);
  if (values.length === 0) return undefined;
  if (values.length > 1) throw handshakeRefused(`${what}: the "${name}" header is repeated.`);
  if (!shape.test(values[0]!)) throw handshakeRefused(`${what}: the "${name}" header is not shaped as the provider sends it.`);
  return values[0]!;
}

/** A 200 answer whose body is `text` as it is, served as plain text that no browser sniffs as markup. */
export const textAnswer = (text: string): HandshakeAnswer => ({
  status: 200,
  headers: { "content-type": "text/plain", "x-content-type-options": "nosniff" },
  body: text,
});

/** A 200 answer with `value` as its JSON body. */
export const jsonAnswer = (value: unknown): HandshakeAnswer => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});


/**
 * The JSON object of a small body, or `undefined` when the body is larger than `limit` bytes or
 * is not a JSON object. Checks that `claims` a body run on every delivery: a body above the
 * limit is never parsed, so an ordinary delivery costs a length check.
 */
export function smallJsonObject(body: Uint8Array, limit: number): Record<string, unknown> | undefined {
  if (body.length > limit || body[0] !== 0x7b /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(decoder.decode(body));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
