// JWT-carrying webhook schemes (jwtBearer, fusionauth): the token rule the engine runs for them.
// The body is bound to the token by a claim holding its SHA-256; freshness comes from `iat`.
import { WebhookVerificationError, type VerificationErrorCode } from "../engine/errors.js";
import { toBase64 } from "../lib/base64.js";
import { toHex } from "../lib/hex.js";
import { utf8 } from "../lib/bytes.js";
import { digest, type Steps } from "../engine/steps.js";
import { checkFreshness } from "../lib/time.js";
import { equalBytes } from "../lib/timing-safe-equal.js";
import type { Scheme, SchemeMatch, TokenRule } from "../schemes/scheme.js";
import type { JwtAlgorithm } from "./algorithms.js";
import { checkValidityWindow, seconds } from "./claims.js";
import { JwtError, type JwtErrorCode } from "./errors.js";
import { signJwtWithKeySteps } from "./sign.js";
import type { AsymmetricKey } from "./public-keys.js";
import { allowedAlgorithms } from "./algorithms.js";
import { verificationKeys } from "./keys.js";
import type { VerificationKeys } from "./verification-keys.js";
import { verifyJwtWithKeysSteps } from "./verify.js";

/**
 * How a JWT scheme binds the body and which algorithms it accepts.
 *
 * @example
 * ```ts
 * const options: JwtTokenOptions = { bodyHashClaim: "request_body_sha256", algorithms: ["HS512"] };
 * ```
 */
export interface JwtTokenOptions {
  /** Claim holding the body's SHA-256 (FusionAuth: `request_body_sha256`). */
  readonly bodyHashClaim: string;
  /** How the claim writes the hash: `"base64"` (standard, the default: FusionAuth) or `"hex"` (lower-case: Plaid, Netlify). */
  readonly bodyHashEncoding?: "base64" | "hex";
  /**
   * Accepted algorithms with a shared secret; default `["HS256"]`. Signing uses the first. With
   * public keys (schemes made for them), what each key's type allows.
   */
  readonly algorithms?: readonly JwtAlgorithm[];
  /** Lifetime of tokens `sign()` makes, in seconds (`exp = iat + expiresIn`); default 300. */
  readonly expiresIn?: number;
  /**
   * Clock skew allowed on `exp` and `nbf`, in seconds; default 5. Kept apart from `tolerance`,
   * which bounds the age of `iat`: a token past its own `exp` is refused even while its `iat`
   * is within `tolerance`.
   */
  readonly clockSkew?: number;
  /** A required `iss` claim, and the one `sign()` writes (Netlify: `"netlify"`). */
  readonly issuer?: string;
  /**
   * `false` for senders whose tokens carry no times (Netlify): `iat` is then not required, the
   * token's freshness is not checked, and `sign()` writes neither `iat`, `exp` nor `jti`, so one
   * body always gives one token. Default `true`.
   */
  readonly timed?: boolean;
}

/** Default skew on `exp`/`nbf`: clocks of sender and receiver differ by a few seconds at most. */
const DEFAULT_CLOCK_SKEW = 5;

// A refused token, in the vocabulary of verify(): the JwtError stays available as `cause`.
const VERIFY_CODE: Readonly<Record<JwtErrorCode, VerificationErrorCode>> = {
  malformed: "malformed_header",
  unsupported_algorithm: "malformed_header",
  signature_mismatch: "no_matching_signature",
  unknown_key: "no_matching_signature",
  expired: "timestamp_too_old",
  too_old: "timestamp_too_old",
  not_yet_valid: "timestamp_too_new",
  claim_mismatch: "no_matching_signature",
  missing_claim: "malformed_header",
};

/**
 * The token rule of a JWT scheme (the `token` field of a `defineScheme()` definition): the
 * signature header carries a JWT whose `bodyHashClaim` holds the base64 SHA-256 of the body;
 * `iat` is held to `tolerance`, `exp` and `nbf` to `clockSkew` (default 5 s); `jti` is the
 * message id. `jwtBearer` and `fusionauth` are made with it.
 *
 * @example
 * ```ts
 * // FusionAuth with an HS512 HMAC key (64 bytes or more)
 * const fusionauthHs512 = defineScheme({
 *   ...fusionauth,
 *   name: "fusionauthHs512",
 *   minSecretBytes: 64,
 *   token: jwtToken({ bodyHashClaim: "request_body_sha256", algorithms: ["HS512"] }),
 * });
 * ```
 */
export function jwtToken(options: JwtTokenOptions): TokenRule {
  const check = jwtTokenCheck(options);
  const allowed = allowedAlgorithms(options.algorithms ?? ["HS256"]);
  const rule: TokenRule & { readonly check: JwtTokenCheck } = {
    // The same checks for public keys and key sets (schemes with a jwtKeys rule read it here).
    check,
    *verify({ scheme, tokens, keys, content, now, tolerance }) {
      let checked: Uint8Array[];
      try {
        checked = verificationKeys(keys, allowed); // long enough for every algorithm (RFC 7518 §3.2)
      } catch (error) {
        throw asVerificationError(scheme, error);
      }
      return yield* check.verify(scheme, tokens, { kind: "secrets", keys: checked, allowed }, content, now, tolerance);
    },
    sign: ({ key, content, timestamp, id }) => check.sign(key, content, timestamp, id),
  };
  return rule;
}

