import { asciiBytes } from "./ascii.js";

const HEX = "0123456789abcdef";

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
  return out;
}

// Value of each byte that is a hex digit (either case), -1 for every other byte.
const NIBBLE = /* @__PURE__ */ (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 16; i++) {
    table[HEX.charCodeAt(i)] = i;
    table[HEX.toUpperCase().charCodeAt(i)] = i;
  }
  return table;
})();

/** Bytes of a hex string (either case), or undefined if it is not hex of whole bytes. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const src = asciiBytes(text); // hex digits are ASCII
  if (src === undefined) return undefined;
  const out = new Uint8Array(text.length / 2);
  let bad = 0;
  for (let i = 0; i < out.length; i++) {
    const high = NIBBLE[src[2 * i]!]!;
    const low = NIBBLE[src[2 * i + 1]!]!;
    bad |= high | low; // -1 leaves it negative
    out[i] = (high << 4) | low;
  }
  return bad < 0 ? undefined : out;
}

/** True when `text` is hex digits (either case) of exactly `length` bytes: the texts {@link fromHex} decodes to that many. */
export function isHexOfLength(text: string, length: number): boolean {
  if (text.length !== 2 * length) return false;
  const src = asciiBytes(text);
  if (src === undefined) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) bad |= NIBBLE[src[i]!]!;
  return bad >= 0;
}

/**
 * Constant-time: whether hex `text` (either case) encodes exactly the bytes of `mac`, given as
 * a binary string (one character per byte, as node:crypto's `digest("binary")` makes it: a
 * string costs less than a Buffer, and the hex is never decoded into bytes of its own). Text
 * that is not hex never matches. The time depends only on the lengths.
 */
export function hexMatches(text: string, mac: string): boolean {
  const src = asciiBytes(text);
  if (src === undefined || text.length !== 2 * mac.length) return false;
  let difference = 0;
  // A character outside hex is -1 in NIBBLE: the value is then negative, never a byte.
  for (let i = 0; i < mac.length; i++) difference |= ((NIBBLE[src[2 * i]!]! << 4) | NIBBLE[src[2 * i + 1]!]!) ^ mac.charCodeAt(i);
  return difference === 0;
}
