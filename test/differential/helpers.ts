// Shared pieces of the differential tests: hookseal driven through every crypto adapter,
// the header shapes a receiver meets, payload representations and generators.
import fc from "fast-check";
import { expect } from "vitest";
import {
  sign as nodeSign,
  verify as nodeVerify,
  WebhookVerificationError,
  type HeadersLike,
  type Payload,
  type Scheme,
  type SignedHeaders,
  type SignOptions,
  type Verified,
  type VerifyOptions,
  type VerificationErrorCode,
} from "../../src/index.js";
import { sign as webSign, verify as webVerify } from "../../src/web.js";
import { nodeCrypto, signSync, verifySync } from "../../src/node.js";
import { webCrypto } from "../../src/web.js";

/** Runs per property: enough to find format disagreements, small enough to stay fast. */
export const NUM_RUNS = 50;

export type PlainSignOptions = Omit<SignOptions, "crypto">;
export type PlainVerifyOptions = Omit<VerifyOptions, "crypto">;

/** One way of running hookseal: an entry point and the crypto provider behind it. */
export interface Adapter {
  readonly name: string;
  sign(scheme: Scheme, options: PlainSignOptions): Promise<SignedHeaders>;
  verify(scheme: Scheme, options: PlainVerifyOptions): Promise<Verified>;
}

/** Every hookseal code path that signs or verifies: node, web, sync, and an explicit `crypto` override. */
export const adapters: readonly Adapter[] = [
  { name: "index.node (node:crypto)", sign: nodeSign, verify: nodeVerify },
  { name: "index.web (Web Crypto)", sign: webSign, verify: webVerify },
  {
    name: "node.ts signSync/verifySync",
    sign: async (scheme, options) => signSync(scheme, options),
    verify: async (scheme, options) => verifySync(scheme, options),
  },
  {
    name: "index.node with crypto: webCrypto",
    sign: (scheme, options) => nodeSign(scheme, { ...options, crypto: webCrypto }),
    verify: (scheme, options) => nodeVerify(scheme, { ...options, crypto: webCrypto }),
  },
  {
    name: "index.web with crypto: nodeCrypto",
    sign: (scheme, options) => webSign(scheme, { ...options, crypto: nodeCrypto }),
    verify: (scheme, options) => webVerify(scheme, { ...options, crypto: nodeCrypto }),
  },
];

/** Signs with every adapter, checks they all produce the same headers, and returns them. */
export async function signEverywhere(scheme: Scheme, options: PlainSignOptions): Promise<SignedHeaders> {
  const [first, ...rest] = await Promise.all(adapters.map((adapter) => adapter.sign(scheme, options)));
  for (const [index, headers] of rest.entries()) {
    expect(headers, `${adapters[index + 1]!.name} disagrees with ${adapters[0]!.name}`).toEqual(first);
  }
  return first!;
}

/** Verifies with every adapter; every one must accept, and all must report the same result. */
export async function verifyEverywhere(scheme: Scheme, options: PlainVerifyOptions): Promise<Verified> {
  const results: Verified[] = [];
  for (const adapter of adapters) {
    try {
      results.push(await adapter.verify(scheme, options));
    } catch (error) {
      throw new Error(`${adapter.name} rejected: ${describeError(error)}`, { cause: error });
    }
  }
  for (const result of results.slice(1)) expect(result).toEqual(results[0]);
  return results[0]!;
}

/** Verifies with every adapter; every one must reject with a `WebhookVerificationError` of `code`. */
export async function rejectEverywhere(scheme: Scheme, options: PlainVerifyOptions, code: VerificationErrorCode): Promise<void> {
  for (const adapter of adapters) {
    const error = await adapter.verify(scheme, options).then(
      (verified) => new Error(`${adapter.name} accepted: ${JSON.stringify(verified)}`),
      (caught: unknown) => caught,
    );
    expect(error, adapter.name).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code, adapter.name).toBe(code);
  }
}

/** Whether a synchronous call (a peer's verify) throws. */
export function throws(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch {
    return true;
  }
}

