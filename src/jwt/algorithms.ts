// The JWS algorithms hookseal implements, as a table of descriptors: code past the option
// checks handles a resolved entry, never an algorithm name from a token.
import type { HashAlgorithm, SignatureAlgorithm } from "../crypto/types.js";
import { EDDSA, ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512 } from "../keys/algorithms.js";

/**
 * The JWS algorithms hookseal signs and verifies (RFC 7518 §3, RFC 8037): HMAC with SHA-2
 * (shared secrets), RSASSA-PKCS1-v1_5 and RSASSA-PSS (RSA keys of 2048 bits or more), ECDSA on
 * P-256/P-384/P-521, and EdDSA with Ed25519.
 *
 * @example
 * ```ts
 * const algorithms: JwtAlgorithm[] = ["RS256", "ES256"];
 * await verifyJwt(token, jwks("https://auth.example.com/.well-known/jwks.json"), { algorithms });
 * ```
 */
export type JwtAlgorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA";

/** Which kind of key an algorithm needs. */
export type AlgorithmFamily = "HS" | "RS" | "PS" | "ES" | "EdDSA";

/** What an algorithm name resolves to (internal: code past the option checks uses these, never names). */
export interface JwtAlgorithmDescriptor {
  /** The `alg` header value (case-sensitive, RFC 7515 §4.1.1). */
  readonly name: JwtAlgorithm;
  readonly family: AlgorithmFamily;
  /** The hash (under the HMAC, or of the signature scheme; EdDSA's own is SHA-512). */
  readonly hash: HashAlgorithm;
  /** Length of the MAC or signature in bytes, where the algorithm fixes it (not RSA: the modulus does). */
  readonly macBytes: number;
  /** Shortest HMAC key allowed, in bytes: the hash output size (RFC 7518 §3.2); 0 for public-key algorithms. */
  readonly minKeyBytes: number;
  /** The curve an ECDSA or EdDSA key must be on. */
  readonly curve?: "P-256" | "P-384" | "P-521" | "Ed25519";
  /** The public-key signature algorithm (src/keys/algorithms.ts); absent for HMAC. */
  readonly signature?: SignatureAlgorithm;
}

const hs = (name: JwtAlgorithm, hash: HashAlgorithm, bytes: number): JwtAlgorithmDescriptor =>
  Object.freeze({ name, family: "HS", hash, macBytes: bytes, minKeyBytes: bytes });
const rsa = (name: JwtAlgorithm, family: "RS" | "PS", hash: HashAlgorithm, signature: SignatureAlgorithm): JwtAlgorithmDescriptor =>
  Object.freeze({ name, family, hash, macBytes: 0, minKeyBytes: 0, signature });
// RFC 7518 §3.4: the JWS signature is R ‖ S, each as long as the curve's order.
const es = (name: JwtAlgorithm, hash: HashAlgorithm, curve: "P-256" | "P-384" | "P-521", bytes: number, signature: SignatureAlgorithm): JwtAlgorithmDescriptor =>
  Object.freeze({ name, family: "ES", hash, macBytes: bytes, minKeyBytes: 0, curve, signature });

// One constant per descriptor, and tables built from identifiers only: property reads and
// unannotated calls at module level would keep the whole table in bundles that never use it.
const HS256_ = /* @__PURE__ */ hs("HS256", "SHA-256", 32);
const HS384_ = /* @__PURE__ */ hs("HS384", "SHA-384", 48);
const HS512_ = /* @__PURE__ */ hs("HS512", "SHA-512", 64);
const RS256_ = /* @__PURE__ */ rsa("RS256", "RS", "SHA-256", RS256);
const RS384_ = /* @__PURE__ */ rsa("RS384", "RS", "SHA-384", RS384);
const RS512_ = /* @__PURE__ */ rsa("RS512", "RS", "SHA-512", RS512);
const PS256_ = /* @__PURE__ */ rsa("PS256", "PS", "SHA-256", PS256);
const PS384_ = /* @__PURE__ */ rsa("PS384", "PS", "SHA-384", PS384);
const PS512_ = /* @__PURE__ */ rsa("PS512", "PS", "SHA-512", PS512);
const ES256_ = /* @__PURE__ */ es("ES256", "SHA-256", "P-256", 64, ES256);
const ES384_ = /* @__PURE__ */ es("ES384", "SHA-384", "P-384", 96, ES384);
const ES512_ = /* @__PURE__ */ es("ES512", "SHA-512", "P-521", 132, ES512);
const EDDSA_: JwtAlgorithmDescriptor = /* @__PURE__ */ Object.freeze({ name: "EdDSA", family: "EdDSA", hash: "SHA-512", macBytes: 64, minKeyBytes: 0, curve: "Ed25519", signature: EDDSA });

