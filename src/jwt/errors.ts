/**
 * Why a JWT was refused. Stable: match on it, not on the message.
 *
 * - `malformed`: not a well-formed compact JWS/JWT (segments, base64url, JSON, header
 *   parameters hookseal refuses such as `crit` or `b64: false`, claims of the wrong type).
 * - `unsupported_algorithm`: `alg` is `none`, unknown, or not in `options.algorithms`.
 * - `signature_mismatch`: the MAC or signature does not match under any of the secrets or keys.
 * - `unknown_key`: no key given, or in the key set, has the token's `kid` (after one refetch of
 *   the set), or the token names none and the set has several keys for its algorithm.
 * - `expired`: `exp` has passed. `not_yet_valid`: `nbf` (or `iat`) is in the future.
 * - `claim_mismatch`: `iss`, `aud`, `sub` or the `typ` header differs from what was asked for.
 * - `missing_claim`: a claim that was asked for (or that a check needs) is absent.
 * - `too_old`: `iat` is older than `options.maxAge`.
 *
 * @example
 * ```ts
 * const status: Record<JwtErrorCode, number> = { malformed: 400, unsupported_algorithm: 400, signature_mismatch: 401,
 *   unknown_key: 401, expired: 401, not_yet_valid: 401, claim_mismatch: 403, missing_claim: 403, too_old: 401 };
 * ```
 */
export type JwtErrorCode =
  | "malformed"
  | "unsupported_algorithm"
  | "signature_mismatch"
  | "unknown_key"
  | "expired"
  | "not_yet_valid"
  | "claim_mismatch"
  | "missing_claim"
  | "too_old";

/**
 * Options of the {@link JwtError} constructor.
 *
 * @example
 * ```ts
 * new JwtError("expired", "The token expired 5 s ago.", { claim: "exp" });
 * ```
 */
export interface JwtErrorOptions extends ErrorOptions {
  /** The claim (or header parameter) the error is about, such as `"exp"` or `"aud"`. */
  claim?: string;
}

/**
 * The one error `verifyJwt()` rejects with when a token is not well formed, not signed
 * under one of the secrets, or signed but not acceptable (expired, wrong audience, …).
 * Configuration mistakes are not `JwtError`s: they throw `TypeError` or `RangeError`.
 *
 * Messages are safe to log: they never contain a secret, the token or its signature, and
 * never echo header or claim values (time errors say only how many seconds off a time is).
 *
 * @example
 * ```ts
 * try {
 *   const { payload } = await verifyJwt(token, secret, { audience: "urn:my-service" });
 * } catch (error) {
 *   if (error instanceof JwtError) return new Response(error.code, { status: 401 });
 *   throw error;
 * }
 * ```
 */
export class JwtError extends Error {
  /** Machine-readable reason; see {@link JwtErrorCode}. */
  readonly code: JwtErrorCode;
  /** The claim or header parameter concerned, when there is one (`"exp"`, `"aud"`, `"alg"`, …). */
  // `declare`: no class field is emitted, so the property exists only when there is a claim.
  declare readonly claim?: string;

  constructor(code: JwtErrorCode, message: string, options?: JwtErrorOptions) {
    super(message, options);
    // Set explicitly: minifiers rename classes, and `name` is what logs show.
    this.name = "JwtError";
    this.code = code;
    if (options?.claim !== undefined) this.claim = options.claim;
  }
}
