// Byte helpers shared by the engine and both crypto adapters. No `Buffer`: this runs everywhere.

/** The one TextEncoder of the library's text helpers (ascii.ts shares it). */
export const encoder = /* @__PURE__ */ new TextEncoder();

/** Shared decoders (decode() without `stream` keeps no state between calls): lenient, with U+FFFD for bad bytes, and fatal, which throws on them. */
export const decoder = /* @__PURE__ */ new TextDecoder();
export const fatalDecoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true });

// Below this length an ASCII string is copied in JS: TextEncoder's native call and off-heap
// buffer cost more than the copy for secrets, prefixes and JWT signing inputs (measured in bench/).
const SHORT_STRING = 256;

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  if (text.length <= SHORT_STRING) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return encoder.encode(text);
      out[i] = code;
    }
    return out;
  }
  return encoder.encode(text);
}

const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

/** True for a Uint8Array (Node Buffer included), also one made in another realm. */
export function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && tagOf(value) === "[object Uint8Array]");
}

/** True for an ArrayBuffer, also one made in another realm. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || tagOf(value) === "[object ArrayBuffer]";
}

/** Bytes of a `string | Uint8Array | ArrayBuffer`, without copying bytes; undefined for anything else. */
export function asBytes(value: unknown): Uint8Array | undefined {
  if (typeof value === "string") return utf8(value);
  if (isUint8Array(value)) return value;
  if (isArrayBuffer(value)) return new Uint8Array(value);
  return undefined;
}

/**
 * A piece of signed content: bytes, or text that stands for its UTF-8 bytes. Each string is
 * encoded on its own (a lone surrogate is U+FFFD, EF BF BD, as both TextEncoder and
 * node:crypto encode it), so parts never pair surrogates across their boundary.
 */
export type Part = string | Uint8Array;

/** The parts as bytes: the same array when none is a string. */
export function partsAsBytes(parts: readonly Part[]): readonly Uint8Array[] {
  for (let i = 0; i < parts.length; i++) {
    if (typeof parts[i] === "string") return parts.map((part) => (typeof part === "string" ? utf8(part) : part));
  }
  return parts as readonly Uint8Array[];
}

/** One buffer holding all parts in order (used only where the platform cannot stream). */
export function concatBytes(parts: readonly Part[]): Uint8Array {
  const bytes = partsAsBytes(parts);
  let length = 0;
  for (const part of bytes) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of bytes) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// A high surrogate ending one string and a low one starting the next would pair if joined.
const pairsAcross = (before: string, after: string): boolean =>
  (before.charCodeAt(before.length - 1) & 0xfc00) === 0xd800 && (after.charCodeAt(0) & 0xfc00) === 0xdc00;

/**
 * The bytes of all parts as one buffer, for a platform that cannot stream (Web Crypto),
 * encoding the text once: a single part is passed as is or encoded in one pass, and text
 * parts are joined as text first (a rope, no copy) when that encodes to the same bytes.
 */
export function joinedBytes(parts: readonly Part[]): Uint8Array {
  if (parts.length === 1) {
    const part = parts[0]!;
    return typeof part === "string" ? encoder.encode(part) : part;
  }
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (typeof part !== "string" || (i > 0 && pairsAcross(text, part))) return concatBytes(parts);
    text += part;
  }
  return encoder.encode(text);
}
