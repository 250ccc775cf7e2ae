import { asBytes } from "./bytes.js";

/** The raw body's bytes; a `TypeError` that explains the raw-body rule for anything else. */
export function payloadBytes(payload: unknown): Uint8Array {
  const bytes = asBytes(payload);
  if (bytes !== undefined) return bytes;
  const got = payload === null ? "null" : typeof payload === "object" ? "an object (a parsed body?)" : typeof payload;
  throw new TypeError(
    `payload must be the raw body exactly as sent (a string, Uint8Array/Buffer or ArrayBuffer), but got ${got}. ` +
      "A parsed body cannot be verified: re-serializing changes the bytes that were signed. " +
      'Read the raw body instead: `await request.text()` with fetch, `express.raw({ type: "*/*" })` with Express, ' +
      "or the concatenated chunks of a Node request stream.",
  );
}
