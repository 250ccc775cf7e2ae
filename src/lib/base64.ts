// Standard base64 (RFC 4648 §4) and base64url (§5) without `Buffer` or `atob`: `atob` skips
// whitespace and is absent from some runtimes' typings, and we want one strict rule everywhere.
import { asciiBytes } from "./ascii.js";

/** The character code of base64 digit `value` (0 to 63): A-Z, a-z, 0-9, then "+/", or "-_" for base64url. */
export const base64Digit = (value: number, url: boolean): number =>
  value < 26 ? value + 65 : value < 52 ? value + 71 : value < 62 ? value - 4 : value === 62 ? (url ? 45 : 43) : url ? 95 : 47;

// The alphabets, made once from base64Digit rather than spelled out: the replay claim's owner
// token (replay/claim.ts) needs only the digits, so a bundle without base64 carries no alphabet.
function alphabet(url: boolean): string {
  let text = "";
  for (let value = 0; value < 64; value++) text += String.fromCharCode(base64Digit(value, url));
  return text;
}

const STANDARD = /* @__PURE__ */ alphabet(false);
const URL_SAFE = /* @__PURE__ */ alphabet(true);

// Value of each byte in the alphabet, -1 for every other byte (non-ASCII text never gets here).
function decodeTable(alphabet: string): Int16Array {
  const table = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

const STANDARD_TABLE = /* @__PURE__ */ decodeTable(STANDARD);
const URL_SAFE_TABLE = /* @__PURE__ */ decodeTable(URL_SAFE);

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]!;
    out += rest === 2 ? alphabet[(n >> 6) & 63]! : "";
    if (pad) out += rest === 2 ? "=" : "==";
  }
  return out;
}

/** Bytes of `text`, written into `out` when given (of exactly the length it decodes to: see decodedLength), or undefined. */
function decodeInto(text: string, table: Int16Array, allowPadding: boolean, canonical: boolean, out?: Uint8Array): Uint8Array | undefined {
  const src = asciiBytes(text); // every character of the alphabets and "=" is ASCII
  if (src === undefined) return undefined;
  let end = text.length;
  // Canonical standard base64 is padded to whole quanta: "QQ" and "QQ==" are one value, one spelling.
  if (canonical && allowPadding && end % 4 !== 0) return undefined;
  if (allowPadding && end % 4 === 0) {
    // Padding, when present, must be exactly what completes the last quantum.
    if (end > 0 && src[end - 1] === 61) end--;
    if (end > 0 && src[end - 1] === 61) end--;
  }
  const rest = end & 3; // characters after the last whole quantum of four
  if (rest === 1) return undefined;
  out ??= new Uint8Array((end * 3) >> 2);
  let o = 0;
  let n = 0;
  // Four characters, three bytes at a time (fewer at the end). A character outside the
  // alphabet is -1 in the table, which makes the whole quantum negative.
  for (let i = 0; i < end; i += 4) {
    n = (table[src[i]!]! << 18) | (table[src[i + 1]!]! << 12) | (i + 2 < end ? table[src[i + 2]!]! << 6 : 0) | (i + 3 < end ? table[src[i + 3]!]! : 0);
    if (n < 0) return undefined;
    out[o++] = n >> 16; // a Uint8Array keeps the low 8 bits
    if (i + 2 < end) out[o++] = n >> 8;
    if (i + 3 < end) out[o++] = n;
  }
  // Leftover bits must be zero: otherwise several texts would decode to the same bytes.
  // (`out` is exactly the decoded length.)
  return canonical && (n & (rest === 2 ? 0xffff : rest === 3 ? 0xff : 0)) !== 0 ? undefined : out;
}

/** How many bytes `text` decodes to at most: its length without padding, times 3/4. */
const decodedLength = (text: string): number => (text.length * 3) >> 2; // a string's length is below 2^30: no overflow

// Scratch bytes for fromBase64UrlTransient: a typed array of more than 64 bytes is allocated
// outside V8's heap, which costs more than decoding a JWT's claims. Bounded.
const SCRATCH_BYTES = 6144;
let scratch: Uint8Array | undefined;

/**
 * {@link fromBase64Url}, into bytes that are valid only until the next call: for a caller that
 * reads them at once (a JWT segment turned into text). Never holds more than a few KiB.
 */
export function fromBase64UrlTransient(text: string): Uint8Array | undefined {
  const length = decodedLength(text);
  if (length > SCRATCH_BYTES) return fromBase64Url(text);
  scratch ??= new Uint8Array(SCRATCH_BYTES);
  return decodeInto(text, URL_SAFE_TABLE, false, true, scratch.subarray(0, length));
}

/** Standard base64 with `=` padding. */
export function toBase64(bytes: Uint8Array): string {
  return encode(bytes, STANDARD, true);
}

/** base64url without padding (JWT, random ids). */
export function toBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_SAFE, false);
}

/**
 * Bytes of standard base64; undefined for anything else. Signatures must be canonical (padded,
 * no stray bits in the last character); `canonical: false` is for secrets, which some tools
 * write unpadded or with a sloppy tail that other libraries accept.
 */
export function fromBase64(text: string, { canonical = true } = {}): Uint8Array | undefined {
  return decodeInto(text, STANDARD_TABLE, true, canonical);
}

/**
 * Whether `text` is canonical unpadded base64url: exactly the texts {@link fromBase64Url}
 * accepts, checked without decoding them (for a caller that compares the text itself).
 */
export function isBase64Url(text: string): boolean {
  const rest = text.length & 3;
  if (rest === 1) return false;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    value = code < 128 ? URL_SAFE_TABLE[code]! : -1;
    if (value < 0) return false;
  }
  // The bits of the last character that encode no byte must be zero (one spelling per value).
  return (value & (rest === 2 ? 0x0f : rest === 3 ? 0x03 : 0)) === 0;
}

/**
 * Whether `text` is canonical standard base64 (padded, no stray bits) of exactly `length`
 * bytes: the texts {@link fromBase64} decodes to that many, checked without decoding them (for
 * a caller that compares the text itself: canonical base64 has one spelling per value).
 */
export function isBase64OfLength(text: string, length: number): boolean {
  const rest = length % 3;
  const end = 4 * ((length - rest) / 3) + (rest === 0 ? 0 : rest + 1); // the characters before any padding
  if (text.length !== (rest === 0 ? end : end + 4 - (rest + 1))) return false;
  const src = asciiBytes(text);
  if (src === undefined) return false;
  let value = 0;
  let bad = 0;
  for (let i = 0; i < end; i++) bad |= value = STANDARD_TABLE[src[i]!]!;
  for (let i = end; i < text.length; i++) bad |= src[i] === 61 ? 0 : -1; // "="
  // The bits of the last character that encode no byte must be zero.
  return bad >= 0 && (value & (rest === 1 ? 0x0f : rest === 2 ? 0x03 : 0)) === 0;
}

/** Bytes of canonical unpadded base64url; undefined for anything else (padding included). */
export function fromBase64Url(text: string): Uint8Array | undefined {
  return decodeInto(text, URL_SAFE_TABLE, false, true);
}
