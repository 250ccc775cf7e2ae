/*
 * Public and private keys, and public-key signatures: the primitives under every public-key
 * scheme and JWT algorithm (API.md "Public keys"). Internal to hookseal; import from here.
 *
 * Keys → handles (parsed once, cached bounded; errors are TypeError, or RangeError for RSA
 * outside 2048..8192 bits; messages never contain key bytes):
 *   publicKeyOf(input, what?)   PEM "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" (key only,
 *                               NO chain/signature/date/name check), JWK object or JSON text
 *                               (public members; a JWK with "d" is refused), 64 hex (Discord
 *                               Ed25519), whpk_…, base64 DER SPKI (SendGrid), CryptoKey, KeyObject
 *                               → PublicKeyHandle { type: "rsa"|"ec"|"ed25519", curve?, bits?,
 *                               spki?, platform?, alg?, kid? }
 *   privateKeyOf(input, what?)  PEM "PRIVATE KEY" (PKCS#8), private JWK, CryptoKey, KeyObject
 *                               → PrivateKeyHandle { …, pkcs8? }
 *   publicKeyFromSpki(der), publicKeyFromJwk(jwk), privateKeyFromJwk(jwk), privateKeyFromPkcs8(der),
 *   spkiOfCertificate(der) (bounded 5-level DER walk), readPem(text), looksLikePem(text)
 *
 * Algorithms (frozen descriptors, SignatureAlgorithm in crypto/types.ts):
 *   RSA_SHA1 (SNS v1 only), RS256/384/512, PS256/384/512 (salt = hash length),
 *   ES256 (P-256), ES384 (P-384), ES512 (P-521), EDDSA (Ed25519).
 *   keyFits(alg, handle) → boolean; assertKeyFits(alg, handle) throws TypeError.
 *
 * Signatures, as engine steps (yield* inside a Steps generator; both adapters):
 *   verifySignature(alg, publicHandle, signature, parts) → Steps<boolean>
 *     ECDSA signatures are RAW r‖s (JOSE/P1363): convert DER first with ecdsaDerToRaw().
 *   signWithKey(alg, privateHandle, parts) → Steps<Uint8Array>  (ECDSA: raw r‖s)
 *   Provider methods behind them: CryptoProvider.publicKeyVerify / privateKeySign (optional;
 *   nodeCrypto and webCrypto have them; without them the Web Crypto implementation runs).
 *
 * ECDSA encodings: ecdsaDerToRaw(der, curve) → raw | undefined (strict DER, r,s ∈ [1, n-1]),
 *   ecdsaRawToDer(raw), isValidRawEcdsa(raw, curve). High s is accepted (see ecdsa.ts).
 */
export { publicKeyOf, type PublicKeyInput } from "./public-key.js";
export { privateKeyOf, privateKeyFromPkcs8, type PrivateKeyInput } from "./private-key.js";
export { publicKeyFromSpki } from "./spki.js";
export { publicKeyFromJwk, privateKeyFromJwk } from "./jwk.js";
export { spkiOfCertificate, MAX_CERTIFICATE_BYTES } from "./certificate.js";
export { looksLikePem, readPem, MAX_PEM_CHARS } from "./pem.js";
export { assertKeyFits, keyFits, EDDSA, ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512, RSA_SHA1, MIN_RSA_BITS, MAX_RSA_BITS } from "./algorithms.js";
export { ecdsaDerToRaw, ecdsaRawToDer, isValidRawEcdsa } from "./ecdsa.js";
export { signWithKey, verifySignature } from "./signature-steps.js";
export type { KeyType, NamedCurve, PrivateKeyHandle, PublicKeyHandle, SignatureAlgorithm } from "../crypto/types.js";
