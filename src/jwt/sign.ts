import type { CryptoProvider } from "../crypto/types.js";
import { toBase64Url } from "../lib/base64.js";
import { utf8 } from "../lib/bytes.js";
import { hmac, runAsync, type Steps } from "../engine/steps.js";
import { nowSeconds, toUnixSeconds, type Timestamp } from "../lib/time.js";
import { signingAlgorithm, type JwtAlgorithm, type JwtAlgorithmDescriptor } from "./algorithms.js";
import { claimsToSign, type ClaimOptions } from "./claims.js";
import { signingKey } from "./keys.js";
import type { JwtSecret, JwtSigningKey } from "./types.js";
import { privateKey as privateKeyOf, looksLikeKey, type AsymmetricKey } from "./public-keys.js";
import { signWithKey } from "../keys/signature-steps.js";
import type { PrivateKeyHandle } from "../crypto/types.js";
import { isArrayBuffer, isUint8Array } from "../lib/bytes.js";
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
  /**
   * The algorithm. Default: `"HS256"` for a secret (which must be at least 32/48/64 bytes for
   * HS256/HS384/HS512); for a private key, its JWK `alg`, else RS256 (RSA), ES256/ES384/ES512
   * (by curve) or EdDSA (Ed25519). A key is only used with the algorithms its type allows.
   */
  algorithm?: JwtAlgorithm;
  /** Sets the `kid` header, for receivers that choose the key from a key set. */
  keyId?: string;
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

function headerToSign(alg: JwtAlgorithm, extra: unknown, keyId: unknown): Record<string, unknown> {
  if (keyId !== undefined && typeof keyId !== "string") throw new TypeError("options.keyId must be a string");
  if (extra === undefined) return keyId === undefined ? { alg, typ: "JWT" } : { alg, typ: "JWT", kid: keyId };
  if (!isPlainObject(extra)) throw new TypeError("options.header must be a plain object of JOSE header parameters");
  for (const name of Object.keys(RESERVED_HEADER)) {
    if (Object.hasOwn(extra, name)) throw new TypeError(RESERVED_HEADER[name]);
  }
  if (keyId !== undefined && Object.hasOwn(extra, "kid")) throw new TypeError("options.keyId and options.header.kid were both given; pass only one");
  const header: Record<string, unknown> = keyId === undefined ? { alg, typ: "JWT", ...extra } : { alg, typ: "JWT", ...extra, kid: keyId };
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
export function* signJwtSteps(claims: Record<string, unknown>, secret: JwtSigningKey, options: SignJwtOptions = {}): Steps<string> {
  assertOptionsObject(options, "signJwt(claims, key, options)");
  const isSecret = (typeof secret === "string" || isUint8Array(secret) || isArrayBuffer(secret)) && !looksLikeKey(secret);
  return yield* signJwtWithKeySteps(claims, isSecret ? secret : privateKeyOf(secret, "the key"), options);
}

/** {@link signJwtSteps} with a private key already resolved, or an HMAC secret. @internal */
export function* signJwtWithKeySteps(claims: Record<string, unknown>, secret: JwtSecret | AsymmetricKey, options: SignJwtOptions): Steps<string> {
  const privateKey = typeof secret === "object" && "handle" in secret ? secret : undefined;
  const algorithm = privateKey === undefined ? signingAlgorithm(options.algorithm) : privateAlgorithm(privateKey, options.algorithm);
  if (privateKey === undefined && algorithm.family !== "HS") {
    throw new TypeError(`options.algorithm is ${algorithm.name}, which signs with a private key, but the key is a shared secret`);
  }
  const key = privateKey === undefined ? signingKey(secret, algorithm) : undefined;
  const now = options.now === undefined ? nowSeconds() : toUnixSeconds(options.now, "options.now");
  const header = headerToSign(algorithm.name, options.header, options.keyId);
  const signingInput = encodeObject(header, "options.header") + "." + encodeObject(claimsToSign(claims, options, now), "claims");
  const signature =
    key !== undefined
      ? yield* hmac(algorithm.hash, key, [utf8(signingInput)])
      : yield* signWithKey(algorithm.signature!, privateKey!.handle as PrivateKeyHandle, [signingInput]);
  return signingInput + "." + toBase64Url(signature);
}

/** The algorithm a private key signs with: the one asked for, if the key's type allows it. */
function privateAlgorithm(key: AsymmetricKey, value: unknown): JwtAlgorithmDescriptor {
  const algorithm = signingAlgorithm(value, key.allowed[0]);
  if (!key.allowed.includes(algorithm)) {
    const type = key.handle.type === "rsa" ? "an RSA" : key.handle.type === "ec" ? `an EC ${key.handle.curve}` : "an Ed25519";
    throw new TypeError(`options.algorithm is ${algorithm.name}, but the key is ${type} key, which signs only ${key.allowed.map((a) => a.name).join(", ")}`);
  }
  return algorithm;
}

/**
 * `signJwt()` with the entry point's default crypto provider; `options.crypto` wins.
 * @internal
 */
export async function signJwtWith(
  defaultCrypto: CryptoProvider,
  claims: Record<string, unknown>,
  secret: JwtSigningKey,
  options: SignJwtOptions = {},
): Promise<string> {
  return runAsync(signJwtSteps(claims, secret, options), assertCrypto(options?.crypto ?? defaultCrypto));
}
