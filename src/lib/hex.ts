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
