// The JWS algorithms hookseal implements, as a table of descriptors: code past the option
// checks handles a resolved entry, never an algorithm name from a token.
import type { HashAlgorithm } from "../crypto/types.js";

/**
 * The JWS algorithms hookseal signs and verifies: HMAC with SHA-2 (RFC 7518 §3.2).
 *
 * @example
 * ```ts
 * const algorithms: JwtAlgorithm[] = ["HS256", "HS512"];
 * await verifyJwt(token, secret64Bytes, { algorithms });
 * ```
 */
export type JwtAlgorithm = "HS256" | "HS384" | "HS512";

/** What an algorithm name resolves to (internal: code past the option checks uses these, never names). */
export interface JwtAlgorithmDescriptor {
  /** The `alg` header value (case-sensitive, RFC 7515 §4.1.1). */
  readonly name: JwtAlgorithm;
  /** The hash under the HMAC. */
  readonly hash: HashAlgorithm;
  /** Length of the MAC in bytes: the signature segment must decode to exactly this. */
  readonly macBytes: number;
  /** Shortest key allowed, in bytes: the hash output size (RFC 7518 §3.2). */
  readonly minKeyBytes: number;
}

const descriptor = (name: JwtAlgorithm, hash: HashAlgorithm, bytes: number): JwtAlgorithmDescriptor =>
  Object.freeze({ name, hash, macBytes: bytes, minKeyBytes: bytes });

const ALGORITHMS: Readonly<Record<JwtAlgorithm, JwtAlgorithmDescriptor>> = /* @__PURE__ */ Object.freeze({
  HS256: /* @__PURE__ */ descriptor("HS256", "SHA-256", 32),
  HS384: /* @__PURE__ */ descriptor("HS384", "SHA-384", 48),
  HS512: /* @__PURE__ */ descriptor("HS512", "SHA-512", 64),
});

const NAMES = "HS256, HS384 or HS512";

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

/** `options.algorithm` of `signJwt`: HS256 by default. */
export function signingAlgorithm(value: unknown): JwtAlgorithmDescriptor {
  return value === undefined ? ALGORITHMS.HS256 : resolve(value, "options.algorithm");
}

/** `options.algorithms` of `verifyJwt`: `["HS256"]` by default; never empty, never `none`. */
const DEFAULT_ALLOWED: readonly JwtAlgorithmDescriptor[] = /* @__PURE__ */ Object.freeze([ALGORITHMS.HS256]);

export function allowedAlgorithms(value: unknown): readonly JwtAlgorithmDescriptor[] {
  if (value === undefined) return DEFAULT_ALLOWED;
  if (!Array.isArray(value)) throw new TypeError(`options.algorithms must be an array of ${NAMES}`);
  if (value.length === 0) throw new RangeError("options.algorithms must name at least one algorithm");
  const allowed: JwtAlgorithmDescriptor[] = [];
  for (const name of value as readonly unknown[]) {
    const found = resolve(name, "every entry of options.algorithms");
    if (!allowed.includes(found)) allowed.push(found);
  }
  return allowed;
}
