// A small, strict, bounded DER reader and writer (X.690 §10): definite lengths only, in their
// shortest form, at most 4 length bytes, never past the end of the input. Callers walk the few
// fixed levels they need; nothing here recurses, so no nesting depth can make it work harder.

/** One tag-length-value: `tag`, and the content at `start`..`end` of the input; `next` follows it. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

export const SEQUENCE = 0x30;
export const INTEGER = 0x02;
export const BIT_STRING = 0x03;
export const OCTET_STRING = 0x04;
export const NULL = 0x05;
export const OID = 0x06;

/** The TLV at `offset`, or undefined when it is not strict DER or runs past `limit`. Multi-byte tags are refused. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers: nothing we read uses them
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length; DER has none. More than 4 bytes is beyond any key we read.
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    // The shortest form only: a long form for a short length, or a leading zero byte, is not DER.
    if (length < 0x80 || bytes[start] === 0) return undefined;
    start += count;
  }
  const end = start + length;
  return end > limit ? undefined : { tag, start, end };
}

/** The TLV at `offset` if it has `tag`. */
export function expectTlv(bytes: Uint8Array, offset: number, tag: number, limit?: number): Tlv | undefined {
  const tlv = readTlv(bytes, offset, limit);
  return tlv?.tag === tag ? tlv : undefined;
}

/** The whole encoding of `tlv` (tag and length included), starting at `offset`. */
export const encodingOf = (bytes: Uint8Array, offset: number, tlv: Tlv): Uint8Array => bytes.subarray(offset, tlv.end);

/** Content bytes of `tlv`. */
export const contentOf = (bytes: Uint8Array, tlv: Tlv): Uint8Array => bytes.subarray(tlv.start, tlv.end);

/**
 * The magnitude of a DER INTEGER's content, without its sign byte, or undefined when it is
 * negative, empty or not minimally encoded (X.690 §8.3.2).
 */
export function unsignedInteger(content: Uint8Array): Uint8Array | undefined {
  if (content.length === 0 || content[0]! & 0x80) return undefined;
  if (content.length > 1 && content[0] === 0 && !(content[1]! & 0x80)) return undefined;
  return content[0] === 0 && content.length > 1 ? content.subarray(1) : content;
}

// Writing: only what building SPKI and PKCS#8 from a JWK needs.

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256);
  return [0x80 | out.length, ...out];
}

/** A TLV of `tag` around the concatenated `contents`. */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const content of contents) length += content.length;
  const head = [tag, ...lengthBytes(length)];
  const out = new Uint8Array(head.length + length);
  out.set(head);
  let offset = head.length;
  for (const content of contents) {
    out.set(content, offset);
    offset += content.length;
  }
  return out;
}

/** A DER INTEGER of an unsigned big-endian magnitude (leading zeros dropped, a sign byte added when needed). */
export function integer(magnitude: Uint8Array): Uint8Array {
  let first = 0;
  while (first < magnitude.length - 1 && magnitude[first] === 0) first++;
  const trimmed = magnitude.subarray(first);
  return trimmed.length > 0 && trimmed[0]! & 0x80 ? tlv(INTEGER, Uint8Array.of(0), trimmed) : tlv(INTEGER, trimmed.length === 0 ? Uint8Array.of(0) : trimmed);
}

/** A BIT STRING with no unused bits. */
export const bitString = (content: Uint8Array): Uint8Array => tlv(BIT_STRING, Uint8Array.of(0), content);
