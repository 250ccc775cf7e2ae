// The scheme engine: everything a scheme does not say itself lives here, once. It reads
// headers, decodes secrets and signatures, checks timestamps, builds the signed content,
// compares in constant time and claims replay keys. It is written as steps (steps.ts):
// the async and sync drivers (sign.ts, verify.ts, sync.ts) only perform what it yields.
import { ED25519_SIGNATURE_BYTES } from "../crypto/ed25519-der.js";
import type { CryptoProvider } from "../crypto/types.js";
import { WebhookVerificationError } from "./errors.js";
import { decodeKeys, whitespaceHint, type Key } from "./keys.js";
import { toBase64Url } from "../lib/base64.js";
import { partsAsBytes, type Part, decoder } from "../lib/bytes.js";
import { toHex } from "../lib/hex.js";
import { assertOptionsObject } from "../lib/options-object.js";
import { bytesOf, payloadPart } from "../lib/payload.js";
import { preparedMessage } from "./prepare.js";
import { claim, digest, hmac, randomBytes, type Steps } from "./steps.js";
import { MAX_REPLAY_TTL, MAX_TOLERANCE, nowSeconds, secondsOption, toUnixSeconds } from "../lib/time.js";
import { equalBytes } from "../lib/timing-safe-equal.js";
import type { ReplayStore, SignedHeaders, SignOptions, Verified, VerifyOptions } from "./options.js";
import { readSignatureHeader } from "./read-headers.js";
import { MAX_ID_LENGTH } from "../schemes/id-header.js";
import { assertReplayStore, DEFAULT_REPLAY_TTL, OWNER_CHARS, ownerToken, releaseOnce, replayKey, replayScopeOf } from "../replay/claim.js";
import { bodyTimestampMissing } from "../schemes/body-timestamp.js";
import { assertScheme, type Scheme, type SchemeMatch, type SignedMessage } from "../schemes/scheme.js";

const DEFAULT_TOLERANCE = 300;

const invalidSecret = (message: string) => new WebhookVerificationError("invalid_secret", message);
const rangeError = (message: string) => new RangeError(message);

/** The `url` option, checked: required and absolute for schemes that sign the URL (their `checkUrl` rule, message-forms.ts). */
export function urlOf(scheme: Scheme, url: unknown): string | undefined {
  if (url !== undefined && typeof url !== "string") throw new TypeError("url must be a string");
  return scheme.signsUrl ? scheme.checkUrl!(scheme, url) : url;
}

/** The signatures of exactly `length` bytes among `texts`, decoded by the scheme's encoding rule. */
function decodeAll(scheme: Scheme, texts: readonly string[], length: number): Uint8Array[] {
  const decoded: Uint8Array[] = [];
  for (const text of texts) {
    const bytes = scheme.codec!.decode(text);
    if (bytes !== undefined && bytes.length === length) decoded.push(bytes);
  }
  return decoded;
}

const encodeSignature = (scheme: Scheme, signature: Uint8Array): string => scheme.codec!.encode(signature);

/** The signed content of a message as parts (strings are UTF-8), or undefined when the scheme says no signature can cover it. */
const partsOf = (scheme: Scheme, message: SignedMessage): readonly Part[] | undefined => scheme.content(message);

/** The signed content as bytes, for token rules. */
const contentOf = (scheme: Scheme, message: SignedMessage): readonly Uint8Array[] => partsAsBytes(partsOf(scheme, message) ?? []);

/** A message as received: the body as the caller gave it, text or bytes. */
export type Received = Omit<SignedMessage, "body"> & { readonly body: Part };

/**
 * The content of one form of a message. A string body stays text when the scheme's
 * `textContent` rule can place it among the parts (built-ins: resolve.ts; defined schemes:
 * text-body.ts); it is encoded for a scheme that reads it.
 */
export function formOf(scheme: Scheme, received: Received): readonly Part[] | undefined {
  const { body } = received;
  if (typeof body === "string" && scheme.textContent !== undefined) {
    const parts = scheme.textContent(scheme, body, received.timestamp, received.id, received.url, received.bodyDigest);
    if (typeof parts !== "symbol") return parts; // a symbol: content() reads the body, give it the bytes
  }
  return partsOf(scheme, typeof body === "string" ? { ...received, body: bytesOf(body) } : (received as SignedMessage));
}

/**
 * The signed content of the message and of each form the sender may have signed instead: a
 * scheme with `prepare` or `variants` makes them with its `forms` rule (message-forms.ts).
 */
