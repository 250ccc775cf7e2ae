// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) for the three key types: read strictly, and always
// written back in one canonical form, so both adapters import the same bytes whatever form the
// key came in (PEM, certificate, JWK, a scheme's text).
import type { NamedCurve, PublicKeyHandle } from "../crypto/types.js";
import { spkiFromPublicKey } from "../crypto/ed25519-der.js";
import { CURVE_BYTES, MAX_RSA_BITS, MIN_RSA_BITS } from "./algorithms.js";
import { BIT_STRING, bitString, contentOf, expectTlv, integer, INTEGER, NULL, OID, readTlv, SEQUENCE, tlv, unsignedInteger } from "./der.js";

// Object identifiers, as their DER content bytes.
export const RSA_ENCRYPTION = /* @__PURE__ */ Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01); // 1.2.840.113549.1.1.1
const RSASSA_PSS = /* @__PURE__ */ Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a); // 1.2.840.113549.1.1.10
export const EC_PUBLIC_KEY = /* @__PURE__ */ Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01); // 1.2.840.10045.2.1
export const ED25519_OID = /* @__PURE__ */ Uint8Array.of(0x2b, 0x65, 0x70); // 1.3.101.112 (RFC 8410)
export const CURVE_OIDS: Readonly<Record<NamedCurve, Uint8Array>> = {
  "P-256": /* @__PURE__ */ Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07), // prime256v1
  "P-384": /* @__PURE__ */ Uint8Array.of(0x2b, 0x81, 0x04, 0x00, 0x22), // secp384r1
  "P-521": /* @__PURE__ */ Uint8Array.of(0x2b, 0x81, 0x04, 0x00, 0x23), // secp521r1
};

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The curve an OID names, or undefined. */
export function curveOf(oid: Uint8Array): NamedCurve | undefined {
  for (const curve of ["P-256", "P-384", "P-521"] as const) if (sameBytes(oid, CURVE_OIDS[curve])) return curve;
  return undefined;
}

const bad = (what: string, why: string): TypeError => new TypeError(`${what} is not a supported public key: ${why}`);

/** Bit length of an unsigned big-endian magnitude with no leading zero byte. */
export function bitLength(magnitude: Uint8Array): number {
  if (magnitude.length === 0) return 0;
  return (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0]!));
}

/** An RSA modulus length checked: 2048 to 8192 bits, `RangeError` outside. */
export function checkedRsaBits(bits: number, what: string): number {
  if (bits < MIN_RSA_BITS) throw new RangeError(`${what} is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`);
  if (bits > MAX_RSA_BITS) throw new RangeError(`${what} is a ${bits}-bit RSA key; at most ${MAX_RSA_BITS} bits are accepted`);
  return bits;
}

/** RSA modulus and exponent checked: 2048 to 8192 bits (RangeError outside), an odd exponent of at most 32 bits. */
export function checkedRsa(n: Uint8Array, e: Uint8Array, what: string): number {
  let first = 0;
  while (first < n.length && n[first] === 0) first++;
  const bits = checkedRsaBits(bitLength(n.subarray(first)), what);
  let start = 0;
  while (start < e.length && e[start] === 0) start++;
  const exponent = e.subarray(start);
  if (exponent.length === 0 || exponent.length > 4 || !(exponent[exponent.length - 1]! & 1) || (exponent.length === 1 && exponent[0]! < 3)) {
    throw bad(what, "its RSA public exponent is not an odd number from 3 to 2^32");
  }
  return bits;
}

/** The canonical SPKI of an RSA key (rsaEncryption, NULL parameters). */
export const rsaSpki = (n: Uint8Array, e: Uint8Array): Uint8Array =>
  tlv(SEQUENCE, tlv(SEQUENCE, tlv(OID, RSA_ENCRYPTION), Uint8Array.of(NULL, 0)), bitString(tlv(SEQUENCE, integer(n), integer(e))));

/** The canonical SPKI of an EC key from its uncompressed point (0x04 ‖ x ‖ y). */
export const ecSpki = (curve: NamedCurve, point: Uint8Array): Uint8Array =>
  tlv(SEQUENCE, tlv(SEQUENCE, tlv(OID, EC_PUBLIC_KEY), tlv(OID, CURVE_OIDS[curve])), bitString(point));

