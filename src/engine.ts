// The scheme engine: everything a scheme does not say itself lives here, once. It reads
// headers, decodes secrets and signatures, checks timestamps, builds the signed content and
// compares in constant time. It is written as steps (lib/steps.ts): the async and sync
// drivers (sign.ts, verify.ts, sync.ts) only perform the crypto operations it yields.
import type { CryptoProvider } from "./crypto/types.js";
import { WebhookVerificationError } from "./errors.js";
import { fromBase64, toBase64, toBase64Url } from "./lib/base64.js";
import { asBytes, utf8 } from "./lib/bytes.js";
import { headerValues, MAX_HEADER_VALUE_LENGTH, type HeadersLike } from "./lib/headers.js";
import { fromHex, toHex } from "./lib/hex.js";
import { ed25519Sign, ed25519Verify, hmac, type Steps } from "./lib/steps.js";
import { checkFreshness, nowSeconds, parseHeaderTimestamp, toUnixSeconds, type Timestamp } from "./lib/time.js";
import { equalBytes } from "./lib/timing-safe-equal.js";
import { decodeKeys } from "./keys.js";
import { ED25519_SIGNATURE_BYTES } from "./crypto/ed25519-der.js";
import { assertScheme, type Scheme } from "./scheme.js";

/** Raw bytes: a `Uint8Array` (Node `Buffer` included) or an `ArrayBuffer`. */
export type Bytes = Uint8Array | ArrayBuffer;
/** The RAW body, exactly as sent on the wire. */
export type Payload = string | Bytes;
/** A secret; how a string is turned into key bytes is the scheme's rule. */
export type Secret = string | Bytes;
/** One secret, or several during rotation (any one may match). */
export type Secrets = Secret | readonly Secret[];