/** What a call threw, for peers' errors; fails the test if nothing was thrown. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail("expected the call to throw");
}

function describeError(error: unknown): string {
  return error instanceof WebhookVerificationError ? `${error.code}: ${error.message}` : String(error);
}

// ---------------------------------------------------------------------------------------------
// Header shapes

export type HeaderShape = "record" | "Record-Mixed-Case" | "Headers" | "entries" | "Map";
export const headerShapes: readonly HeaderShape[] = ["record", "Record-Mixed-Case", "Headers", "entries", "Map"];
export const headerShape = fc.constantFrom(...headerShapes);

const mixedCase = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

/** The same headers in one of the shapes a receiver gets them in (Node record, fetch Headers, entries). */
export function shaped(headers: Record<string, string>, shape: HeaderShape): HeadersLike {
  switch (shape) {
    case "record":
      return { ...headers };
    case "Record-Mixed-Case":
      return Object.fromEntries(Object.entries(headers).map(([name, value]) => [mixedCase(name), value]));
    case "Headers":
      return new Headers(headers);
    case "entries":
      return Object.entries(headers);
    case "Map":
      return new Map(Object.entries(headers));
  }
}

// ---------------------------------------------------------------------------------------------
// Payload representations

export type BytesForm = "Uint8Array" | "Buffer" | "ArrayBuffer" | "offset view";
export const bytesForms: readonly BytesForm[] = ["Uint8Array", "Buffer", "ArrayBuffer", "offset view"];
export const bytesForm = fc.constantFrom(...bytesForms);

/** The bytes as the given representation; "offset view" is a subarray in the middle of a larger buffer. */
export function asForm(bytes: Uint8Array, form: BytesForm): Payload {
  switch (form) {
    case "Uint8Array":
      return new Uint8Array(bytes);
    case "Buffer":
      return Buffer.from(bytes);
    case "ArrayBuffer":
      return new Uint8Array(bytes).buffer;
    case "offset view": {
      // Garbage around the view: a driver that ignores byteOffset/byteLength signs the wrong bytes.
      const backing = new Uint8Array(bytes.length + 14).fill(0xa5);
      backing.set(bytes, 7);
      return backing.subarray(7, 7 + bytes.length);
    }
  }
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function sameBytes(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return Buffer.from(typeof a === "string" ? utf8(a) : a).equals(Buffer.from(typeof b === "string" ? utf8(b) : b));
}

/**
 * Whether two secrets are the same HMAC-SHA-256 key. HMAC pads a key shorter than the 64-byte
 * block with zero bytes, so "k" and "k\0" sign alike: two "different" secrets must differ in
 * more than trailing zero bytes (a draw such as ["\x04", "\x04\0"] comes up about once in two
 * million pairs of text secrets).
 */
export function sameHmacKey(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const keyOf = (secret: string | Uint8Array): string => {
    const bytes = typeof secret === "string" ? utf8(secret) : secret;
    if (bytes.length > 64) return `hashed ${Buffer.from(bytes).toString("hex")}`; // longer keys are hashed first
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end--;
    return `padded ${Buffer.from(bytes.subarray(0, end)).toString("hex")}`;
  };
  return keyOf(a) === keyOf(b);
}

/** True when the bytes are valid UTF-8 that survives a decode/encode round trip (what string-only peers need). */
export function roundTripsUtf8(bytes: Uint8Array): boolean {
  return Buffer.from(Buffer.from(bytes).toString("utf8"), "utf8").equals(Buffer.from(bytes));
}

// ---------------------------------------------------------------------------------------------
// Generators

const charCode = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));

/** Printable and control ASCII. */
export const asciiText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: "binary-ascii", maxLength: 300, ...options });
/** Any Unicode code point (astral planes included), as well-formed UTF-16. */
export const unicodeText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: "binary", maxLength: 300, ...options });
/** Grapheme clusters (combining marks, emoji sequences). */
export const graphemeText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: "grapheme", maxLength: 100, ...options });
/** Arbitrary UTF-16 code units, lone surrogates included (UTF-8 encoders write U+FFFD for them). */
export const utf16Text = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: charCode(0, 0xffff), maxLength: 100, ...options });