function contentsOf(scheme: Scheme, received: Received): (readonly Part[])[] {
  if (scheme.forms !== undefined) return scheme.forms(scheme, { ...received, body: bytesOf(received.body) });
  const parts = formOf(scheme, received);
  return parts === undefined ? [] : [parts];
}

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/** Constant-time comparison against every candidate, without stopping early. */
function indexOfMatch(value: Uint8Array, candidates: readonly Uint8Array[]): number {
  let found = -1;
  for (let i = 0; i < candidates.length; i++) if (equalBytes(value, candidates[i]!) && found < 0) found = i;
  return found;
}


const NO_SIGNATURES: Uint8Array[] = [];

/** What {@link verifyConfiguration} resolves: everything a delivery does not change. */
export interface VerifyConfiguration {
  readonly keys: Key[];
  readonly tolerance: number;
  readonly replay: ReplayStore | undefined;
  /** How a verification claims its message, when there is a replay store. */
  readonly claimAs: ClaimOptions | undefined;
  /** The secrets as configured, for the whitespace hint of a failed match (never printed). */
  readonly secrets: unknown;
}

/**
 * The options of `verify()` that do not depend on the delivery (secrets, tolerance, replay
 * store, TTL and scope), checked and resolved. The request helpers run it when they are created, so a
 * misconfiguration fails at start-up rather than at every delivery. A secret in the wrong
 * format goes through `badSecret`; a wrong type is a `TypeError`.
 */
export function verifyConfiguration(
  scheme: Scheme,
  options: Pick<VerifyOptions, "secret" | "tolerance" | "replay" | "replayTtl" | "replayScope" | "replayKey">,
  badSecret: (message: string) => Error,
): VerifyConfiguration {
  const keys = decodeKeys(scheme, options.secret, "verify", badSecret);
  const tolerance = secondsOption(options.tolerance, "tolerance", scheme.timestamp?.tolerance ?? DEFAULT_TOLERANCE, MAX_TOLERANCE);
  const replay = options.replay;
  if (replay !== undefined) {
    assertReplayStore(replay);
    // The scheme's token steps know whether a store can tell its replays (token-steps.ts).
    scheme.tokenSteps?.checkReplay?.(scheme);
  }
  const replayTtl = secondsOption(options.replayTtl, "replayTtl", DEFAULT_REPLAY_TTL, MAX_REPLAY_TTL);
  // A claim shorter than a second is no claim at all: the store would forget it at once.
  if (replayTtl < 1) throw new RangeError("replayTtl must be at least 1 second");
  const replayScope = replayScopeOf(options.replayScope);
  const byEvent = replayKeyOf(scheme, options.replayKey, replay);
  const claimAs = replay === undefined ? undefined : { store: replay, ttl: replayTtl, scope: replayScope, byEvent };
  return { keys, tolerance, replay, claimAs, secrets: options.secret };
}

/** The `replayKey` option, checked: true for `"event"`. */
function replayKeyOf(scheme: Scheme, replayKey: unknown, replay: ReplayStore | undefined): boolean {
  if (replayKey === undefined || replayKey === "message") return false;
  // A shared token (algorithm "token") signs nothing: its body is anyone's to change, so it names no event.
  if (replayKey !== "event" || replay === undefined || scheme.algorithm === "token") {
    throw new TypeError('replayKey is "message" or "event"; "event" needs a replay store and a scheme that signs the body');
  }
  return true;
}

/**
 * Proves a delivery authentic, fresh and (with a replay store) new, or throws the typed error of
 * the first problem. The scheme, options, payload and configuration are checked at once (a
 * driver that must not throw calls it inside its `try`); the rest runs as the steps run.
 */
export function verifySteps(scheme: Scheme, options: VerifyOptions): Steps<Verified> {
  assertScheme(scheme);
  assertOptionsObject(options, "verify(scheme, options)");
  const body = payloadPart(options.payload);
  return deliveredSteps(scheme, verifyConfiguration(scheme, options, invalidSecret), body, options);
}

/** What changes from one delivery to the next. */
export interface DeliveryFields {
  readonly headers: VerifyOptions["headers"];
  readonly now?: VerifyOptions["now"];
  readonly url?: string;
}