/** Options of `sign()`. */
export interface SignOptions {
  /** The secret to sign with; several emit several signatures where the scheme's header allows. */
  secret: Secrets;
  /** The raw body that will be sent. */
  payload: Payload;
  /** Signing time for timestamped schemes; defaults to now. A number is Unix seconds. */
  timestamp?: Timestamp;
  /** Message id for schemes that carry one; defaults to a fresh random `msg_…` id. */
  id?: string;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

/** Options of `verify()`. */
export interface VerifyOptions {
  /** The secret(s) to accept; `secretIndex` in the result says which one matched. */
  secret: Secrets;
  /** The raw body, exactly as received. Never a parsed object. */
  payload: Payload;
  /** The request headers. */
  headers: HeadersLike;
  /** Seconds a timestamp may differ from `now`, either way; default 300. */
  tolerance?: number;
  /** The verifier's clock; defaults to now. A number is Unix seconds. */
  now?: Timestamp;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

/** What `verify()` resolves to once a delivery is proven authentic and fresh. */
export interface Verified {
  /** The scheme's name. */
  scheme: string;
  /** The signed timestamp (Unix seconds), for timestamped schemes. */
  timestamp?: number;
  /** The signed message id, for schemes that carry one. */
  id?: string;
  /** Index of the secret (in the order given) that matched. */
  secretIndex: number;
}

/** The headers to send with the payload, lower-case names. */
export type SignedHeaders = Record<string, string>;

// Bounds for hostile headers.
const MAX_SIGNATURES = 32;
const MAX_ID_LENGTH = 256;
const DEFAULT_TOLERANCE = 300;

function assertOptions(options: unknown, fn: string): void {
  if (options === null || typeof options !== "object") throw new TypeError(`${fn}(scheme, options): options must be an object`);
}

function payloadBytes(payload: unknown): Uint8Array {
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

const invalidSecret = (message: string) => new WebhookVerificationError("invalid_secret", message);
const rangeError = (message: string) => new RangeError(message);

function toleranceOf(scheme: Scheme, tolerance: unknown): number {
  if (tolerance === undefined) return scheme.timestamp?.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new TypeError("tolerance must be a finite, non-negative number of seconds");
  }
  return tolerance;
}

/** The single value of a header, or a typed error for absent, repeated or oversized ones. */
function singleHeader(headers: HeadersLike, name: string): string {
  const values = headerValues(headers, name);
  if (values.length === 0) throw new WebhookVerificationError("missing_header", `The "${name}" header is missing.`);
  if (values.length > 1) throw new WebhookVerificationError("malformed_header", `The "${name}" header appears more than once.`);
  const value = values[0]!.trim();
  if (value.length > MAX_HEADER_VALUE_LENGTH) throw oversized(name);
  return value;
}

const oversized = (name: string) =>
  new WebhookVerificationError("malformed_header", `The "${name}" header is longer than ${MAX_HEADER_VALUE_LENGTH} characters.`);

interface ReadSignatures {
  signatures: string[];
  asymmetricSignatures: string[];
  timestamp?: string;
}

/** Every signature (and an embedded timestamp) from every value of the scheme's signature header. */
function readSignatureHeader(scheme: Scheme, headers: HeadersLike): ReadSignatures {
  const name = scheme.signatureHeader;
  const values = headerValues(headers, name);
  if (values.length === 0) {
    throw new WebhookVerificationError("missing_header", `The "${name}" header is missing: the request carries no ${scheme.name} signature.`);
  }
  const read: ReadSignatures = { signatures: [], asymmetricSignatures: [] };
  for (const value of values) {
    if (value.length > MAX_HEADER_VALUE_LENGTH) throw oversized(name);
    const parsed = scheme.parse(value.trim());
    read.signatures.push(...parsed.signatures);
    read.asymmetricSignatures.push(...(parsed.asymmetricSignatures ?? []));
    if (parsed.timestamp !== undefined) {
      if (read.timestamp !== undefined && read.timestamp !== parsed.timestamp) {
        throw new WebhookVerificationError("malformed_header", `The "${name}" header carries conflicting timestamps.`);
      }
      read.timestamp = parsed.timestamp;
    }
    if (read.signatures.length + read.asymmetricSignatures.length > MAX_SIGNATURES) {
      throw new WebhookVerificationError("malformed_header", `The "${name}" header carries more than ${MAX_SIGNATURES} signatures.`);
    }
  }
  return read;
}

/** Bytes of an encoded signature of exactly `length` bytes, or undefined. */
function decodeSignature(scheme: Scheme, text: string, length: number): Uint8Array | undefined {
  const bytes = scheme.encoding === "hex" ? fromHex(text) : fromBase64(text);
  return bytes !== undefined && bytes.length === length ? bytes : undefined;
}

const decodeAll = (scheme: Scheme, texts: readonly string[], length: number): Uint8Array[] =>
  texts.map((text) => decodeSignature(scheme, text, length)).filter((bytes) => bytes !== undefined);

function encodeSignature(scheme: Scheme, signature: Uint8Array): string {
  return scheme.encoding === "hex" ? toHex(signature) : toBase64(signature);
}

const contentBytes = (parts: readonly (string | Uint8Array)[]): Uint8Array[] =>
  parts.map((part) => (typeof part === "string" ? utf8(part) : part));

/** Proves a delivery authentic and fresh, or throws the typed error of the first problem found. */
export function* verifySteps(scheme: Scheme, options: VerifyOptions): Steps<Verified> {
  assertScheme(scheme);
  assertOptions(options, "verify");
  const body = payloadBytes(options.payload);
  const keys = decodeKeys(scheme, options.secret, "verify", invalidSecret);
  const tolerance = toleranceOf(scheme, options.tolerance);
  const now = options.now === undefined ? nowSeconds() : toUnixSeconds(options.now, "now");

  const read = readSignatureHeader(scheme, options.headers);

  // Timestamp first: a stale delivery is refused before any signature work is spent on it.
  let timestamp: string | undefined;
  let timestampSeconds: number | undefined;
  if (scheme.timestamp !== undefined) {
    const header = scheme.timestamp.header;
    if (header !== undefined) {
      timestamp = singleHeader(options.headers, header);
    } else if (read.timestamp === undefined) {
      throw new WebhookVerificationError("malformed_header", `The "${scheme.signatureHeader}" header has no single timestamp.`);
    } else {
      timestamp = read.timestamp;
    }
    timestampSeconds = parseHeaderTimestamp(timestamp, header ?? scheme.signatureHeader);
    checkFreshness(timestampSeconds, now, tolerance);
  }

  let id: string | undefined;
  if (scheme.idHeader !== undefined) {
    id = singleHeader(options.headers, scheme.idHeader);
    if (id.length > MAX_ID_LENGTH) {
      throw new WebhookVerificationError("malformed_header", `The "${scheme.idHeader}" header is longer than ${MAX_ID_LENGTH} characters.`);
    }
  }

  const macs = decodeAll(scheme, read.signatures, scheme.macBytes);
  const asymmetric = decodeAll(scheme, read.asymmetricSignatures, ED25519_SIGNATURE_BYTES);
  if (macs.length === 0 && asymmetric.length === 0) {
    throw new WebhookVerificationError(
      "malformed_header",
      `The "${scheme.signatureHeader}" header has no well-formed ${scheme.name} signature.`,
    );
  }

  const content = contentBytes(scheme.content({ body, timestamp, id }));
  // One MAC per HMAC secret, in order, stopping at the first match: the usual case costs one.
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key.kind === "hmac" ? macs.length > 0 && matchesAny(yield* hmac(scheme.hash, key.bytes, content), macs) : yield* verifiesAny(key.bytes, asymmetric, content)) {
      const verified: Verified = { scheme: scheme.name, secretIndex: index };
      if (timestampSeconds !== undefined) verified.timestamp = timestampSeconds;
      if (id !== undefined) verified.id = id;
      return verified;
    }
  }
  throw new WebhookVerificationError(
    "no_matching_signature",
    `No signature in the "${scheme.signatureHeader}" header matches the payload under the configured secret${keys.length > 1 ? "s" : ""}. ` +
      "Check the secret, and that the payload is the raw body exactly as received.",
  );
}

