import { asBytes, isArrayBuffer, isUint8Array, utf8, type Part } from "./bytes.js";

function notRawBody(payload: unknown): TypeError {
  const got = payload === null ? "null" : typeof payload === "object" ? "an object (a parsed body?)" : typeof payload;
  return new TypeError(
    `payload must be the raw body exactly as sent (a string, Uint8Array/Buffer or ArrayBuffer), but got ${got}. ` +
      "A parsed body cannot be verified: re-serializing changes the bytes that were signed. " +
      'Read the raw body instead: `await request.text()` with fetch, `express.raw({ type: "*/*" })` with Express, ' +
      "or the concatenated chunks of a Node request stream.",
  );
}

/** The raw body's bytes; a `TypeError` that explains the raw-body rule for anything else. */
export function payloadBytes(payload: unknown): Uint8Array {
  const bytes = asBytes(payload);
  if (bytes !== undefined) return bytes;
  throw notRawBody(payload);
}

/**
 * The raw body as a part: a string stays text (its UTF-8 bytes are what is signed, encoded
 * only by the crypto provider), bytes are viewed without copying.
 */
export function payloadPart(payload: unknown): Part {
  if (typeof payload === "string" || isUint8Array(payload)) return payload;
  if (isArrayBuffer(payload)) return new Uint8Array(payload);
  throw notRawBody(payload);
}

/** The bytes of a body part, for the rules that read the body itself. */
export const bytesOf = (body: Part): Uint8Array => (typeof body === "string" ? utf8(body) : body);
