// JSON Web Keys (RFC 7517/7518 §6, RFC 8037 §2) as handles: RSA, EC on P-256/P-384/P-521 and
// OKP Ed25519. Only the members each key type defines are read; base64url must be canonical.
import type { NamedCurve, PrivateKeyHandle, PublicKeyHandle } from "../crypto/types.js";
import { pkcs8FromSeed, spkiFromPublicKey } from "../crypto/ed25519-der.js";
import { fromBase64Url } from "../lib/base64.js";
import { concatBytes } from "../lib/bytes.js";
import { CURVE_BYTES } from "./algorithms.js";
import { bitString, integer, NULL, OCTET_STRING, OID, SEQUENCE, tlv } from "./der.js";
import { checkedPoint, checkedRsa, CURVE_OIDS, EC_PUBLIC_KEY, ecSpki, RSA_ENCRYPTION, rsaSpki } from "./spki.js";

/** Longest base64url member read (an 8192-bit modulus is 1366 characters). */
const MAX_MEMBER_CHARS = 1400;

const bad = (what: string, why: string): TypeError => new TypeError(`${what} is not a supported JWK: ${why}`);

/** A JWK member's bytes; `TypeError` naming the member when it is absent or not canonical base64url. */
function member(jwk: Record<string, unknown>, name: string, what: string, length?: number): Uint8Array {
  const value = jwk[name];
  const bytes = typeof value === "string" && value.length <= MAX_MEMBER_CHARS ? fromBase64Url(value) : undefined;
  if (bytes === undefined || bytes.length === 0) throw bad(what, `its "${name}" is missing or not base64url`);
  if (length !== undefined && bytes.length !== length) throw bad(what, `its "${name}" is not ${length} bytes`);
  return bytes;
}

const curveOf = (jwk: Record<string, unknown>, what: string): NamedCurve => {
  const crv = jwk.crv;
  if (crv === "P-256" || crv === "P-384" || crv === "P-521") return crv;
  throw bad(what, 'an EC key\'s "crv" must be "P-256", "P-384" or "P-521"');
};

const labels = (jwk: Record<string, unknown>) => ({
  ...(typeof jwk.alg === "string" ? { alg: jwk.alg } : {}),
  ...(typeof jwk.kid === "string" ? { kid: jwk.kid } : {}),
});

/** The key's declared purpose must allow `operation` ("verify" or "sign"): `use` "sig", `key_ops` naming it. */
function checkPurpose(jwk: Record<string, unknown>, operation: "verify" | "sign", what: string): void {
  if (jwk.use !== undefined && jwk.use !== "sig") throw bad(what, `its "use" is not "sig"`);
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes(operation))) throw bad(what, `its "key_ops" do not include "${operation}"`);
}

/** A public key from a JWK's public members. A JWK holding a private key (`d`) is refused: verifiers get public keys. */
export function publicKeyFromJwk(jwk: Record<string, unknown>, what: string): PublicKeyHandle {
  if (jwk.d !== undefined) throw bad(what, 'it holds a private key ("d"): give the verifier the public key only');
  checkPurpose(jwk, "verify", what);
  switch (jwk.kty) {
    case "RSA": {
      const n = member(jwk, "n", what);
      const e = member(jwk, "e", what);
      return { type: "rsa", bits: checkedRsa(n, e, what), spki: rsaSpki(n, e), ...labels(jwk) };
    }
    case "EC": {
      const curve = curveOf(jwk, what);
      const size = CURVE_BYTES[curve];
      const point = concatBytes([Uint8Array.of(4), member(jwk, "x", what, size), member(jwk, "y", what, size)]);
      return { type: "ec", curve, spki: ecSpki(curve, checkedPoint(curve, point, what)), ...labels(jwk) };
    }
    case "OKP": {
      if (jwk.crv !== "Ed25519") throw bad(what, 'an OKP key\'s "crv" must be "Ed25519"');
      const x = member(jwk, "x", what, 32);
      return { type: "ed25519", spki: spkiFromPublicKey(x), ...labels(jwk) };
    }
    default:
      throw bad(what, '"kty" must be "RSA", "EC" or "OKP"');
  }
}

const VERSION_0 = /* @__PURE__ */ Uint8Array.of(0x02, 0x01, 0x00);

/** A private key from a private JWK (`d` and, for RSA, all CRT members), as DER PKCS#8. */
export function privateKeyFromJwk(jwk: Record<string, unknown>, what: string): PrivateKeyHandle {
  if (jwk.d === undefined) throw bad(what, 'it has no private part ("d"): signing needs the private key');
  checkPurpose(jwk, "sign", what);
  switch (jwk.kty) {
    case "RSA": {
      const [n, e, d, p, q, dp, dq, qi] = ["n", "e", "d", "p", "q", "dp", "dq", "qi"].map((name) => member(jwk, name, what));
      const rsa = tlv(SEQUENCE, VERSION_0, ...[n!, e!, d!, p!, q!, dp!, dq!, qi!].map(integer));
      const pkcs8 = tlv(SEQUENCE, VERSION_0, tlv(SEQUENCE, tlv(OID, RSA_ENCRYPTION), Uint8Array.of(NULL, 0)), tlv(OCTET_STRING, rsa));
      return { type: "rsa", bits: checkedRsa(n!, e!, what), pkcs8, ...labels(jwk) };
    }
    case "EC": {
      const curve = curveOf(jwk, what);
      const size = CURVE_BYTES[curve];
      const point = checkedPoint(curve, concatBytes([Uint8Array.of(4), member(jwk, "x", what, size), member(jwk, "y", what, size)]), what);
      // RFC 5915 ECPrivateKey: version 1, the scalar, the public key in [1].
      const ec = tlv(SEQUENCE, Uint8Array.of(0x02, 0x01, 0x01), tlv(OCTET_STRING, member(jwk, "d", what, size)), tlv(0xa1, bitString(point)));
      const pkcs8 = tlv(SEQUENCE, VERSION_0, tlv(SEQUENCE, tlv(OID, EC_PUBLIC_KEY), tlv(OID, CURVE_OIDS[curve])), tlv(OCTET_STRING, ec));
      return { type: "ec", curve, pkcs8, ...labels(jwk) };
    }
    case "OKP": {
      if (jwk.crv !== "Ed25519") throw bad(what, 'an OKP key\'s "crv" must be "Ed25519"');
      return { type: "ed25519", pkcs8: pkcs8FromSeed(member(jwk, "d", what, 32)), ...labels(jwk) };
    }
    default:
      throw bad(what, '"kty" must be "RSA", "EC" or "OKP"');
  }
}
