// Public-key signature algorithms as frozen descriptors, and the key binding rule: a key is
// used only with the algorithms its type allows (RSA with RSASSA-PKCS1-v1_5 and RSA-PSS, an EC
// key with ECDSA on its own curve, Ed25519 with Ed25519), never as an HMAC secret.
import type { HashAlgorithm, KeyType, NamedCurve, PrivateKeyHandle, PublicKeyHandle, SignatureAlgorithm } from "../crypto/types.js";

const descriptor = (name: SignatureAlgorithm["name"], key: KeyType, hash?: HashAlgorithm, curve?: NamedCurve): SignatureAlgorithm =>
  Object.freeze({ name, key, ...(hash !== undefined ? { hash } : {}), ...(curve !== undefined ? { curve } : {}) });

/** RSASSA-PKCS1-v1_5 with SHA-1: AWS SNS SignatureVersion 1 only, never offered to JWT. */
export const RSA_SHA1 = /* @__PURE__ */ descriptor("RSASSA-PKCS1-v1_5", "rsa", "SHA-1");
export const RS256 = /* @__PURE__ */ descriptor("RSASSA-PKCS1-v1_5", "rsa", "SHA-256");
export const RS384 = /* @__PURE__ */ descriptor("RSASSA-PKCS1-v1_5", "rsa", "SHA-384");
export const RS512 = /* @__PURE__ */ descriptor("RSASSA-PKCS1-v1_5", "rsa", "SHA-512");
/** RSA-PSS with MGF1 of the same hash and a salt as long as the hash (RFC 7518 §3.5). */
export const PS256 = /* @__PURE__ */ descriptor("RSA-PSS", "rsa", "SHA-256");
export const PS384 = /* @__PURE__ */ descriptor("RSA-PSS", "rsa", "SHA-384");
export const PS512 = /* @__PURE__ */ descriptor("RSA-PSS", "rsa", "SHA-512");
export const ES256 = /* @__PURE__ */ descriptor("ECDSA", "ec", "SHA-256", "P-256");
export const ES384 = /* @__PURE__ */ descriptor("ECDSA", "ec", "SHA-384", "P-384");
export const ES512 = /* @__PURE__ */ descriptor("ECDSA", "ec", "SHA-512", "P-521");
export const EDDSA = /* @__PURE__ */ descriptor("Ed25519", "ed25519");

/** Bytes of one coordinate (and of `r` and `s`) on each curve. */
export const CURVE_BYTES: Readonly<Record<NamedCurve, number>> = { "P-256": 32, "P-384": 48, "P-521": 66 };

/** RSA keys below this many bits are refused (RangeError): API.md, and NIST SP 800-131A. */
export const MIN_RSA_BITS = 2048;
/** RSA keys above this many bits are refused too: each verification's cost grows with the key, and no sender uses more. */
export const MAX_RSA_BITS = 8192;

/** Whether `key` may be used with `algorithm`. */
export const keyFits = (algorithm: SignatureAlgorithm, key: PublicKeyHandle | PrivateKeyHandle): boolean =>
  key.type === algorithm.key && (algorithm.curve === undefined || key.curve === algorithm.curve);

const describeKey = (key: PublicKeyHandle | PrivateKeyHandle): string =>
  key.type === "rsa" ? "an RSA key" : key.type === "ec" ? `an EC ${key.curve} key` : "an Ed25519 key";

const describeAlgorithm = (algorithm: SignatureAlgorithm): string =>
  algorithm.name === "ECDSA" ? `ECDSA on ${algorithm.curve}` : algorithm.hash === undefined ? algorithm.name : `${algorithm.name} with ${algorithm.hash}`;

/** Throws a `TypeError` naming both when `key` may not be used with `algorithm`. */
export function assertKeyFits(algorithm: SignatureAlgorithm, key: PublicKeyHandle | PrivateKeyHandle): void {
  if (!keyFits(algorithm, key)) throw new TypeError(`${describeKey(key)} cannot be used with ${describeAlgorithm(algorithm)}`);
}