/** The checks behind a token rule made by {@link jwtToken}, if it was. @internal */
export const tokenCheckOf = (rule: TokenRule | undefined): JwtTokenCheck | undefined => (rule as { check?: JwtTokenCheck } | undefined)?.check;

/** The checks of a JWT scheme's token, for keys already resolved (shared secrets, public keys or a key set). @internal */
export interface JwtTokenCheck {
  verify(scheme: Scheme, tokens: readonly string[], keys: VerificationKeys, content: readonly Uint8Array[], now: number, tolerance: number): Steps<SchemeMatch>;
  sign(key: Uint8Array | AsymmetricKey, content: readonly Uint8Array[], timestamp: number, id: string): Steps<string>;
}

/** {@link jwtToken}'s checks, usable with any resolved keys. @internal */
export function jwtTokenCheck(options: JwtTokenOptions): JwtTokenCheck {
  const algorithms = options.algorithms ?? ["HS256"];
  const expiresIn = options.expiresIn ?? 300;
  const claim = options.bodyHashClaim;
  const { issuer, timed = true } = options;
  const encode = options.bodyHashEncoding === "hex" ? toHex : toBase64;
  const required = timed ? [claim, "iat"] : [claim];
  const clockSkew = options.clockSkew === undefined ? DEFAULT_CLOCK_SKEW : seconds(options.clockSkew, "jwtToken(options): clockSkew");

  return {
    *verify(scheme, tokens, keys, content, now, tolerance): Steps<SchemeMatch> {
      if (tokens.length !== 1) {
        throw new WebhookVerificationError("malformed_header", `The "${scheme.signatureHeader}" header must carry exactly one token.`);
      }
      let verified;
      try {
        // `tolerance` bounds iat either way (as checkFreshness does below); the token's own
        // exp and nbf then get only a small clock skew: `tolerance` would stretch every token's
        // lifetime by five minutes (a token with expiresIn 30 accepted 200 s after issue).
        verified = yield* verifyJwtWithKeysSteps(tokens[0]!, keys, { now, clockTolerance: tolerance, requiredClaims: required, ...(issuer === undefined ? {} : { issuer }) });
        checkValidityWindow(verified.payload, now, Math.min(clockSkew, tolerance));
      } catch (error) {
        throw asVerificationError(scheme, error);
      }
      const { payload, secretIndex } = verified;
      const iat = payload.iat as number;
      if (timed) checkFreshness(Math.floor(iat), now, tolerance);
      const bodyHash = payload[claim];
      const expected = encode(yield* digest("SHA-256", content));
      if (typeof bodyHash !== "string" || !equalBytes(utf8(bodyHash), utf8(expected))) {
        throw new WebhookVerificationError(
          "no_matching_signature",
          `The ${scheme.name} token is authentic but its "${claim}" claim does not match the payload: the body was changed, or is not the raw body.`,
        );
      }
      const exp = typeof payload.exp === "number" ? payload.exp : undefined;
      const match: { -readonly [K in keyof SchemeMatch]: SchemeMatch[K] } = { secretIndex, proof: yield* tokenProof(tokens[0]!) };
      if (typeof payload.jti === "string") match.id = payload.jti;
      const expiry = exp === undefined ? Infinity : Math.ceil(exp) + clockSkew;
      if (timed) {
        match.timestamp = Math.floor(iat);
        match.validUntil = Math.min(Math.floor(iat) + tolerance, expiry);
      } else if (expiry !== Infinity) {
        match.validUntil = expiry;
      }
      return match;
    },

    *sign(key, content, timestamp, id): Steps<string> {
      const claims: Record<string, unknown> = { [claim]: encode(yield* digest("SHA-256", content)) };
      if (issuer !== undefined) claims.iss = issuer;
      const isSecret = key instanceof Uint8Array;
      const keyOptions = { ...(isSecret ? { algorithm: algorithms[0] } : {}), ...(!isSecret && key.kid !== undefined ? { keyId: key.kid } : {}) };
      // An untimed token (Netlify's) carries no iat, exp or jti: one body, one token.
      if (!timed) return yield* signJwtWithKeySteps({ ...claims, iat: undefined }, key, keyOptions);
      return yield* signJwtWithKeySteps(claims, key, { ...keyOptions, now: timestamp, expiresIn, jwtId: id });
    },
  };
}

/**
 * The replay key of a token without jti: a digest of what was signed (header.payload), never
 * the signature bytes, which are not unique (ECDSA's (r, n-s) is a second valid signature, and
 * PSS and ECDSA signatures are randomised). @internal
 */
export function* tokenProof(token: string): Steps<Uint8Array> {
  return yield* digest("SHA-256", [utf8(token.slice(0, token.lastIndexOf(".")))]);
}

/** A refused token in the vocabulary of verify(), the JwtError kept as `cause`; a short secret is the receiver's configuration. @internal */
export function asVerificationError(scheme: Scheme, error: unknown): unknown {
  // A secret too short for an algorithm this scheme lists is the receiver's configuration.
  if (error instanceof RangeError) return new WebhookVerificationError("invalid_secret", error.message, { cause: error });
  if (!(error instanceof JwtError)) return error;
  return new WebhookVerificationError(VERIFY_CODE[error.code], `The ${scheme.name} token was refused (${error.code}): ${error.message}`, { cause: error });
}