/** An uncompressed point of `curve`, checked for its length and form (not its curve equation: the platform checks that on import). */
export function checkedPoint(curve: NamedCurve, point: Uint8Array, what: string): Uint8Array {
  if (point[0] === 0x02 || point[0] === 0x03) throw bad(what, "its EC point is compressed; give the uncompressed form");
  if (point.length !== 1 + 2 * CURVE_BYTES[curve] || point[0] !== 0x04) throw bad(what, `its EC point is not a ${curve} point`);
  return point;
}

/** An RSAPublicKey (PKCS#1) as n and e, or undefined. */
export function readRsaPublicKey(der: Uint8Array): { n: Uint8Array; e: Uint8Array } | undefined {
  const sequence = expectTlv(der, 0, SEQUENCE);
  if (sequence === undefined || sequence.end !== der.length) return undefined;
  const n = expectTlv(der, sequence.start, INTEGER, sequence.end);
  const e = n && expectTlv(der, n.end, INTEGER, sequence.end);
  if (e === undefined || e.end !== sequence.end) return undefined;
  const modulus = unsignedInteger(contentOf(der, n!));
  const exponent = unsignedInteger(contentOf(der, e));
  return modulus && exponent ? { n: modulus, e: exponent } : undefined;
}

/**
 * A public key from DER SubjectPublicKeyInfo: RSA (rsaEncryption), EC on P-256/P-384/P-521, or
 * Ed25519. Strict DER, no trailing bytes. `TypeError` for anything else, `RangeError` for an RSA
 * key outside 2048..8192 bits. `what` names the key in messages (never its bytes).
 */
export function publicKeyFromSpki(der: Uint8Array, what: string): PublicKeyHandle {
  const outer = expectTlv(der, 0, SEQUENCE);
  if (outer === undefined || outer.end !== der.length) throw bad(what, "not DER SubjectPublicKeyInfo");
  const algorithm = expectTlv(der, outer.start, SEQUENCE, outer.end);
  const keyBits = algorithm && expectTlv(der, algorithm.end, BIT_STRING, outer.end);
  if (keyBits === undefined || keyBits.end !== outer.end) throw bad(what, "not DER SubjectPublicKeyInfo");
  const oid = expectTlv(der, algorithm!.start, OID, algorithm!.end);
  if (oid === undefined) throw bad(what, "not DER SubjectPublicKeyInfo");
  const parameters = oid.end < algorithm!.end ? readTlv(der, oid.end, algorithm!.end) : undefined;
  if (parameters !== undefined && parameters.end !== algorithm!.end) throw bad(what, "not DER SubjectPublicKeyInfo");
  const bits = contentOf(der, keyBits);
  if (bits.length < 2 || bits[0] !== 0) throw bad(what, "its key is not a whole number of bytes");
  const key = bits.subarray(1);
  const algorithmOid = contentOf(der, oid);

  if (sameBytes(algorithmOid, RSA_ENCRYPTION)) {
    // RFC 3279 §2.3.1: the parameters are NULL (some encoders leave them out).
    if (parameters !== undefined && (parameters.tag !== NULL || parameters.end !== parameters.start)) throw bad(what, "its RSA parameters are not NULL");
    const rsa = readRsaPublicKey(key);
    if (rsa === undefined) throw bad(what, "its RSA key is not a DER RSAPublicKey");
    const size = checkedRsa(rsa.n, rsa.e, what);
    return { type: "rsa", bits: size, spki: rsaSpki(rsa.n, rsa.e) };
  }
  if (sameBytes(algorithmOid, EC_PUBLIC_KEY)) {
    const curve = parameters?.tag === OID ? curveOf(contentOf(der, parameters)) : undefined;
    if (curve === undefined) throw bad(what, "its EC curve is not P-256, P-384 or P-521 (named by OID)");
    return { type: "ec", curve, spki: ecSpki(curve, checkedPoint(curve, key, what)) };
  }
  if (sameBytes(algorithmOid, ED25519_OID)) {
    if (parameters !== undefined) throw bad(what, "an Ed25519 key has no parameters (RFC 8410)");
    if (key.length !== 32) throw bad(what, "an Ed25519 key is 32 bytes");
    return { type: "ed25519", spki: spkiFromPublicKey(key) };
  }
  if (sameBytes(algorithmOid, RSASSA_PSS)) throw bad(what, "RSA-PSS-only keys (id-RSASSA-PSS) cannot be imported by Web Crypto; use an rsaEncryption key");
  throw bad(what, "its algorithm is not RSA, EC or Ed25519");
}
