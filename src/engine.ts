// The scheme engine: everything a scheme does not say itself lives here, once. It reads
// headers, decodes secrets and signatures, checks timestamps, builds the signed content,
// compares in constant time and claims replay keys. It is written as steps (lib/steps.ts):
// the async and sync drivers (sign.ts, verify.ts, sync.ts) only perform what it yields.
import { ED25519_SIGNATURE_BYTES } from "./crypto/ed25519-der.js";
import type { CryptoProvider } from "./crypto/types.js";
import { WebhookVerificationError } from "./errors.js";
import { decodeKeys, type Key } from "./keys.js";
import { fromBase64, toBase64, toBase64Url } from "./lib/base64.js";
import { utf8 } from "./lib/bytes.js";
import { fromHex, toHex } from "./lib/hex.js";
import { payloadBytes } from "./lib/payload.js";
import { claim, digest, ed25519Sign, ed25519Verify, hmac, type Steps } from "./lib/steps.js";
import { checkFreshness, nowSeconds, parseHeaderTimestamp, toUnixSeconds } from "./lib/time.js";
import { equalBytes } from "./lib/timing-safe-equal.js";
import type { SignedHeaders, SignOptions, Verified, VerifyOptions } from "./options.js";
import { readSignatureHeader, singleHeader } from "./read-headers.js";
import { assertReplayStore, DEFAULT_REPLAY_TTL, releaseIn } from "./replay-claim.js";
import { assertScheme, type Scheme, type SignedMessage } from "./scheme.js";

const MAX_ID_LENGTH = 256;
const DEFAULT_TOLERANCE = 300;

function assertOptions(options: unknown, fn: string): void {
  if (options === null || typeof options !== "object") throw new TypeError(`${fn}(scheme, options): options must be an object`);
}

const invalidSecret = (message: string) => new WebhookVerificationError("invalid_secret", message);
const rangeError = (message: string) => new RangeError(message);

function secondsOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a finite, non-negative number of seconds`);
  }
  return value;
}

function urlOf(scheme: Scheme, url: unknown): string | undefined {
  if (url !== undefined && typeof url !== "string") throw new TypeError("url must be a string");
  if (scheme.signsUrl && (url === undefined || url === "")) {
    throw new TypeError(`${scheme.name} signs the request URL: pass the full URL the sender used as the url option`);
  }
  return url;
}

/** Bytes of an encoded signature of exactly `length` bytes, or undefined. */
function decodeSignature(scheme: Scheme, text: string, length: number): Uint8Array | undefined {
  const bytes = scheme.encoding === "hex" ? fromHex(text) : fromBase64(text);
  return bytes !== undefined && bytes.length === length ? bytes : undefined;
}

const decodeAll = (scheme: Scheme, texts: readonly string[], length: number): Uint8Array[] =>
  texts.map((text) => decodeSignature(scheme, text, length)).filter((bytes) => bytes !== undefined);

const encodeSignature = (scheme: Scheme, signature: Uint8Array): string =>
  scheme.encoding === "hex" ? toHex(signature) : toBase64(signature);

const contentOf = (scheme: Scheme, message: SignedMessage): Uint8Array[] =>
  scheme.content(message).map((part) => (typeof part === "string" ? utf8(part) : part));

/** Constant-time comparison against every candidate, without stopping early. */
function indexOfMatch(value: Uint8Array, candidates: readonly Uint8Array[]): number {
  let found = -1;
  for (let i = 0; i < candidates.length; i++) if (equalBytes(value, candidates[i]!) && found < 0) found = i;
  return found;
}

/** What a key proved: the signature bytes that matched, or undefined. */
function* matchKey(scheme: Scheme, key: Key, found: DecodedSignatures, content: readonly Uint8Array[]): Steps<Uint8Array | undefined> {
  if (key.kind === "ed25519-public") {
    for (const signature of found.asymmetric) if (yield* ed25519Verify(key.bytes, signature, content)) return signature;
    return undefined;
  }
  if (found.symmetric.length === 0) return undefined;
  if (scheme.algorithm === "token") {
    // The header carries the secret itself: compare digests, so time depends on neither length.
    const expected = yield* digest("SHA-256", [key.bytes]);
    for (const token of found.symmetric) if (equalBytes(yield* digest("SHA-256", [token]), expected)) return expected;
    return undefined;
  }
  const mac = yield* hmac(scheme.hash, key.bytes, content);
  const index = indexOfMatch(mac, found.symmetric);
  return index < 0 ? undefined : mac;
}

interface DecodedSignatures {
  symmetric: Uint8Array[];
  asymmetric: Uint8Array[];
}

/** Proves a delivery authentic, fresh and (with a replay store) new, or throws the typed error of the first problem. */
export function* verifySteps(scheme: Scheme, options: VerifyOptions): Steps<Verified> {
  assertScheme(scheme);
  assertOptions(options, "verify");
  const body = payloadBytes(options.payload);
  const keys = decodeKeys(scheme, options.secret, "verify", invalidSecret);
  const tolerance = secondsOption(options.tolerance, "tolerance", scheme.timestamp?.tolerance ?? DEFAULT_TOLERANCE);
  const now = options.now === undefined ? nowSeconds() : toUnixSeconds(options.now, "now");
  const url = urlOf(scheme, options.url);
  const replay = options.replay;
  if (replay !== undefined) {
    assertReplayStore(replay);
    if (scheme.algorithm === "token" && scheme.idHeader === undefined) {
      throw new TypeError(`${scheme.name} sends the same token with every message and no message id: it cannot tell a replay from a new delivery`);
    }
  }
  const replayTtl = secondsOption(options.replayTtl, "replayTtl", DEFAULT_REPLAY_TTL);

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

  const found: DecodedSignatures = {
    symmetric: scheme.algorithm === "token" ? read.signatures.map(utf8) : decodeAll(scheme, read.signatures, scheme.macBytes),
    asymmetric: decodeAll(scheme, read.asymmetricSignatures, ED25519_SIGNATURE_BYTES),
  };
  if (found.symmetric.length === 0 && found.asymmetric.length === 0) {
    throw new WebhookVerificationError("malformed_header", `The "${scheme.signatureHeader}" header has no well-formed ${scheme.name} signature.`);
  }

  const content = scheme.algorithm === "token" ? [] : contentOf(scheme, { body, timestamp, id, url });
  // Secrets in order, stopping at the first match: the usual case costs one HMAC.
  for (let index = 0; index < keys.length; index++) {
    const matched = yield* matchKey(scheme, keys[index]!, found, content);
    if (matched === undefined) continue;

    const verified: Verified = { scheme: scheme.name, secretIndex: index };
    if (timestampSeconds !== undefined) verified.timestamp = timestampSeconds;
    if (id !== undefined) verified.id = id;
    if (replay !== undefined) {
      // The key outlives the window in which this delivery could be accepted again.
      const key = `${scheme.name}:${id === undefined ? "sig:" + toHex(matched) : "id:" + id}`;
      const ttl = timestampSeconds === undefined ? replayTtl : Math.max(1, timestampSeconds + tolerance - now + 1);
      if (!(yield* claim(replay, key, ttl))) {
        throw new WebhookVerificationError("replayed", "This message was already accepted once: it is a replay (or a duplicate delivery).");
      }
      verified.release = () => releaseIn(replay, key);
    }
    return verified;
  }
  throw new WebhookVerificationError(
    "no_matching_signature",
    `No signature in the "${scheme.signatureHeader}" header matches the payload under the configured secret${keys.length > 1 ? "s" : ""}. ` +
      "Check the secret, and that the payload is the raw body exactly as received.",
  );
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

const textDecoder = /* @__PURE__ */ new TextDecoder();

/** The headers that carry `options.payload` signed by every secret; `TypeError`/`RangeError` on bad input. */
export function* signSteps(scheme: Scheme, options: SignOptions, crypto: CryptoProvider): Steps<SignedHeaders> {
  assertScheme(scheme);
  assertOptions(options, "sign");
  const body = payloadBytes(options.payload);
  const keys = decodeKeys(scheme, options.secret, "sign", rangeError);
  if (keys.length > 1 && !scheme.multipleSignatures) {
    throw new TypeError(`the ${scheme.name} signature header carries one signature: sign with one secret`);
  }
  const url = urlOf(scheme, options.url);
  const timestamp =
    scheme.timestamp === undefined
      ? undefined
      : String(options.timestamp === undefined ? nowSeconds() : toUnixSeconds(options.timestamp, "timestamp"));
  const id = scheme.idHeader === undefined ? undefined : messageId(options.id, crypto);

  const content = scheme.algorithm === "token" ? [] : contentOf(scheme, { body, timestamp, id, url });
  const signatures: string[] = [];
  const asymmetricSignatures: string[] = [];
  for (const key of keys) {
    if (key.kind === "ed25519-seed") asymmetricSignatures.push(encodeSignature(scheme, yield* ed25519Sign(key.bytes, content)));
    else if (scheme.algorithm === "token") signatures.push(textDecoder.decode(key.bytes));
    else signatures.push(encodeSignature(scheme, yield* hmac(scheme.hash, key.bytes, content)));
  }

  const headers: SignedHeaders = {};
  if (id !== undefined) headers[scheme.idHeader!] = id;
  if (timestamp !== undefined && scheme.timestamp?.header !== undefined) headers[scheme.timestamp.header] = timestamp;
  headers[scheme.signatureHeader] = scheme.format({ signatures, asymmetricSignatures, timestamp });
  return headers;
}
