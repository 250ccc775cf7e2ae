// Byte helpers shared by the engine and both crypto adapters. No `Buffer`: this runs everywhere.

const encoder = /* @__PURE__ */ new TextEncoder();

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

/** One buffer holding all parts in order (used only where the platform cannot stream). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