/** A delivery (`{ payload, headers, now?, url? }`) checked against a configuration prepared once (createVerifier). */
export function deliverySteps(scheme: Scheme, configuration: VerifyConfiguration, delivery: DeliveryFields & { readonly payload: unknown }): Steps<Verified> {
  assertOptionsObject(delivery, "verifier(delivery)");
  return deliveredSteps(scheme, configuration, payloadPart(delivery.payload), delivery);
}

/** The verification of a delivery whose payload is already `body` (see {@link payloadPart}). */
export function* deliveredSteps(scheme: Scheme, configuration: VerifyConfiguration, body: Part, options: DeliveryFields): Steps<Verified> {
  const { keys, tolerance, replay, claimAs } = configuration;
  // The clock is read only by what needs it (a timestamp, a token, a replay claim).
  const now = options.now !== undefined ? toUnixSeconds(options.now, "now") : scheme.timestamp !== undefined || scheme.token !== undefined || replay !== undefined ? nowSeconds() : 0;
  const url = urlOf(scheme, options.url);

  // A sender whose signatures are not all in one header reads them with its own rule (Box, DocuSign, Mailgun).
  const read = scheme.readSignatures === undefined ? readSignatureHeader(scheme, options.headers) : scheme.readSignatures(scheme, options.headers, body);
  // A header carrying tokens, not MACs (a shared token, a JWT): the scheme's rule (token-steps.ts).
  if (scheme.tokenSteps !== undefined) return yield* scheme.tokenSteps(scheme, configuration, body, read.signatures, now, options.headers);

  // Timestamp first: a stale delivery is refused before any signature work is spent on it.
  let timestamp: string | undefined;
  let timestampSeconds: number | undefined;
  // Read by the scheme's timestamp rule (header-timestamp.ts): a scheme without one bundles none of it.
  if (scheme.timestamp !== undefined && scheme.timestamp.bodyField === undefined) {
    [timestamp, timestampSeconds] = scheme.timestamp.readHeader!(scheme, options.headers, read.timestamp, now, tolerance);
  }

  let id: string | undefined;
  if (scheme.idHeader !== undefined) id = scheme.readId!(scheme, options.headers); // id-header.ts

  const symmetric = decodeAll(scheme, read.signatures, scheme.macBytes);
  const asymmetric = read.asymmetricSignatures.length === 0 ? NO_SIGNATURES : decodeAll(scheme, read.asymmetricSignatures, ED25519_SIGNATURE_BYTES);
  if (symmetric.length === 0 && asymmetric.length === 0) throw noSignature(scheme);

  const bodyDigest = scheme.bodyDigest === undefined ? undefined : yield* digest(scheme.bodyDigest, [body]);
  const contents = contentsOf(scheme, { body, timestamp, id, url, bodyDigest });
  if (contents.length === 0) throw contradictoryParts(scheme);
  let joined: (readonly Part[])[] | undefined; // each form joined once, for Ed25519 (see ed25519-keys.ts)
  // Secrets in order, stopping at the first match: the usual case costs one HMAC.
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    let matched = -1;
    if (key.kind === "hmac") {
      // The hot path, inline: one yield per form, no generator of its own.
      for (let i = 0; i < contents.length && matched < 0 && symmetric.length > 0; i++) {
        const mac = (yield { op: "hmac", hash: scheme.hash, key: key.bytes, parts: contents[i]! }) as Uint8Array;
        if (indexOfMatch(mac, symmetric) >= 0) matched = i;
      }
    } else {
      // Verifying keys are HMAC keys or Ed25519 public keys, which only a scheme with an Ed25519 rule decodes: the rule checks them.
      matched = yield* scheme.asymmetric!.verify((key as { readonly bytes: Uint8Array }).bytes, asymmetric, contents, (joined ??= []));
    }
    if (matched < 0) continue;

    // Signed inside the body: trustworthy, and so checked (body-timestamp.ts), only now that a signature matched.
    if (scheme.timestamp?.bodyField !== undefined) timestampSeconds = scheme.timestamp.checkBody!(scheme, bytesOf(body), now, tolerance);

    const validUntil = timestampSeconds === undefined ? undefined : timestampSeconds + tolerance;
    // Without an id, the replay key is a digest of the signed content: unlike the matching
    // signature, it stays the same when a header's other signatures are stripped or reordered.
    const proof = replay !== undefined && id === undefined ? yield* digest("SHA-256", contents[matched]!) : EMPTY;
    const match: SchemeMatch = { secretIndex: index, timestamp: timestampSeconds, id, proof, validUntil };
    return replay === undefined ? verifiedOf(scheme, match, body) : yield* accept(scheme, match, claimAs, now, body);
  }
  throw noMatch(scheme, configuration);
}