const ALGORITHMS: Readonly<Record<JwtAlgorithm, JwtAlgorithmDescriptor>> = /* @__PURE__ */ Object.freeze({
  HS256: HS256_,
  HS384: HS384_,
  HS512: HS512_,
  RS256: RS256_,
  RS384: RS384_,
  RS512: RS512_,
  PS256: PS256_,
  PS384: PS384_,
  PS512: PS512_,
  ES256: ES256_,
  ES384: ES384_,
  ES512: ES512_,
  EdDSA: EDDSA_,
});

/** The public-key algorithms, in the table's order. */
export const PUBLIC_KEY_ALGORITHMS: readonly JwtAlgorithmDescriptor[] = /* @__PURE__ */ Object.freeze([RS256_, RS384_, RS512_, PS256_, PS384_, PS512_, ES256_, ES384_, ES512_, EDDSA_]);

/** Every algorithm, in the table's order. */
export const ALL_ALGORITHMS: readonly JwtAlgorithmDescriptor[] = /* @__PURE__ */ Object.freeze([HS256_, HS384_, HS512_, RS256_, RS384_, RS512_, PS256_, PS384_, PS512_, ES256_, ES384_, ES512_, EDDSA_]);

const NAMES = "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 or EdDSA";

/** The descriptor for an `alg` value, or undefined when hookseal does not implement it. */
export function algorithmNamed(name: unknown): JwtAlgorithmDescriptor | undefined {
  return typeof name === "string" && Object.hasOwn(ALGORITHMS, name) ? ALGORITHMS[name as JwtAlgorithm] : undefined;
}

function resolve(name: unknown, what: string): JwtAlgorithmDescriptor {
  const found = algorithmNamed(name);
  if (found !== undefined) return found;
  if (typeof name === "string" && name.toLowerCase() === "none") {
    // RFC 8725 §3.1/§3.2: unsecured JWTs are never accepted, whatever the caller asks for.
    throw new TypeError(`${what} must not be "none": hookseal never signs or accepts unsecured JWTs`);
  }
  throw new TypeError(`${what} must be ${NAMES} (case-sensitive)`);
}

/** `options.algorithm` of `signJwt`, or `fallback` when it is not given. */
export function signingAlgorithm(value: unknown, fallback: JwtAlgorithmDescriptor = HS256_): JwtAlgorithmDescriptor {
  return value === undefined ? fallback : resolve(value, "options.algorithm");
}

/** `options.algorithms` of `verifyJwt`: `["HS256"]` by default; never empty, never `none`. */
const DEFAULT_ALLOWED: readonly JwtAlgorithmDescriptor[] = /* @__PURE__ */ Object.freeze([HS256_]);

export function allowedAlgorithms(value: unknown, fallback: readonly JwtAlgorithmDescriptor[] = DEFAULT_ALLOWED): readonly JwtAlgorithmDescriptor[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) throw new TypeError(`options.algorithms must be an array of ${NAMES}`);
  if (value.length === 0) throw new RangeError("options.algorithms must name at least one algorithm");
  const allowed: JwtAlgorithmDescriptor[] = [];
  for (const name of value as readonly unknown[]) {
    const found = resolve(name, "every entry of options.algorithms");
    if (!allowed.includes(found)) allowed.push(found);
  }
  return allowed;
}
