// The JWT view of public and private keys (the keys themselves are src/keys/*): which JWS
// algorithms a key may be used with. The key's type decides, never the token (RFC 8725 §3.1):
// RSA with RS*/PS*, an EC key with the ES* of its curve, Ed25519 with EdDSA; a JWK's "alg", or a
// CryptoKey's own algorithm, narrows that to one.
import type { PrivateKeyHandle, PublicKeyHandle } from "../crypto/types.js";
import { publicKeyFromJwk } from "../keys/jwk.js";
import { looksLikePem } from "../keys/pem.js";
import { privateKeyOf } from "../keys/private-key.js";
import { publicKeyOf } from "../keys/public-key.js";
import type { Jwk } from "../keys/types.js";
import { isArrayBuffer, isUint8Array, decoder } from "../lib/bytes.js";
import { ALL_ALGORITHMS, algorithmNamed, type JwtAlgorithmDescriptor } from "./algorithms.js";

/** A key with the JWS algorithms it may be used with. */
export interface AsymmetricKey {
  readonly handle: PublicKeyHandle | PrivateKeyHandle;
  /** What the key's type allows, or the one algorithm its JWK `alg` or CryptoKey names. */
  readonly allowed: readonly JwtAlgorithmDescriptor[];
  /** The JWK's `kid`, when it has one. */
  readonly kid?: string;
}

const byType = (handle: PublicKeyHandle | PrivateKeyHandle): readonly JwtAlgorithmDescriptor[] =>
  ALL_ALGORITHMS.filter((alg) => alg.signature !== undefined && alg.signature.key === handle.type && (alg.curve === undefined || handle.type !== "ec" || alg.curve === handle.curve));

/** The one algorithm a CryptoKey was imported for (Web Crypto binds an RSA key's hash at import). */
function platformAlgorithm(key: { algorithm: { name: string; hash?: { name: string } } }): JwtAlgorithmDescriptor | undefined {
  const { name, hash } = key.algorithm;
  return ALL_ALGORITHMS.find((alg) => alg.signature?.name === name && (alg.signature.key !== "rsa" || alg.hash === hash?.name));
}

/**
 * A JWK's `alg` as a JWS algorithm: `"Ed25519"` (RFC 9864's fully-specified name, which Web
 * Crypto's `exportKey("jwk")` writes on Ed25519 keys) is EdDSA on that curve, the only EdDSA there is.
 */
const jwkAlgorithm = (alg: string): JwtAlgorithmDescriptor | undefined => algorithmNamed(alg === "Ed25519" ? "EdDSA" : alg);

/** The algorithms `handle` may be used with; `TypeError` when its JWK `alg` does not fit its type. */
function allowedFor(handle: PublicKeyHandle | PrivateKeyHandle, label: string): readonly JwtAlgorithmDescriptor[] {
  const fit = byType(handle);
  const platform = handle.platform as { algorithm: { name: string; hash?: { name: string } } } | undefined;
  const named = handle.alg !== undefined ? jwkAlgorithm(handle.alg) : platform !== undefined ? platformAlgorithm(platform) : undefined;
  if (handle.alg === undefined && platform === undefined) return fit;
  if (named === undefined || !fit.includes(named)) {
    throw new TypeError(`${label} names an algorithm ("alg", or the CryptoKey's own) that does not fit its key type: a key is used only with the algorithms its type allows`);
  }
  return [named];
}

// One AsymmetricKey per handle (handles are cached per key input, keys/public-key.ts), so a
// receiver's key is not re-described for every token; kept in `known` (below) with the keys of
// fetched sets. Only keys that passed allowedFor are kept; `label` only names the key in its TypeError.
function asKey(handle: PublicKeyHandle | PrivateKeyHandle, label: string): AsymmetricKey {
  let key = known.get(handle);
  if (!key) known.set(handle, (key = { handle, allowed: allowedFor(handle, label), ...(handle.kid === undefined ? {} : { kid: handle.kid }) }));
  return key;
}

// ---------------------------------------------------------------------------------------------
// Telling keys from secrets

const PEM_BYTES = /* @__PURE__ */ [0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0x42, 0x45, 0x47, 0x49, 0x4e]; // "-----BEGIN"

/** JSON text of a JWK: an object with a "kty" member (a random secret is never that). */
const isJwkText = (text: string): boolean => /^\s*\{/.test(text) && text.includes('"kty"');

/** Whether bytes (say `readFileSync("key.pem")`) begin with "-----BEGIN" after white space. */
function isPemBytes(bytes: Uint8Array): boolean {
  let start = 0;
  while (start < bytes.length && start < 64 && (bytes[start] === 0x20 || bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x09)) start++;
  for (let i = 0; i < PEM_BYTES.length; i++) if (bytes[start + i] !== PEM_BYTES[i]) return false;
  return true;
}

const bytesOf = (value: Uint8Array | ArrayBuffer): Uint8Array => (value instanceof ArrayBuffer ? new Uint8Array(value) : value);

/**
 * A string or bytes that must be read as a key, not used as an HMAC secret: PEM text or bytes
 * (a key or certificate), or a JWK as JSON text. These are the classic confusions of a public
 * key with a shared secret (RFC 8725 §2.1). Anything else (hex, base64, passphrases) is a secret.
 */
export function looksLikeKey(value: unknown): boolean {
  if (typeof value === "string") return looksLikePem(value) || isJwkText(value);
  if (isUint8Array(value) || isArrayBuffer(value)) {
    const bytes = bytesOf(value);
    return isPemBytes(bytes) || (bytes[0] === 0x7b && bytes.length < 65536 && isJwkText(decoder.decode(bytes)));
  }
  return false;
}

/** Key text from bytes that {@link looksLikeKey} (PEM or JWK text read from a file). */
const asText = (input: unknown): unknown => (isUint8Array(input) || isArrayBuffer(input) ? decoder.decode(bytesOf(input)) : input);

/**
 * A public key given by the caller: PEM (SPKI, PKCS #1 or a certificate), a JWK (an object, or
 * JSON text), a CryptoKey or a KeyObject. `TypeError` for anything else, `RangeError` for an RSA
 * key outside 2048..8192 bits.
 */
export const publicKey = (input: unknown, label: string): AsymmetricKey => asKey(publicKeyOf(asText(input), label), label);

/** A private key for signJwt: PKCS #8 PEM, a private JWK, a CryptoKey or a KeyObject (a separate function, so verifying bundles carry no private-key parsing). */
export const privateKey = (input: unknown, label: string): AsymmetricKey => asKey(privateKeyOf(asText(input), label), label);

// Keys of a fetched key set: a key that cannot be used (another use, a secret, an RSA key below
// 2048 bits, a JWK hookseal does not know) is left out, never an error: the set is the
// issuer's, not the receiver's configuration. Remembered per JWK object (a set's objects live
// as long as the fetched set), so a cached set costs no key parsing per token. The same map
// holds asKey's keys per handle (a handle is never a JWK object: no key is shared).
const known = /* @__PURE__ */ new WeakMap<object, AsymmetricKey | null>();

/** The key of one JWK from a key set, or undefined when it cannot verify signatures. */
export function keySetKey(jwk: Jwk): AsymmetricKey | undefined {
  let key = known.get(jwk);
  if (key === undefined) {
    try {
      key = asKey(publicKeyFromJwk(jwk as Record<string, unknown>, "a key of the key set"), "a key of the key set");
    } catch {
      key = null;
    }
    known.set(jwk, key);
  }
  return key ?? undefined;
}
