// What the key argument of verifyJwt is: shared secrets (HMAC), public keys, or a key set; and
// which algorithms that allows. A value is read as a key when it looks like one (PEM text or
// bytes, a JWK, a platform key), so a public key is never used as an HMAC secret.
import { isKeySet, type KeySet } from "../keys/jwks.js";
import { allowedAlgorithms, PUBLIC_KEY_ALGORITHMS, type JwtAlgorithmDescriptor } from "./algorithms.js";
import { verificationKeys } from "./keys.js";
import { publicKey, looksLikeKey, type AsymmetricKey } from "./public-keys.js";
import { isArrayBuffer, isUint8Array } from "../lib/bytes.js";

export type VerificationKeys =
  | { readonly kind: "secrets"; readonly keys: readonly Uint8Array[]; readonly allowed: readonly JwtAlgorithmDescriptor[] }
  | { readonly kind: "public"; readonly keys: readonly AsymmetricKey[]; readonly allowed: readonly JwtAlgorithmDescriptor[] }
  | { readonly kind: "set"; readonly set: KeySet; readonly allowed: readonly JwtAlgorithmDescriptor[] };

/** A string or bytes that is not a key in disguise: an HMAC secret. */
const isSecret = (value: unknown): boolean => (typeof value === "string" || isUint8Array(value) || isArrayBuffer(value)) && !looksLikeKey(value);

function refuseHmac(allowed: readonly JwtAlgorithmDescriptor[], what: string): void {
  const hmac = allowed.find((alg) => alg.family === "HS");
  if (hmac !== undefined) {
    throw new TypeError(`options.algorithms lists ${hmac.name}, but the key is ${what}: an HMAC algorithm needs a shared secret, and a public key is never one`);
  }
}

/**
 * The keys of `verifyJwt(token, key, { algorithms })`, checked before any token is read:
 * `TypeError`/`RangeError` for a key or an algorithm list that cannot be right.
 */
export function verificationKeysOf(key: unknown, algorithms: unknown): VerificationKeys {
  if (isSecret(key)) {
    const allowed = allowedSecretAlgorithms(algorithms);
    return { kind: "secrets", keys: verificationKeys(key, allowed), allowed };
  }
  if (isKeySet(key)) {
    const allowed = allowedAlgorithms(algorithms, PUBLIC_KEY_ALGORITHMS);
    if (algorithms !== undefined) refuseHmac(allowed, "a key set"); // only a list the caller wrote can name one
    return { kind: "set", set: key, allowed };
  }
  if (Array.isArray(key)) {
    const list: readonly unknown[] = key;
    if (list.length > 0 && list.every(isSecret)) {
      const allowed = allowedSecretAlgorithms(algorithms);
      return { kind: "secrets", keys: verificationKeys(list, allowed), allowed };
    }
    if (list.length === 0) throw new RangeError("verifyJwt needs at least one key");
    if (list.some(isSecret)) throw new TypeError("verifyJwt(token, keys): the list mixes shared secrets and public keys; verify with one kind at a time");
    if (list.some((item) => isKeySet(item))) throw new TypeError("verifyJwt(token, keys): pass a key set on its own, not in a list");
    return publicKeys(list.map((item, index) => publicKey(item, list.length === 1 ? "the key" : `key #${index}`)), algorithms);
  }
  return publicKeys([publicKey(key, "the key")], algorithms);
}

function allowedSecretAlgorithms(algorithms: unknown): readonly JwtAlgorithmDescriptor[] {
  const allowed = allowedAlgorithms(algorithms);
  if (algorithms === undefined) return allowed; // the default, HS256
  const other = allowed.find((alg) => alg.family !== "HS");
  if (other !== undefined) throw new TypeError(`options.algorithms lists ${other.name}, which needs a public key, but the key is a shared secret`);
  return allowed;
}

/** By default, what the keys' types (or JWK `alg`s) allow; every listed algorithm must fit some key. */
function publicKeys(keys: readonly AsymmetricKey[], algorithms: unknown): VerificationKeys {
  const fit: JwtAlgorithmDescriptor[] = [];
  for (const key of keys) for (const alg of key.allowed) if (!fit.includes(alg)) fit.push(alg);
  if (algorithms === undefined) return { kind: "public", keys, allowed: fit };
  const allowed = allowedAlgorithms(algorithms);
  refuseHmac(allowed, "a public key");
  const unfit = allowed.find((alg) => !fit.includes(alg));
  if (unfit !== undefined) throw new TypeError(`options.algorithms lists ${unfit.name}, but no key given can verify it (a key is used only with the algorithms its type allows)`);
  return { kind: "public", keys, allowed };
}