/** Text payloads of every kind, now and then a large one. */
export const textPayload = (minLength = 0) =>
  fc.oneof(
    { arbitrary: asciiText({ minLength }), weight: 3 },
    { arbitrary: unicodeText({ minLength }), weight: 3 },
    { arbitrary: graphemeText({ minLength }), weight: 2 },
    { arbitrary: utf16Text({ minLength }), weight: 2 },
    { arbitrary: unicodeText({ minLength: 2000, maxLength: 20000 }), weight: 1 },
  );

/** A JSON event body (as a provider would send), in compact or pretty form, with Unicode strings. */
export const jsonPayload = fc
  .tuple(
    fc.jsonValue({ maxDepth: 3, stringUnit: "binary" }),
    fc.constantFrom<[number | undefined]>([undefined], [2], [4]),
    fc.stringMatching(/^[A-Za-z0-9]{8,24}$/),
  )
  .map(([data, [indent], id]) => JSON.stringify({ id: `evt_${id}`, object: "event", data }, null, indent));

/** Random bytes, mostly not valid UTF-8, mixed with UTF-8 text as bytes. */
export const bytesPayload = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ minLength: 1, maxLength: 4 }),
  unicodeText().map(utf8),
  asciiText().map(utf8),
);

/** Ways of changing a body so that its bytes change: the signature must no longer match. */
export function tamperText(text: string, how: number, position: number, char: string): string {
  const at = text.length === 0 ? 0 : position % (text.length + 1);
  switch (how % 4) {
    case 0:
      return text + " "; // trailing whitespace: same JSON, different bytes
    case 1:
      return text.slice(0, at) + char + text.slice(at); // insertion
    case 2:
      return text.length === 0 ? "x" : text.slice(0, Math.max(0, at - 1)) + text.slice(Math.max(1, at)); // deletion
    default:
      return text.length === 0 ? "\n" : text.slice(0, at) + (text[at] === "x" ? "y" : "x") + text.slice(at + 1); // substitution
  }
}

/** A tampering recipe; apply with {@link tamperText}. */
export const tamper = fc.tuple(fc.nat(3), fc.nat(), fc.oneof(asciiText({ minLength: 1, maxLength: 3 }), unicodeText({ minLength: 1, maxLength: 3 })));

/** Flips one bit of a copy of the bytes (or appends a byte to an empty body). */
export function tamperBytes(bytes: Uint8Array, position: number, mask: number): Uint8Array {
  if (bytes.length === 0) return Uint8Array.of(mask & 0xff);
  const copy = new Uint8Array(bytes);
  copy[position % copy.length]! ^= 1 << (mask % 8);
  return copy;
}

/** The current time in Unix seconds. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Three values that are pairwise different under `same`. */
export function threeDistinct<T>(arbitrary: fc.Arbitrary<T>, same: (a: T, b: T) => boolean): fc.Arbitrary<[T, T, T]> {
  return fc.uniqueArray(arbitrary, { minLength: 3, maxLength: 3, comparator: same }).map(([a, b, c]): [T, T, T] => [a!, b!, c!]);
}

/** Standard Webhooks secret: `whsec_` + base64 of 24..64 random bytes. */
export const standardKey = fc.uint8Array({ minLength: 24, maxLength: 64 });
export const standardSecretOf = (key: Uint8Array, prefixed = true): string => (prefixed ? "whsec_" : "") + Buffer.from(key).toString("base64");

/** Message ids as hookseal signs them: 1..64 visible ASCII characters. */
export const messageId = fc.oneof(
  fc.string({ unit: charCode(0x21, 0x7e), minLength: 1, maxLength: 64 }),
  fc.stringMatching(/^msg_[A-Za-z0-9]{20,32}$/),
  fc.uuid().map((uuid) => `msg_${uuid}`),
);
