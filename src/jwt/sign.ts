import type { CryptoProvider } from "../crypto/types.js";
import { toBase64Url } from "../lib/base64.js";
import { utf8 } from "../lib/bytes.js";
import { hmac, runAsync, type Steps } from "../engine/steps.js";
import { nowSeconds, toUnixSeconds, type Timestamp } from "../lib/time.js";
import { signingAlgorithm, type JwtAlgorithm } from "./algorithms.js";
import { claimsToSign, type ClaimOptions } from "./claims.js";
import { signingKey } from "./keys.js";
import type { JwtSecret } from "./types.js";
import { assertCrypto, assertOptionsObject, isPlainObject } from "./inputs.js";

/**
 * Options of `signJwt`. Times are in seconds.
 *
 * @example
 * ```ts
 * const options: SignJwtOptions = { expiresIn: 300, issuer: "https://sender.example", audience: "urn:receiver" };
 * const token = await signJwt({ event: "invoice.paid" }, secret, options);
 * ```
 */
export interface SignJwtOptions extends ClaimOptions {
  /**
   * The signing time, for `iat` and as the base of `expiresIn`/`notBefore`; defaults to now.
   * A number is Unix SECONDS (a millisecond value is refused with a `TypeError`).
   */
  now?: Timestamp;
  /**
   * Extra JOSE header parameters, such as `kid`, or `typ` to replace the default `"JWT"`.
   * `alg` is set by `algorithm` and cannot be given here; `crit` and `b64` are refused.
   */
  header?: Record<string, unknown>;
  /** The MAC algorithm; default `"HS256"`. The secret must be at least 32/48/64 bytes for HS256/HS384/HS512. */
  algorithm?: JwtAlgorithm;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

// Header parameters signJwt will not emit: `alg` belongs to options.algorithm, and `crit`/`b64`
// would make a token verifyJwt (and RFC 7797 §7 for JWTs) refuses.
const RESERVED_HEADER: Readonly<Record<string, string>> = {
  alg: 'options.header must not set "alg": choose the algorithm with options.algorithm',
  crit: 'options.header must not set "crit": hookseal does not sign or accept critical header extensions',
  b64: 'options.header must not set "b64": JWTs always use a base64url-encoded payload (RFC 7797 §7)',
};

function headerToSign(alg: JwtAlgorithm, extra: unknown): Record<string, unknown> {
  if (extra === undefined) return { alg, typ: "JWT" };
  if (!isPlainObject(extra)) throw new TypeError("options.header must be a plain object of JOSE header parameters");
  for (const name of Object.keys(RESERVED_HEADER)) {
    if (Object.hasOwn(extra, name)) throw new TypeError(RESERVED_HEADER[name]);
  }
  const header: Record<string, unknown> = { alg, typ: "JWT", ...extra };
  for (const name of ["typ", "kid"]) {
    if (header[name] !== undefined && typeof header[name] !== "string") throw new TypeError(`options.header.${name} must be a string`);
  }
  return header;
}

/** base64url of the JSON of a plain object; refuses values that do not serialize to a JSON object. */
function encodeObject(value: Record<string, unknown>, what: string): string {
  const json = JSON.stringify(value); // throws TypeError for BigInt and cycles
  if (typeof json !== "string" || !json.startsWith("{")) throw new TypeError(`${what} must serialize to a JSON object`);
  return toBase64Url(utf8(json));
}

/**
 * The steps of `signJwt()` (see engine/steps.ts), shared by the async API and JWT schemes.
 *
 * Builds the header `{ alg, typ: "JWT", ...options.header }` and the claims set (a copy of
 * `claims`, plus `iat = now` unless `claims` has an `iat` key — set `iat: undefined` to leave
 * it out — plus one claim per option), then returns `header.payload.signature` (RFC 7515 §7.1).
 * Throws `TypeError` for a wrong type or a conflict (say `claims.exp` and `options.expiresIn`),
 * and `RangeError` for a secret shorter than the algorithm requires.
 *
 */
export function* signJwtSteps(claims: Record<string, unknown>, secret: JwtSecret, options: SignJwtOptions = {}): Steps<string> {
  assertOptionsObject(options, "signJwt(claims, secret, options)");
  const algorithm = signingAlgorithm(options.algorithm);
  const key = signingKey(secret, algorithm);
  const now = options.now === undefined ? nowSeconds() : toUnixSeconds(options.now, "options.now");
  const header = headerToSign(algorithm.name, options.header);
  const signingInput = encodeObject(header, "options.header") + "." + encodeObject(claimsToSign(claims, options, now), "claims");
  const mac = yield* hmac(algorithm.hash, key, [utf8(signingInput)]);
  return signingInput + "." + toBase64Url(mac);
}

/**
 * `signJwt()` with the entry point's default crypto provider; `options.crypto` wins.
 * @internal
 */
export async function signJwtWith(
  defaultCrypto: CryptoProvider,
  claims: Record<string, unknown>,
  secret: JwtSecret,
  options: SignJwtOptions = {},
): Promise<string> {
  return runAsync(signJwtSteps(claims, secret, options), assertCrypto(options?.crypto ?? defaultCrypto));
}
