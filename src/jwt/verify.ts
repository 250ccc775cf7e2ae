import type { CryptoProvider } from "../crypto/types.js";
import { nowSeconds, toUnixSeconds, type Timestamp } from "../lib/time.js";
import { runAsync, type Steps } from "../engine/steps.js";
import { equalBytes } from "../lib/timing-safe-equal.js";
import { algorithmNamed, type JwtAlgorithm, type JwtAlgorithmDescriptor } from "./algorithms.js";
import { assertClaimTypes, checkClaims, claimRules, type ClaimRules } from "./claims.js";
import { JwtError } from "./errors.js";
import { verifyPublicSignature } from "./public-key-steps.js";
import { verificationKeysOf, type VerificationKeys } from "./verification-keys.js";
import { assertCrypto, assertOptionsObject } from "./inputs.js";
import { copyHeader, decodeSegment, decodeSegmentText, knownHeader, parseJsonText, rememberHeader, splitToken, type TokenSegments } from "./parse.js";
import { builtInCalls } from "../crypto/text-parts.js";
import type { Base64Codec } from "../lib/base64-codec.js";
import type { JwtHeader, JwtPayload, JwtVerificationKey } from "./types.js";

/**
 * Default of `options.maxTokenLength`, in characters.
 *
 * @example
 * ```ts
 * await verifyJwt(token, secret, { maxTokenLength: 2 * DEFAULT_MAX_TOKEN_LENGTH }); // for unusually large tokens
 * ```
 */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/**
 * Options of `verifyJwt`. Times are in seconds.
 *
 * @example
 * ```ts
 * const options: VerifyJwtOptions = { issuer: "https://sender.example", audience: "urn:receiver", clockTolerance: 5 };
 * const { payload } = await verifyJwt(token, secret, options);
 * ```
 */
