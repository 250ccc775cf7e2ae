// Ed25519 on Web Crypto: part of `webCrypto`, and what a scheme's Ed25519 rule falls back to
// when the provider in use has no Ed25519 (the web entry points' lean default, webCryptoCore).
import { fromBase64Url } from "../lib/base64.js";
import { pkcs8FromSeed } from "./ed25519-der.js";
import type { CryptoProvider } from "./types.js";
import { concatBytes } from "../lib/bytes.js";
import { importedKey, subtle } from "./web-keys.js";

const ED25519 = "Ed25519";
// Web Crypto cannot stream, and Ed25519 hashes the whole message anyway: parts are joined.
const joined = (parts: readonly Uint8Array[]): BufferSource => (parts.length === 1 ? parts[0]! : concatBytes(parts)) as BufferSource;
const ed25519Private = (seed: Uint8Array, extractable: boolean) =>
  subtle().importKey("pkcs8", pkcs8FromSeed(seed) as BufferSource, ED25519, extractable, ["sign"]);

export const ed25519Sign: CryptoProvider["ed25519Sign"] = async (seed, parts) => {
  const key = await importedKey("Ed25519-seed", seed, () => ed25519Private(seed, false));
  return new Uint8Array(await subtle().sign(ED25519, key, joined(parts)));
};

export const ed25519Verify: CryptoProvider["ed25519Verify"] = async (publicKey, signature, parts) => {
  const load = () => subtle().importKey("raw", publicKey as BufferSource, ED25519, false, ["verify"]);
  try {
    const key = await importedKey("Ed25519-public", publicKey, load);
    return await subtle().verify(ED25519, key, signature as BufferSource, joined(parts));
  } catch {
    return false; // a key or signature the platform cannot even parse verifies nothing
  }
};

export const ed25519PublicKey: CryptoProvider["ed25519PublicKey"] = async (seed) => {
  // Web Crypto derives the public key only through an export: the private JWK carries it as "x".
  const jwk = await subtle().exportKey("jwk", await ed25519Private(seed, true));
  const publicKey = typeof jwk.x === "string" ? fromBase64Url(jwk.x) : undefined;
  if (publicKey === undefined) throw new Error("Web Crypto returned an Ed25519 key without a public part");
  return publicKey;
};

/** The Ed25519 part of a provider, on Web Crypto. */
export const webEd25519: Pick<CryptoProvider, "ed25519Sign" | "ed25519Verify" | "ed25519PublicKey"> = { ed25519Sign, ed25519Verify, ed25519PublicKey };
