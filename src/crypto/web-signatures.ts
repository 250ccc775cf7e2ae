// Public-key signatures on Web Crypto: part of `webCrypto`, and what the public-key steps fall
// back to when the provider in use has none (the web entry points' lean default), so that
// bundles without a public-key scheme carry none of it. Never imports node:*.
import { HASH_BYTES, type CryptoProvider, type PrivateKeyHandle, type PublicKeyHandle, type SignatureAlgorithm } from "./types.js";
import { joinedBytes, type Part } from "../lib/bytes.js";
import { subtle } from "./web-keys.js";

type Handle = PublicKeyHandle | PrivateKeyHandle;

// Imported keys per handle and algorithm (Web Crypto binds an RSA key's hash at import), found
// by the algorithm descriptor itself: no id string to build per call. The import's promise
// until it settles, then the CryptoKey itself, used without waiting a turn for it.
const imported = /* @__PURE__ */ new WeakMap<Handle, Map<SignatureAlgorithm, CryptoKey | Promise<CryptoKey>>>();

const importParameters = (algorithm: SignatureAlgorithm): RsaHashedImportParams | EcKeyImportParams | Algorithm =>
  algorithm.name === "ECDSA"
    ? { name: "ECDSA", namedCurve: algorithm.curve! }
    : algorithm.hash === undefined
      ? { name: algorithm.name }
      : { name: algorithm.name, hash: algorithm.hash };

const signParameters = (algorithm: SignatureAlgorithm): RsaPssParams | EcdsaParams | Algorithm =>
  algorithm.name === "RSA-PSS"
    ? { name: "RSA-PSS", saltLength: HASH_BYTES[algorithm.hash!] }
    : algorithm.name === "ECDSA"
      ? { name: "ECDSA", hash: algorithm.hash! }
      : { name: algorithm.name };

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

/** The CryptoKey of a handle for `algorithm`: at once when imported before, else the import's promise. */
function cryptoKeyOf(handle: Handle, algorithm: SignatureAlgorithm, usage: "verify" | "sign"): CryptoKey | Promise<CryptoKey> {
  if (handle.platform !== undefined) return givenKey(handle, algorithm);
  let forHandle = imported.get(handle);
  if (forHandle === undefined) imported.set(handle, (forHandle = new Map()));
  let key = forHandle.get(algorithm);
  if (key === undefined) {
    const der = usage === "verify" ? (handle as PublicKeyHandle).spki! : (handle as PrivateKeyHandle).pkcs8!;
    key = subtle()
      .importKey(usage === "verify" ? "spki" : "pkcs8", der as BufferSource, importParameters(algorithm), false, [usage])
      .then(
        (cryptoKey) => (forHandle.set(algorithm, cryptoKey), cryptoKey), // from now on, without waiting a turn
        () => {
          forHandle.delete(algorithm); // never keep a failed import
          throw new TypeError(`the ${describe(handle)} key could not be imported: it is not a valid key`);
        },
      );
    forHandle.set(algorithm, key);
  }
  return key;
}

// Text parts are encoded here (they come as text from the steps: keys/signature-steps.ts).
const joined = (parts: readonly Part[]): BufferSource => joinedBytes(parts) as BufferSource;

// Parts may be text: the steps give them as they are (keys/signature-steps.ts).
export const publicKeyVerify = async (algorithm: SignatureAlgorithm, handle: PublicKeyHandle, signature: Uint8Array, parts: readonly Part[]): Promise<boolean> => {
  let key = cryptoKeyOf(handle, algorithm, "verify");
  if (key instanceof Promise) key = await key; // a key imported before is used at once
  try {
    return await subtle().verify(signParameters(algorithm), key, signature as BufferSource, joined(parts));
  } catch {
    return false; // a signature the platform cannot even parse verifies nothing
  }
};

export const privateKeySign = async (algorithm: SignatureAlgorithm, handle: PrivateKeyHandle, parts: readonly Uint8Array[]): Promise<Uint8Array> =>
  new Uint8Array(await subtle().sign(signParameters(algorithm), await cryptoKeyOf(handle, algorithm, "sign"), joined(parts)));

/** The public-key part of a provider, on Web Crypto. */
export const webSignatures = { publicKeyVerify, privateKeySign } satisfies Pick<CryptoProvider, "publicKeyVerify" | "privateKeySign">;
