// Strict parsing of the JWS Compact Serialization (RFC 7515 §7.1): exactly three base64url
// segments without padding, in canonical form; a header and payload that are JSON objects.
import { fromBase64Url, fromBase64UrlTransient, isBase64Url } from "../lib/base64.js";
import type { Base64Codec } from "../lib/base64-codec.js";
import { JwtError } from "./errors.js";

/** The three segments of a compact token, not yet decoded. */
export interface TokenSegments {
  readonly header: string;
  readonly payload: string;
  readonly signature: string;
  /** `header + "." + payload`: the JWS Signing Input (RFC 7515 §5.1). */
  readonly signingInput: string;
}

const malformed = (message: string, claim?: string) =>
  new JwtError("malformed", message, claim === undefined ? undefined : { claim });

const notBase64Url = (name: string) => malformed(`The ${name} segment is not base64url (RFC 7515 §2: A-Z a-z 0-9 - _ only, no "=" padding).`);

/** Splits a token into its segments; `malformed` unless it is at most `maxLength` characters with exactly two dots. */
export function splitToken(token: string, maxLength: number): TokenSegments {
  // Before anything else: the work done on hostile input is bounded by maxLength.
  if (token.length > maxLength) {
    throw malformed(`The token is longer than ${maxLength} characters (options.maxTokenLength).`);
  }
  const first = token.indexOf(".");
  const second = first < 0 ? -1 : token.indexOf(".", first + 1);
  if (second < 0 || token.indexOf(".", second + 1) >= 0) {
    const segments = token.split(".").length;
    throw malformed(
      `A JWT has three base64url segments separated by dots (header.payload.signature); this one has ${segments}.`,
    );
  }
  return {
    header: token.slice(0, first),
    payload: token.slice(first + 1, second),
    signature: token.slice(second + 1),
    signingInput: token.slice(0, second),
  };
}

/**
 * Bytes of one segment. Strict: base64url alphabet only, no padding, no whitespace, and the
 * canonical encoding (unused trailing bits zero), so a token has exactly one spelling and a
 * signature cannot be altered without changing its bytes.
 */
export function decodeSegment(segment: string, name: string, codec?: Base64Codec): Uint8Array {
  // fromBase64Url is canonical: no padding, no foreign character, no stray bits (so there is
  // one spelling per value; test/unit/encoding.test.ts holds it to that), and so is every codec.
  const bytes = codec ? codec.base64Url(segment) : fromBase64Url(segment);
  if (bytes === undefined) {
    throw malformed(`The ${name} segment is not base64url (RFC 7515 §2: A-Z a-z 0-9 - _ only, no "=" padding).`);
  }
  return bytes;
}

/**
 * A segment checked as {@link decodeSegment} checks it (the same `malformed`), but kept as text:
 * for a caller that compares the text itself (canonical base64url has one spelling per value).
 */
export function checkedSegmentText(segment: string, name: string): string {
  if (!isBase64Url(segment)) throw notBase64Url(name);
  return segment;
}

// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays and fails JSON.parse.
const decoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// The decoder even for short ASCII text: one native call is cheaper than building the string
// in JS (measured: about a fifth of the time for a JWT's claims).
const text = (bytes: Uint8Array): string => decoder.decode(bytes);

/**
 * The text of a segment: `malformed` unless it is base64url (as {@link decodeSegment}), or
 * undefined when its bytes are not UTF-8 (for {@link parseJsonText} to report in its turn).
 * The bytes are read at once and never kept: a JWT's claims need no bytes of their own.
 */
export function decodeSegmentText(segment: string, name: string, codec?: Base64Codec): string | undefined {
  const bytes = codec ? codec.base64UrlTransient(segment) : fromBase64UrlTransient(segment);
  if (bytes === undefined) {
    throw malformed(`The ${name} segment is not base64url (RFC 7515 §2: A-Z a-z 0-9 - _ only, no "=" padding).`);
  }
  try {
    return text(bytes);
  } catch {
    return undefined;
  }
}

/** A JSON object from the text of {@link decodeSegmentText}; `malformed` for text that was not UTF-8 (undefined), invalid JSON, or JSON that is not an object. */
export function parseJsonText(source: string | undefined, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    if (source === undefined) throw new TypeError("not UTF-8");
    value = JSON.parse(source);
  } catch {
    throw malformed(`The ${name} is not UTF-8 JSON.`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw malformed(`The ${name} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

// JOSE headers, parsed once per distinct header segment: an issuer sends the same header
// ({"alg":"HS256","typ":"JWT"}) with every token. Only headers whose values are all strings,
// numbers, booleans or null are kept, and each verification gets its own copy, so a caller
// that changes the header it was given changes nothing here. Bounded: the oldest goes first.
const HEADER_CACHE_SIZE = 16;
const headers = /* @__PURE__ */ new Map<string, Readonly<Record<string, unknown>>>();

// The segment found last, and its header: a receiver's issuer sends the same header with every
// token, and comparing the segment costs less than finding it in the map.
let lastSegment: string | undefined;
let lastHeader: Readonly<Record<string, unknown>> | undefined;

/** A header parsed before from the same segment, or undefined. */
export function knownHeader(segment: string): Readonly<Record<string, unknown>> | undefined {
  if (segment === lastSegment) return lastHeader;
  const known = headers.get(segment);
  if (known !== undefined) {
    lastSegment = segment;
    lastHeader = known;
  }
  return known;
}

/** A fresh copy of a header from {@link knownHeader}: what JSON.parse would have made of the same segment. */
export const copyHeader = (header: Readonly<Record<string, unknown>>): Record<string, unknown> => ({ ...header });

/** Keeps `header` (just parsed from `segment`) for {@link knownHeader}, when its values are all primitives. */
export function rememberHeader(segment: string, header: Record<string, unknown>): void {
  if (segment.length > 256) return;
  for (const name in header) {
    const value = header[name];
    if (value !== null && typeof value === "object") return;
  }
  if (headers.size >= HEADER_CACHE_SIZE) headers.delete(headers.keys().next().value!);
  headers.set(segment, Object.freeze({ ...header }));
}