/** The signature header holds nothing this scheme could check. */
export const noSignature = (scheme: Scheme): WebhookVerificationError =>
  new WebhookVerificationError("malformed_header", `The "${scheme.signatureHeader}" header has no well-formed ${scheme.name} signature.`);

/** The request's parts say that no signature can cover them (a scheme's content() gave undefined). */
export const contradictoryParts = (scheme: Scheme): WebhookVerificationError =>
  new WebhookVerificationError(
    "no_matching_signature",
    `The request's parts contradict each other under the ${scheme.name} rules, so no signature can match it. Check that the payload is the raw body exactly as received.`,
  );

/** No signature matched under any configured secret. */
export const noMatch = (scheme: Scheme, configuration: VerifyConfiguration): WebhookVerificationError =>
  new WebhookVerificationError(
    "no_matching_signature",
    `No signature in the "${scheme.signatureHeader}" header matches the payload under the configured secret${configuration.keys.length > 1 ? "s" : ""}. ` +
      "Check the secret, and that the payload is the raw body exactly as received." +
      whitespaceHint(configuration.secrets),
  );

/** The HMAC bytes of a key; token schemes (JWT) have no use for Ed25519 keys. */
export function hmacKey(key: Key): Uint8Array {
  if (key.kind !== "hmac") throw new WebhookVerificationError("invalid_secret", "This scheme takes shared secrets, not Ed25519 keys.");
  return key.bytes;
}

/** The result of a match; a scheme with an event id rule (event-id.ts) adds `eventId` from the now authentic content. */
function verifiedOf(scheme: Scheme, match: SchemeMatch, body: Part): Verified {
  const verified: Verified = { scheme: scheme.name, secretIndex: match.secretIndex };
  if (match.timestamp !== undefined) verified.timestamp = match.timestamp;
  if (match.id !== undefined) verified.id = match.id;
  if (scheme.eventId !== undefined) scheme.eventId(verified, body);
  return verified;
}

/** How a verification claims its message: the store, the claim lifetime without a timestamp, the receiver's scope. */
interface ClaimOptions {
  readonly store: ReplayStore;
  readonly ttl: number;
  readonly scope: string | undefined;
  /** `replayKey: "event"`: claim the provider's event (or the body) for `ttl`, not the message. */
  readonly byEvent: boolean;
}


/**
 * The result of a successful verification; with a replay store, the message (or with
 * `replayKey: "event"`, the provider's event) is claimed first.
 */
