// The scheme engine: everything a scheme does not say itself lives here, once. It reads
// headers, decodes secrets and signatures, checks timestamps and builds the signed content;
// the async and sync drivers (sign.ts, verify.ts, sync.ts) only run the HMACs it asks for.
import type { CryptoProvider, HashAlgorithm } from "./crypto/types.js";
import { WebhookVerificationError } from "./errors.js";
import { fromBase64, toBase64, toBase64Url } from "./lib/base64.js";
import { asBytes, utf8 } from "./lib/bytes.js";
import { headerValues, MAX_HEADER_VALUE_LENGTH, type HeadersLike } from "./lib/headers.js";
import { fromHex, toHex } from "./lib/hex.js";
import { checkFreshness, nowSeconds, parseHeaderTimestamp, toUnixSeconds, type Timestamp } from "./lib/time.js";
import { equalBytes } from "./lib/timing-safe-equal.js";
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

/** HMAC work the engine hands to a driver: one MAC of `content` per key. */
interface MacJob {
  readonly hash: HashAlgorithm;
  readonly keys: readonly Uint8Array[];
  readonly content: readonly Uint8Array[];
}

/** A verification reduced to HMACs: the driver computes each key's MAC and asks `matches`. */
export interface VerificationPlan extends MacJob {
  matches(mac: Uint8Array): boolean;
  verified(secretIndex: number): Verified;
  noMatch(): WebhookVerificationError;
}

/** A signing reduced to HMACs: the driver computes every key's MAC and passes them to `headers`. */
export interface SigningPlan extends MacJob {
  headers(macs: readonly Uint8Array[]): SignedHeaders;
}

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

/** Decodes every secret by the scheme's rule; a bad one is reported through `fail`, by position only. */
function decodeSecrets(scheme: Scheme, secrets: unknown, fail: (message: string) => Error): Uint8Array[] {
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0) throw fail(`no secret was given for ${scheme.name}`);
  return list.map((secret, index) => {
    const label = list.length === 1 ? "the secret" : `secret #${index}`;
    const key = typeof secret === "string" ? scheme.secret.decode(secret) : asBytes(secret);
    if (key === undefined) {
      if (typeof secret !== "string") {
        throw new TypeError(`${label} for ${scheme.name} must be ${scheme.secret.describe}, got ${secret === null ? "null" : typeof secret}`);
      }
      throw fail(`${label} for ${scheme.name} is not in the expected format: ${scheme.secret.describe}`);
    }
    if (key.length === 0) throw fail(`${label} for ${scheme.name} is empty`);
    if (key.length < scheme.minSecretBytes) {
      throw fail(`${label} for ${scheme.name} is ${key.length} bytes long; at least ${scheme.minSecretBytes} are required`);
    }
    return key;
  });
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
  timestamp?: string;
}

/** Every signature (and an embedded timestamp) from every value of the scheme's signature header. */
function readSignatureHeader(scheme: Scheme, headers: HeadersLike): ReadSignatures {
  const name = scheme.signatureHeader;
  const values = headerValues(headers, name);
  if (values.length === 0) {
    throw new WebhookVerificationError("missing_header", `The "${name}" header is missing: the request carries no ${scheme.name} signature.`);
  }
  const read: ReadSignatures = { signatures: [] };
  for (const value of values) {
    if (value.length > MAX_HEADER_VALUE_LENGTH) throw oversized(name);
    const parsed = scheme.parse(value.trim());
    read.signatures.push(...parsed.signatures);
    if (parsed.timestamp !== undefined) {
      if (read.timestamp !== undefined && read.timestamp !== parsed.timestamp) {
        throw new WebhookVerificationError("malformed_header", `The "${name}" header carries conflicting timestamps.`);
      }
      read.timestamp = parsed.timestamp;
    }
    if (read.signatures.length > MAX_SIGNATURES) {
      throw new WebhookVerificationError("malformed_header", `The "${name}" header carries more than ${MAX_SIGNATURES} signatures.`);
    }
  }
  return read;
}

