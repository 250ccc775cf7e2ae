// Private keys for signing: PKCS#8 PEM, a private JWK, a CryptoKey or a KeyObject.
import type { Jwk, NodeKeyObject, WebCryptoKey } from "./types.js";
import type { NamedCurve, PrivateKeyHandle } from "../crypto/types.js";
import { CURVE_BYTES } from "./algorithms.js";
import { contentOf, expectTlv, INTEGER, OCTET_STRING, OID, readTlv, SEQUENCE, unsignedInteger } from "./der.js";
import { privateKeyFromJwk } from "./jwk.js";
import { readPem } from "./pem.js";
import { describeCryptoKey, exportedKeyObject, isCryptoKey, isKeyObject } from "./platform.js";
import { bitLength, curveOf, EC_PUBLIC_KEY, ED25519_OID, checkedRsaBits, RSA_ENCRYPTION, sameBytes } from "./spki.js";

/**
 * A private key as hookseal signs with it: PEM `PRIVATE KEY` (PKCS#8), a private JWK, a Web
 * Crypto `CryptoKey` or a node:crypto `KeyObject`.
 *
 * @example
 * ```ts
 * const headers = await sign(discord, { secret: process.env.TEST_ED25519_PRIVATE_KEY_PEM!, payload });
 * ```
 */
export type PrivateKeyInput = string | Jwk | WebCryptoKey | NodeKeyObject;

const bad = (what: string, why: string): TypeError => new TypeError(`${what} is not a supported private key: ${why}`);

/** A private key from DER PKCS#8 PrivateKeyInfo (RFC 5208/5958): RSA, EC on P-256/P-384/P-521, or Ed25519. */
export function privateKeyFromPkcs8(der: Uint8Array, what: string): PrivateKeyHandle {
  const outer = expectTlv(der, 0, SEQUENCE);
  const version = outer && expectTlv(der, outer.start, INTEGER, outer.end);
  const algorithm = version && expectTlv(der, version.end, SEQUENCE, outer!.end);
  const key = algorithm && expectTlv(der, algorithm.end, OCTET_STRING, outer!.end);
  if (key === undefined || outer!.end !== der.length) throw bad(what, "not DER PKCS#8");
  const oid = expectTlv(der, algorithm!.start, OID, algorithm!.end);
  if (oid === undefined) throw bad(what, "not DER PKCS#8");
  const parameters = oid.end < algorithm!.end ? readTlv(der, oid.end, algorithm!.end) : undefined;
  const algorithmOid = contentOf(der, oid);
  const inner = contentOf(der, key);
  if (sameBytes(algorithmOid, RSA_ENCRYPTION)) {
    // RSAPrivateKey: version, then the modulus.
    const sequence = expectTlv(inner, 0, SEQUENCE);
    const innerVersion = sequence && expectTlv(inner, sequence.start, INTEGER, sequence.end);
    const n = innerVersion && expectTlv(inner, innerVersion.end, INTEGER, sequence!.end);
    const modulus = n && unsignedInteger(contentOf(inner, n));
    if (modulus === undefined) throw bad(what, "its RSA key is not a DER RSAPrivateKey");
    return { type: "rsa", bits: checkedRsaBits(bitLength(modulus), what), pkcs8: der };
  }
  if (sameBytes(algorithmOid, EC_PUBLIC_KEY)) {
    const curve: NamedCurve | undefined = parameters?.tag === OID ? curveOf(contentOf(der, parameters)) : undefined;
    if (curve === undefined) throw bad(what, "its EC curve is not P-256, P-384 or P-521 (named by OID)");
    const sequence = expectTlv(inner, 0, SEQUENCE);
    const innerVersion = sequence && expectTlv(inner, sequence.start, INTEGER, sequence.end);
    const scalar = innerVersion && expectTlv(inner, innerVersion.end, OCTET_STRING, sequence!.end);
    if (scalar === undefined || scalar.end - scalar.start !== CURVE_BYTES[curve]) throw bad(what, "its EC key is not a DER ECPrivateKey");
    return { type: "ec", curve, pkcs8: der };
  }
  if (sameBytes(algorithmOid, ED25519_OID)) {
    const seed = expectTlv(inner, 0, OCTET_STRING);
    if (seed === undefined || seed.end !== inner.length || seed.end - seed.start !== 32) throw bad(what, "its Ed25519 key is not a 32-byte seed");
    return { type: "ed25519", pkcs8: der };
  }
  throw bad(what, "its algorithm is not RSA, EC or Ed25519");
}

/** The handle of a private key input; `TypeError` for a public key or anything unsupported, `RangeError` for a small RSA key. */
export function privateKeyOf(input: unknown, what = "the private key"): PrivateKeyHandle {
  if (typeof input === "string") {
    const text = input.trim();
    if (text.startsWith("{")) {
      let jwk: unknown;
      try {
        jwk = JSON.parse(text);
      } catch {
        throw bad(what, 'it starts with "{" but is not JSON (a JWK)');
      }
      if (jwk === null || typeof jwk !== "object" || Array.isArray(jwk)) throw bad(what, "JSON but not a JWK object");
      return privateKeyFromJwk(jwk as Record<string, unknown>, what);
    }
    const pem = readPem(text);
    if (pem === undefined) throw bad(what, 'expected PEM "PRIVATE KEY" (PKCS#8) or a private JWK');
    if (pem.label === "PRIVATE KEY") return privateKeyFromPkcs8(pem.der, what);
    if (pem.label === "RSA PRIVATE KEY" || pem.label === "EC PRIVATE KEY") {
      throw bad(what, `PEM "${pem.label}" is not PKCS#8: convert it with \`openssl pkcs8 -topk8 -nocrypt -in key.pem\``);
    }
    throw bad(what, `PEM "${pem.label}" is not "PRIVATE KEY" (PKCS#8, unencrypted)`);
  }
  if (isCryptoKey(input)) {
    if (input.type !== "private") throw bad(what, "it is a public CryptoKey: sign with the private key");
    return { ...describeCryptoKey(input, what), platform: input };
  }
  if (isKeyObject(input)) {
    if (input.type !== "private") throw bad(what, "it is a public KeyObject: sign with the private key");
    return privateKeyFromPkcs8(exportedKeyObject(input), what);
  }
  if (input !== null && typeof input === "object") return privateKeyFromJwk(input as Record<string, unknown>, what);
  throw new TypeError(`${what} must be a PEM string, a JWK, a CryptoKey or a KeyObject, got ${input === null ? "null" : typeof input}`);
}
