// Public-key signatures on Web Crypto: part of `webCrypto`, and what the public-key steps fall
// back to when the provider in use has none (the web entry points' lean default), so that
// bundles without a public-key scheme carry none of it. Never imports node:*.
import { HASH_BYTES, type CryptoProvider, type PrivateKeyHandle, type PublicKeyHandle, type SignatureAlgorithm } from "./types.js";
import { concatBytes } from "../lib/bytes.js";
import { subtle } from "./web-keys.js";

type Handle = PublicKeyHandle | PrivateKeyHandle;

// Imported keys per handle and algorithm (Web Crypto binds an RSA key's hash at import): the
// import's promise, replaced by the key once it has settled, so a warm call awaits nothing.
const imported = /* @__PURE__ */ new WeakMap<Handle, Map<SignatureAlgorithm, Promise<CryptoKey> | CryptoKey>>();

const importParameters = (algorithm: SignatureAlgorithm): RsaHashedImportParams | EcKeyImportParams | Algorithm =>
  algorithm.name === "ECDSA"
    ? { name: "ECDSA", namedCurve: algorithm.curve! }
    : algorithm.hash === undefined
      ? { name: algorithm.name }
      : { name: algorithm.name, hash: algorithm.hash };

const makeSignParameters = (algorithm: SignatureAlgorithm): RsaPssParams | EcdsaParams | Algorithm =>
  algorithm.name === "RSA-PSS"
    ? { name: "RSA-PSS", saltLength: HASH_BYTES[algorithm.hash!] }
    : algorithm.name === "ECDSA"
      ? { name: "ECDSA", hash: algorithm.hash! }
      : { name: algorithm.name };

// One parameters object per algorithm (Web Crypto reads it at the call and keeps nothing of it).
const parameters = /* @__PURE__ */ new Map<SignatureAlgorithm, RsaPssParams | EcdsaParams | Algorithm>();
function signParameters(algorithm: SignatureAlgorithm): RsaPssParams | EcdsaParams | Algorithm {
  let found = parameters.get(algorithm);
  if (found === undefined) parameters.set(algorithm, (found = makeSignParameters(algorithm)));
  return found;
}

const describe = (handle: Handle): string => (handle.type === "ec" ? `EC ${handle.curve}` : handle.type === "rsa" ? "RSA" : "Ed25519");

/** A platform CryptoKey given as is must already be for this algorithm (and, for RSA, this hash). */
function givenKey(handle: Handle, algorithm: SignatureAlgorithm): CryptoKey {
  const key = handle.platform as CryptoKey;
  const { name, hash } = key.algorithm as RsaHashedKeyAlgorithm;
  if (name !== algorithm.name || (algorithm.key === "rsa" && hash?.name !== algorithm.hash)) {
    throw new TypeError(`the CryptoKey was imported for ${name}${hash ? ` with ${hash.name}` : ""}: import it for ${algorithm.name}${algorithm.key === "rsa" ? ` with ${algorithm.hash}` : ""}, or pass the key as PEM or JWK`);
  }
  return key;
}

/** The CryptoKey, or the promise of its import; throws (in the async caller: rejects) for a platform key of another algorithm. */
function cryptoKeyOf(handle: Handle, algorithm: SignatureAlgorithm, usage: "verify" | "sign"): Promise<CryptoKey> | CryptoKey {
  if (handle.platform !== undefined) return givenKey(handle, algorithm);
  let forHandle = imported.get(handle);
  if (forHandle === undefined) imported.set(handle, (forHandle = new Map()));
  let key = forHandle.get(algorithm);
  if (key === undefined) {
    const der = usage === "verify" ? (handle as PublicKeyHandle).spki! : (handle as PrivateKeyHandle).pkcs8!;
    const pending = subtle()
      .importKey(usage === "verify" ? "spki" : "pkcs8", der as BufferSource, importParameters(algorithm), false, [usage])
      .then(
        (cryptoKey) => {
          if (forHandle.get(algorithm) === pending) forHandle.set(algorithm, cryptoKey);
          return cryptoKey;
        },
        () => {
          forHandle.delete(algorithm); // never keep a failed import
          throw new TypeError(`the ${describe(handle)} key could not be imported: it is not a valid key`);
        },
      );
    forHandle.set(algorithm, pending);
    key = pending;
  }
  return key;
}

const joined = (parts: readonly Uint8Array[]): BufferSource => (parts.length === 1 ? parts[0]! : concatBytes(parts)) as BufferSource;

export const publicKeyVerify: NonNullable<CryptoProvider["publicKeyVerify"]> = async (algorithm, handle, signature, parts) => {
  const found = cryptoKeyOf(handle, algorithm, "verify");
  const key = found instanceof Promise ? await found : found;
  try {
    return await subtle().verify(signParameters(algorithm), key, signature as BufferSource, joined(parts));
  } catch {
    return false; // a signature the platform cannot even parse verifies nothing
  }
};

export const privateKeySign: NonNullable<CryptoProvider["privateKeySign"]> = async (algorithm, handle, parts) => {
  const found = cryptoKeyOf(handle, algorithm, "sign");
  return new Uint8Array(await subtle().sign(signParameters(algorithm), found instanceof Promise ? await found : found, joined(parts)));
};

/** The public-key part of a provider, on Web Crypto. */
export const webSignatures: Pick<CryptoProvider, "publicKeyVerify" | "privateKeySign"> = { publicKeyVerify, privateKeySign };
