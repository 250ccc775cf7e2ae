// ECDSA signatures in their two encodings: JOSE's and Web Crypto's raw r‖s (IEEE P1363, RFC
// 7518 §3.4), and the DER SEQUENCE { r INTEGER, s INTEGER } that SendGrid sends (RFC 3279
// §2.2.3). Both are read strictly and r and s must lie in [1, n-1] (SEC 1 §4.1.4 step 1),
// checked here before any platform sees them (CVE-2022-21449 accepted r = s = 0).
//
// High s is ACCEPTED: ECDSA as standardised (FIPS 186-5, SEC 1, RFC 7518) has no low-s rule,
// and node:crypto, Web Crypto and the providers' own SDKs accept both. The malleability this
// allows — (r, n-s) is a second valid signature of the same message — gains an attacker nothing
// here: a replay key is never made from signature bytes (the message id, or a digest of the
// signed content).
import type { NamedCurve } from "../crypto/types.js";
import { fromHex } from "../lib/hex.js";
import { CURVE_BYTES } from "./algorithms.js";
import { contentOf, expectTlv, INTEGER, integer, SEQUENCE, tlv, unsignedInteger } from "./der.js";

/** The order n of each curve's base point (SEC 2; as `openssl ecparam -param_enc explicit -text` prints it), big-endian, CURVE_BYTES long. */
const ORDERS: Readonly<Record<NamedCurve, string>> = {
  "P-256": "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  "P-384": "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
  "P-521":
    "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
};
const orders = /* @__PURE__ */ new Map<NamedCurve, Uint8Array>();
const orderOf = (curve: NamedCurve): Uint8Array => orders.get(curve) ?? orders.set(curve, fromHex(ORDERS[curve])!).get(curve)!;

/** Whether a big-endian scalar of the curve's length is in [1, n-1]. Signatures are public: no constant time needed. */
function inRange(scalar: Uint8Array, order: Uint8Array): boolean {
  let zero = true;
  for (const byte of scalar) if (byte !== 0) zero = false;
  if (zero) return false;
  for (let i = 0; i < order.length; i++) if (scalar[i] !== order[i]) return scalar[i]! < order[i]!;
  return false; // equal to n
}

/** Whether a raw r‖s signature has the curve's length and both halves in [1, n-1]. */
export function isValidRawEcdsa(raw: Uint8Array, curve: NamedCurve): boolean {
  const size = CURVE_BYTES[curve];
  if (raw.length !== 2 * size) return false;
  const order = orderOf(curve);
  return inRange(raw.subarray(0, size), order) && inRange(raw.subarray(size), order);
}

/**
 * The raw r‖s form of a DER ECDSA signature on `curve`, or undefined when it is not strict DER
 * (no trailing bytes, minimal positive INTEGERs) or r or s is outside [1, n-1].
 */
export function ecdsaDerToRaw(der: Uint8Array, curve: NamedCurve): Uint8Array | undefined {
  const size = CURVE_BYTES[curve];
  if (der.length > 2 * size + 12) return undefined; // longer than any DER signature on this curve
  const sequence = expectTlv(der, 0, SEQUENCE);
  if (sequence === undefined || sequence.end !== der.length) return undefined;
  const r = expectTlv(der, sequence.start, INTEGER, sequence.end);
  const s = r && expectTlv(der, r.end, INTEGER, sequence.end);
  if (s === undefined || s.end !== sequence.end) return undefined;
  const raw = new Uint8Array(2 * size);
  for (const [index, field] of [r!, s].entries()) {
    const magnitude = unsignedInteger(contentOf(der, field));
    if (magnitude === undefined || magnitude.length > size) return undefined;
    raw.set(magnitude, (index + 1) * size - magnitude.length);
  }
  return isValidRawEcdsa(raw, curve) ? raw : undefined;
}

/** The DER form of a raw r‖s signature. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return tlv(SEQUENCE, integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}
