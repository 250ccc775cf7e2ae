// Platform key objects, recognised by shape so that nothing here imports node:* or needs a
// global that a runtime may lack: Web Crypto's CryptoKey and node:crypto's KeyObject.
import type { KeyType, NamedCurve } from "../crypto/types.js";
import { checkedRsaBits } from "./spki.js";

interface CryptoKeyLike {
  readonly type: string;
  readonly algorithm: { readonly name: string; readonly namedCurve?: string; readonly modulusLength?: number; readonly hash?: { readonly name: string } };
  readonly usages: readonly string[];
}

interface KeyObjectLike {
  readonly type: string;
  readonly asymmetricKeyType?: string;
  export(options: { format: "der"; type: "spki" | "pkcs8" }): Uint8Array;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object";

/** A Web Crypto `CryptoKey` (of any realm). */
export const isCryptoKey = (value: unknown): value is CryptoKeyLike =>
  isObject(value) && typeof value.type === "string" && isObject(value.algorithm) && typeof value.algorithm.name === "string" && Array.isArray(value.usages);

/** A node:crypto `KeyObject` of an asymmetric key. */
export const isKeyObject = (value: unknown): value is KeyObjectLike =>
  isObject(value) && typeof value.export === "function" && typeof value.asymmetricKeyType === "string" && (value.type === "public" || value.type === "private");

/** DER of a KeyObject (SPKI for a public key, PKCS#8 for a private one). */
export function exportedKeyObject(key: KeyObjectLike): Uint8Array {
  const der = key.export({ format: "der", type: key.type === "public" ? "spki" : "pkcs8" });
  return new Uint8Array(der.buffer, der.byteOffset, der.byteLength);
}

/** Type, curve and size of a CryptoKey, checked as a parsed key would be. */
export function describeCryptoKey(key: CryptoKeyLike, what: string): { type: KeyType; curve?: NamedCurve; bits?: number } {
  const { name, namedCurve, modulusLength } = key.algorithm;
  if (name === "RSASSA-PKCS1-v1_5" || name === "RSA-PSS") {
    return { type: "rsa", bits: checkedRsaBits(modulusLength ?? 0, what) };
  }
  if (name === "ECDSA" && (namedCurve === "P-256" || namedCurve === "P-384" || namedCurve === "P-521")) return { type: "ec", curve: namedCurve };
  if (name === "Ed25519") return { type: "ed25519" };
  throw new TypeError(`${what} is a CryptoKey for ${name}${namedCurve ? ` ${namedCurve}` : ""}, not a signing key hookseal supports (RSA, ECDSA on P-256/P-384/P-521, Ed25519)`);
}