/** Constant-time comparison against every candidate, without stopping early. */
function matchesAny(mac: Uint8Array, candidates: readonly Uint8Array[]): boolean {
  let found = false;
  for (const candidate of candidates) found = equalBytes(mac, candidate) || found;
  return found;
}

function* verifiesAny(publicKey: Uint8Array, signatures: readonly Uint8Array[], content: readonly Uint8Array[]): Steps<boolean> {
  for (const signature of signatures) if (yield* ed25519Verify(publicKey, signature, content)) return true;
  return false;
}

// Visible ASCII without spaces: the id goes into a header and into the signed content.
const ID_SHAPE = /^[\x21-\x7e]+$/;

function messageId(id: unknown, crypto: CryptoProvider): string {
  if (id === undefined) return "msg_" + toBase64Url(crypto.randomBytes(18));
  if (typeof id !== "string") throw new TypeError("id must be a string");
  if (id.length === 0 || id.length > MAX_ID_LENGTH || !ID_SHAPE.test(id)) {
    throw new RangeError(`id must be 1 to ${MAX_ID_LENGTH} visible ASCII characters without spaces`);
  }
  return id;
}

/** The headers that carry `options.payload` signed by every secret; `TypeError`/`RangeError` on bad input. */
export function* signSteps(scheme: Scheme, options: SignOptions, crypto: CryptoProvider): Steps<SignedHeaders> {
  assertScheme(scheme);
  assertOptions(options, "sign");
  const body = payloadBytes(options.payload);
  const keys = decodeKeys(scheme, options.secret, "sign", rangeError);
  if (keys.length > 1 && !scheme.multipleSignatures) {
    throw new TypeError(`the ${scheme.name} signature header carries one signature: sign with one secret`);
  }
  const timestamp =
    scheme.timestamp === undefined
      ? undefined
      : String(options.timestamp === undefined ? nowSeconds() : toUnixSeconds(options.timestamp, "timestamp"));
  const id = scheme.idHeader === undefined ? undefined : messageId(options.id, crypto);

  const content = contentBytes(scheme.content({ body, timestamp, id }));
  const signatures: string[] = [];
  const asymmetricSignatures: string[] = [];
  for (const key of keys) {
    if (key.kind === "hmac") signatures.push(encodeSignature(scheme, yield* hmac(scheme.hash, key.bytes, content)));
    else asymmetricSignatures.push(encodeSignature(scheme, yield* ed25519Sign(key.bytes, content)));
  }

  const headers: SignedHeaders = {};
  if (id !== undefined) headers[scheme.idHeader!] = id;
  if (timestamp !== undefined && scheme.timestamp?.header !== undefined) headers[scheme.timestamp.header] = timestamp;
  headers[scheme.signatureHeader] = scheme.format({ signatures, asymmetricSignatures, timestamp });
  return headers;
}
