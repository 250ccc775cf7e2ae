// Text that must be ASCII (base64, hex), read as bytes: TextEncoder.encodeInto copies it in one
// native call, and reading a byte array is cheaper than a charCodeAt per character (which
// costs more again on a string sliced out of a header or a token).

import { encoder } from "./bytes.js";

// Reused for every call: read at once, never kept. Longer text is encoded into its own bytes.
const SCRATCH_BYTES = 8192;
let scratch: Uint8Array | undefined;

/**
 * The bytes of `text` when every character is ASCII, or undefined. For text of up to 8 KiB the
 * bytes are a shared buffer that the next call overwrites: read them before calling again.
 */
export function asciiBytes(text: string): Uint8Array | undefined {
  if (text.length > SCRATCH_BYTES) {
    const bytes = encoder.encode(text);
    return bytes.length === text.length ? bytes : undefined;
  }
  scratch ??= new Uint8Array(SCRATCH_BYTES);
  // A character outside ASCII takes more than one byte (a lone surrogate three), so `written`
  // equals the length only for all-ASCII text.
  const { read, written } = encoder.encodeInto(text, scratch);
  return read === text.length && written === text.length ? scratch : undefined;
}