export interface VerifyJwtOptions {
  /**
   * Algorithms to accept; `"none"` is refused (`TypeError`). Default: `["HS256"]` for shared
   * secrets (every secret must be long enough for every algorithm listed); for public keys, what
   * their types (or JWK `alg`s) allow; for a key set, every public-key algorithm, each key then
   * used only with what its own type or `alg` allows. Listing an algorithm no key given can
   * verify (HS256 with a public key, ES256 with an RSA key) is a `TypeError`.
   */
  algorithms?: readonly JwtAlgorithm[];
  /** Required `iss`: the token's must equal this one, or one of these. */
  issuer?: string | readonly string[];
  /** Required audience: the token's `aud` (a string or an array) must contain this one, or one of these. */
  audience?: string | readonly string[];
  /** Required `sub`. */
  subject?: string;
  /** Seconds of clock skew allowed on `exp`, `nbf`, `iat` and `maxAge`; default 0. */
  clockTolerance?: number;
  /** Greatest age in seconds, measured from `iat` (which becomes required). */
  maxAge?: number;
  /** Claims that must be present, whatever their value. */
  requiredClaims?: readonly string[];
  /**
   * Required `typ` header, compared case-insensitively with an implied "application/" prefix
   * (RFC 7515 §4.1.9): "JWT" matches "jwt" and "application/jwt". A different or missing
   * `typ` is `claim_mismatch`.
   */
  typ?: string;
  /** The verifier's clock; defaults to now. A number is Unix SECONDS. */
  now?: Timestamp;
  /** Longest token accepted, in characters, checked before anything is decoded; default 8192. */
  maxTokenLength?: number;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

/**
 * What `verifyJwt` resolves to: the verified claims and header, and which secret matched.
 *
 * @example
 * ```ts
 * const { payload, header, secretIndex }: VerifiedJwt = await verifyJwt(token, [newSecret, oldSecret]);
 * if (secretIndex === 1) console.warn("token signed with the old secret");
 * ```
 */
export interface VerifiedJwt {
  /** The claims set. */
  payload: JwtPayload;
  /** The JOSE header. */
  header: JwtHeader;
  /** Index of the secret or key (in the order given; with a key set, among its keys with the token's `kid`, so 0 unless several share it) that verified the signature. */
  secretIndex: number;
}

/** `options.maxTokenLength`, checked. */
function maxTokenLength(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_TOKEN_LENGTH;
  if (typeof value !== "number") throw new TypeError("options.maxTokenLength must be a number of characters");
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError("options.maxTokenLength must be a positive integer");
  return value;
}

/** JOSE header parameters that must be strings when present. */
const STRING_HEADERS = ["typ", "kid"] as const;

const malformed = (message: string, claim: string) => new JwtError("malformed", message, { claim });

/**
 * The JOSE header checks made before any MAC is computed: `alg` must be an allowed HMAC
 * algorithm (never `none`), and parameters that change how the token must be processed are
 * refused: `crit` (RFC 7515 §4.1.11: hookseal understands no extension, so any is refused)
 * and `b64` other than `true` (RFC 7797 §7: not for JWTs).
 */
export function checkHeader(header: Record<string, unknown>, allowed: readonly JwtAlgorithmDescriptor[]): JwtAlgorithmDescriptor {
  const alg = header.alg;
  if (typeof alg !== "string") throw malformed('The JOSE header has no "alg" string.', "alg");
  if (alg.toLowerCase() === "none") {
    throw new JwtError("unsupported_algorithm", 'The token is unsecured (alg "none"), which is never accepted.', { claim: "alg" });
  }
  const algorithm = algorithmNamed(alg);
  if (algorithm === undefined) {
    throw new JwtError("unsupported_algorithm", 'The token\'s "alg" is not an algorithm hookseal implements (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA).', {
      claim: "alg",
    });
  }
  if (!allowed.includes(algorithm)) {
    throw new JwtError(
      "unsupported_algorithm",
      `The token is signed with ${algorithm.name}, which options.algorithms (${allowed.map((a) => a.name).join(", ")}) does not allow.`,
      { claim: "alg" },
    );
  }
  if (Object.hasOwn(header, "crit")) {
    throw malformed('The JOSE header has a "crit" parameter; hookseal supports no critical extensions (RFC 7515 §4.1.11).', "crit");
  }
  if (Object.hasOwn(header, "b64") && header.b64 !== true) {
    throw malformed('The JOSE header sets "b64"; a JWT payload is always base64url-encoded (RFC 7797 §7).', "b64");
  }
  for (const name of STRING_HEADERS) {
    if (Object.hasOwn(header, name) && typeof header[name] !== "string") throw malformed(`The "${name}" header must be a string.`, name);
  }
  return algorithm;
}

/**
 * The steps of `verifyJwt()` (see engine/steps.ts), shared by the async API and JWT schemes.
 *
 * Order of work, so that hostile input costs little and claim errors are only reported for
 * authentic tokens: options and secrets are checked (`TypeError`/`RangeError`); then the token
 * length (before any decoding); the three segments and their strict base64url; the header
 * (JSON object, `alg` allowed, no `crit`/`b64`); the MAC under each secret in turn, compared in
 * constant time (a signature of the wrong length is `signature_mismatch`); only then the
 * payload (JSON object, registered claim types) and the claim checks. With a public key the
 * payload is read while the platform verifies the signature (bounded by `maxTokenLength`, as
 * every read here), and what it comes to is reported only once the signature verified.
 *
 * Claim rules, with `t = clockTolerance` (default 0) and `now` in Unix seconds:
 * - `exp`, `nbf`, `iat` must be finite numbers; `iss`, `sub`, `jti` strings; `aud` a string or
 *   an array of strings, else `malformed`.
 * - `exp`: valid iff `now < exp + t`, so a token whose `exp` equals `now` has `expired`.
 * - `nbf`: valid iff `now + t >= nbf`, else `not_yet_valid`.
 * - `iat`: later than `now + t` is `not_yet_valid`, with or without `maxAge` (stricter than
 *   jose, which checks it only with `maxTokenAge`; raise `clockTolerance` for a fast issuer clock).
 * - `maxAge`: needs `iat` (`missing_claim`); `now - iat > maxAge + t` is `too_old`.
 * - `issuer`/`audience`/`subject`: an absent claim is `missing_claim`, a different one
 *   `claim_mismatch`; for `aud` any overlap between the token's and the accepted list is enough.
 * - `requiredClaims`: each must be an own member of the payload (`missing_claim`).
 * - Presence is checked before any value, in jose's order: `iss`, `sub`, `aud`, `iat` (those the
 *   options ask for), then `requiredClaims` from the last to the first.
 * With shared secrets or a list of public keys, every secret or key (of the token's algorithm,
 * and of its `kid` when both name one) is tried, in order; with a key set, the token's `kid`
 * selects the key (`unknown_key` when the set has none, after one refetch per cooldown).
 *
 */
export function verifyJwtSteps(token: string, secrets: JwtVerificationKey, options: VerifyJwtOptions = {}, codec?: Base64Codec): Steps<VerifiedJwt> {
  // Configuration first: these throw TypeError/RangeError whatever the token is (here, when the
  // steps are made: not a generator itself, so that each step is not relayed through one more).
  assertOptionsObject(options, "verifyJwt(token, secret, options)");
  return verifyJwtWithKeysSteps(token, verificationKeysOf(secrets, options.algorithms), options, codec);
}

/**
 * {@link verifyJwtSteps} with keys already resolved (JWT schemes resolve theirs once, at
 * configuration). `codec`: how segments are decoded (the provider's own, see lib/base64-codec.ts; lib/base64.ts without one). @internal
 */
export function* verifyJwtWithKeysSteps(token: string, verification: VerificationKeys, options: VerifyJwtOptions, codec?: Base64Codec): Steps<VerifiedJwt> {
  const { rules, now, segments, known, headerText, payloadText } = readToken(token, options, codec);
  const signature = decodeSegment(segments.signature, "signature", codec);
  const header = headerOf(segments.header, known, headerText);
  const algorithm = checkHeader(header, verification.allowed);

  let secretIndex = -1;
  if (verification.kind === "secrets") {
    // The MAC: one HMAC per secret, in order, until one matches. The MAC length is public.
    const keys = verification.keys;
    if (signature.length !== algorithm.macBytes) throw macLengthMismatch(algorithm);
    // The signing input as text: only base64url characters and a dot by now (each segment
    // decoded above), so its UTF-8 bytes are its characters; node:crypto takes it as it is.
    const parts = [segments.signingInput];
    for (let index = 0; index < keys.length && secretIndex < 0; index++) {
      const mac = (yield { op: "hmac", hash: algorithm.hash, key: keys[index]!, parts }) as Uint8Array; // inline: the hot path
      if (equalBytes(mac, signature)) secretIndex = index;
    }
    if (secretIndex < 0) throw secretMismatch(keys.length);
  } else {
    // A public key, a list of them, or a key set (the token's kid selects the key). While the
    // platform verifies (Web Crypto does it off the main thread), the claims are read; what they
    // come to counts only once the signature has verified.
    let claims: { readonly accepted: VerifiedJwt } | { readonly refused: unknown } | undefined;
    const readClaims = () => {
      try {
        claims = { accepted: acceptClaims(payloadText, header, rules, now, 0) };
      } catch (error) {
        claims = { refused: error };
      }
    };
    secretIndex = yield* verifyPublicSignature(verification, algorithm, header.kid as string | undefined, signature, segments.signingInput, readClaims);
    if ("refused" in claims!) throw claims.refused;
    claims!.accepted.secretIndex = secretIndex;
    return claims!.accepted;
  }

  return acceptClaims(payloadText, header, rules, now, secretIndex);
}

/** What is read of a token before its signature: {@link readToken}. @internal */
export interface ReadToken {
  readonly rules: ClaimRules;
  readonly now: number;
  readonly segments: TokenSegments;
  /** The header of a segment seen before (see knownHeader), else undefined. */
  readonly known: Readonly<Record<string, unknown>> | undefined;
  /** The header's text, when it was not known. */
  readonly headerText: string | undefined;
  readonly payloadText: string | undefined;
}

/**
 * The options' claim rules and clock, then the token's syntax and its header and payload as
 * text (their bytes are not kept; what the payload's JSON says is reported only once the
 * signature matched), in the order every path checks them, so each gives the same first error.
 * Nothing here costs more than a pass over at most `maxTokenLength` characters. @internal
 */
export function readToken(token: string, options: VerifyJwtOptions, codec?: Base64Codec): ReadToken {
  const rules = claimRules(options);
  const limit = maxTokenLength(options.maxTokenLength);
  const now = options.now === undefined ? nowSeconds() : toUnixSeconds(options.now, "options.now");
  assertTokenText(token);
  const segments = splitToken(token, limit);
  const known = knownHeader(segments.header);
  const headerText = known === undefined ? decodeSegmentText(segments.header, "header", codec) : undefined;
  return { rules, now, segments, known, headerText, payloadText: decodeSegmentText(segments.payload, "payload", codec) };
}

/** A `TypeError` unless the token is a string. */
function assertTokenText(token: unknown): asserts token is string {
  if (typeof token !== "string") {
    throw new TypeError(`verifyJwt(token, …): the token must be a string, got ${token === null ? "null" : typeof token}`);
  }
}

/** The JOSE header: a copy of the one known for its segment, or parsed (and remembered) from its text. @internal */
export function headerOf(segment: string, known: Readonly<Record<string, unknown>> | undefined, text: string | undefined): Record<string, unknown> {
  if (known !== undefined) return copyHeader(known);
  const header = parseJsonText(text, "JOSE header");
  rememberHeader(segment, header);
  return header;
}

/** `signature_mismatch` for an HMAC signature of the wrong length (the MAC's length is public). @internal */
export const macLengthMismatch = (algorithm: JwtAlgorithmDescriptor): JwtError =>
  new JwtError("signature_mismatch", `The signature is not ${algorithm.macBytes} bytes long, as ${algorithm.name} signatures are.`);

/** `signature_mismatch` after `secrets` shared secrets were tried. @internal */
export const secretMismatch = (secrets: number): JwtError =>
  new JwtError("signature_mismatch", `The signature does not match under the configured secret${secrets > 1 ? "s" : ""}: the token was altered or signed with another secret.`);

/** Authentic: the payload (a JSON object, registered claim types), then the claim checks. @internal */
export function acceptClaims(payloadText: string | undefined, header: Record<string, unknown>, rules: ClaimRules, now: number, secretIndex: number): VerifiedJwt {
  const payload = parseJsonText(payloadText, "JWT Claims Set (payload)");
  assertClaimTypes(payload);
  checkClaims(payload, header, rules, now);
  return { payload, header: header as JwtHeader, secretIndex };
}

/**
 * `verifyJwt()` with the entry point's default crypto provider; `options.crypto` wins.
 * @internal
 */
export function verifyJwtWith(
  defaultCrypto: CryptoProvider,
  token: string,
  secrets: JwtVerificationKey,
  options: VerifyJwtOptions = {},
): Promise<VerifiedJwt> {
  // Not an async function: the driver's promise is returned as it is, without another one around it.
  try {
    const crypto = assertCrypto(options?.crypto ?? defaultCrypto);
    return runAsync(verifyJwtSteps(token, secrets, options, builtInCalls(crypto)?.base64), crypto);
  } catch (error) {
    return Promise.reject(error);
  }
}