export function* accept(scheme: Scheme, match: SchemeMatch, claimAs: ClaimOptions | undefined, now: number, body: Part): Steps<Verified> {
  const verified = verifiedOf(scheme, match, body);
  if (claimAs !== undefined) {
    // The claim outlives the window in which this delivery could be accepted again.
    const window = match.validUntil === undefined ? claimAs.ttl : Math.max(1, match.validUntil - now + 1);
    let message: string;
    let ttl = window;
    if (claimAs.byEvent) {
      // A retry is the same event signed again (a fresh timestamp, a new signature): claim what
      // stays the same, for as long as the provider retries.
      const eventId = verified.eventId;
      message = eventId !== undefined ? "event:" + eventId : "body:" + toHex(yield* digest("SHA-256", [body]));
      ttl = Math.max(claimAs.ttl, window);
    } else {
      message = match.id === undefined ? "sig:" + toHex(match.proof) : "id:" + match.id;
    }
    const key = replayKey(scheme.name, claimAs.scope, message);
    // Only this verification's release may remove its claim: never a retry's that came after.
    const owner = ownerToken(yield* randomBytes(OWNER_CHARS));
    if (!(yield* claim(claimAs.store, key, ttl, owner))) {
      throw new WebhookVerificationError("replayed", "This message was already accepted once: it is a replay (or a duplicate delivery).");
    }
    verified.release = releaseOnce(claimAs.store, key, owner);
  }
  return verified;
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


/** Unix seconds to sign at: `options.timestamp`, or now. */
const signingTime = (options: SignOptions): number =>
  options.timestamp === undefined ? nowSeconds() : toUnixSeconds(options.timestamp, "timestamp");

/** The message as `sign` hands it to `content`: prepared, and a message no sender could send is a `RangeError`. */
function signableMessage(scheme: Scheme, message: SignedMessage): SignedMessage {
  try {
    return preparedMessage(scheme, message);
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new RangeError(`${scheme.name} cannot sign this message: ${error.message}`);
    throw error;
  }
}

/** What `sign` signs: the content of the message as given (see {@link formOf}), prepared first for a scheme with `prepare`. */
const signedContent = (scheme: Scheme, received: Received): readonly Part[] | undefined =>
  scheme.prepare === undefined ? formOf(scheme, received) : partsOf(scheme, signableMessage(scheme, { ...received, body: bytesOf(received.body) }));

/** The headers that carry `options.payload` signed by every secret; `TypeError`/`RangeError` on bad input. */
export function* signSteps(scheme: Scheme, options: SignOptions, crypto: CryptoProvider): Steps<SignedHeaders> {
  assertScheme(scheme);
  assertOptionsObject(options, "sign(scheme, options)");
  const body = payloadPart(options.payload);
  const keys = decodeKeys(scheme, options.secret, "sign", rangeError);
  if (keys.length > 1 && !scheme.multipleSignatures) {
    throw new TypeError(`the ${scheme.name} signature header carries one signature: sign with one secret`);
  }
  if (scheme.asymmetric !== undefined) for (const key of keys) yield* scheme.asymmetric.checkKeyHalves(scheme, key);
  const url = urlOf(scheme, options.url);
  // A timestamp signed inside the body (timestamp.bodyField) is the payload's own business.
  const sendsTimestamp = scheme.timestamp !== undefined && scheme.timestamp.bodyField === undefined;
  const signedSeconds = sendsTimestamp ? signingTime(options) : undefined;
  const rule = scheme.timestamp;
  const timestamp =
    signedSeconds === undefined
      ? undefined
      : rule!.write !== undefined
        ? rule!.write(signedSeconds)
        : String(rule!.unit === "milliseconds" ? signedSeconds * 1000 : signedSeconds);
  if (scheme.timestamp?.bodyField !== undefined && scheme.timestamp.readBody!(bytesOf(body)) === undefined) {
    throw new TypeError(`${scheme.name} reads its timestamp from the body: the payload must be ${bodyTimestampMissing(scheme)}`);
  }
  const id = scheme.idHeader === undefined ? undefined : messageId(options.id, crypto);
  // Signed with a private key: the scheme's public-key rule makes the headers.
  if (scheme.publicKey !== undefined) {
    // A token scheme (JWT) signs its own time and id into the token.
    const tokenTime = scheme.token === undefined ? timestamp : String(signingTime(options));
    const tokenId = scheme.token === undefined ? id : messageId(options.id, crypto);
    return yield* scheme.publicKey.sign(scheme, keys, { body, timestamp: tokenTime, id: tokenId });
  }

  if (scheme.token !== undefined) {
    const key = hmacKey(keys[0]!);
    const token = yield* scheme.token.sign({ scheme, key, content: contentOf(scheme, { body: bytesOf(body) }), timestamp: signingTime(options), id: messageId(options.id, crypto) });
    return { [scheme.signatureHeader]: scheme.format({ signatures: [token], asymmetricSignatures: [] }) };
  }

  const bodyDigest = scheme.bodyDigest === undefined ? undefined : yield* digest(scheme.bodyDigest, [body]);
  const content = scheme.algorithm === "token" ? [] : signedContent(scheme, { body, timestamp, id, url, bodyDigest });
  if (content === undefined) {
    throw new TypeError(`${scheme.name} cannot sign this message: its parts contradict each other under the scheme's rules (see its documentation)`);
  }
  const signatures: string[] = [];
  const asymmetricSignatures: string[] = [];
  for (const key of keys as Exclude<Key, { kind: "public" | "private" | "rule" }>[]) {
    if (key.kind === "ed25519-seed") asymmetricSignatures.push(encodeSignature(scheme, yield* scheme.asymmetric!.sign(key.bytes, content)));
    else if (scheme.algorithm === "token") signatures.push(decoder.decode(key.bytes));
    else signatures.push(encodeSignature(scheme, yield* hmac(scheme.hash, key.bytes, content)));
  }

  const headers: SignedHeaders = {};
  if (id !== undefined) headers[scheme.idHeader!] = id;
  if (timestamp !== undefined && scheme.timestamp?.header !== undefined) headers[scheme.timestamp.header] = timestamp;
  headers[scheme.signatureHeader] = scheme.format({ signatures, asymmetricSignatures, timestamp });
  return headers;
}