function decodeMac(scheme: Scheme, text: string): Uint8Array | undefined {
  const bytes = scheme.encoding === "hex" ? fromHex(text) : fromBase64(text);
  return bytes !== undefined && bytes.length === scheme.macBytes ? bytes : undefined;
}

function encodeMac(scheme: Scheme, mac: Uint8Array): string {
  return scheme.encoding === "hex" ? toHex(mac) : toBase64(mac);
}

const contentBytes = (parts: readonly (string | Uint8Array)[]): Uint8Array[] =>
  parts.map((part) => (typeof part === "string" ? utf8(part) : part));

/** Everything about a verification except the HMACs; throws the typed error of the first problem found. */
export function planVerification(scheme: Scheme, options: VerifyOptions): VerificationPlan {
  assertScheme(scheme);
  assertOptions(options, "verify");
  const body = payloadBytes(options.payload);
  const keys = decodeSecrets(scheme, options.secret, invalidSecret);
  const tolerance = toleranceOf(scheme, options.tolerance);
  const now = options.now === undefined ? nowSeconds() : toUnixSeconds(options.now, "now");

  const read = readSignatureHeader(scheme, options.headers);

  // Timestamp first: a stale delivery is refused before any HMAC is spent on it.
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

  const candidates = read.signatures.map((text) => decodeMac(scheme, text)).filter((mac) => mac !== undefined);
  if (candidates.length === 0) {
    throw new WebhookVerificationError(
      "malformed_header",
      `The "${scheme.signatureHeader}" header has no well-formed ${scheme.name} signature (${scheme.encoding} of ${scheme.macBytes} bytes).`,
    );
  }

  return {
    hash: scheme.hash,
    keys,
    content: contentBytes(scheme.content({ body, timestamp, id })),
    matches(mac) {
      // Compare against every candidate, without stopping early.
      let found = false;
      for (const candidate of candidates) found = equalBytes(mac, candidate) || found;
      return found;
    },
    verified(secretIndex) {
      const verified: Verified = { scheme: scheme.name, secretIndex };
      if (timestampSeconds !== undefined) verified.timestamp = timestampSeconds;
      if (id !== undefined) verified.id = id;
      return verified;
    },
    noMatch: () =>
      new WebhookVerificationError(
        "no_matching_signature",
        `No signature in the "${scheme.signatureHeader}" header matches the payload under the configured secret${keys.length > 1 ? "s" : ""}. ` +
          "Check the secret, and that the payload is the raw body exactly as received.",
      ),
  };
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

/** Everything about a signing except the HMACs; throws `TypeError`/`RangeError` on bad input. */
export function planSigning(scheme: Scheme, options: SignOptions, crypto: CryptoProvider): SigningPlan {
  assertScheme(scheme);
  assertOptions(options, "sign");
  const body = payloadBytes(options.payload);
  const keys = decodeSecrets(scheme, options.secret, rangeError);
  if (keys.length > 1 && !scheme.multipleSignatures) {
    throw new TypeError(`the ${scheme.name} signature header carries one signature: sign with one secret`);
  }
  const timestamp =
    scheme.timestamp === undefined
      ? undefined
      : String(options.timestamp === undefined ? nowSeconds() : toUnixSeconds(options.timestamp, "timestamp"));
  const id = scheme.idHeader === undefined ? undefined : messageId(options.id, crypto);

  return {
    hash: scheme.hash,
    keys,
    content: contentBytes(scheme.content({ body, timestamp, id })),
    headers(macs) {
      const headers: SignedHeaders = {};
      if (id !== undefined) headers[scheme.idHeader!] = id;
      if (timestamp !== undefined && scheme.timestamp?.header !== undefined) headers[scheme.timestamp.header] = timestamp;
      headers[scheme.signatureHeader] = scheme.format({ signatures: macs.map((mac) => encodeMac(scheme, mac)), timestamp });
      return headers;
    },
  };
}
