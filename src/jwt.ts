// The JWT helpers ("hookseal/jwt", also in the root), written once for both flavours: see
// index.ts for how `#default-crypto` is chosen.
import { defaultCrypto, verifyJwtWith } from "#default-crypto";
import { signJwtWith, type SignJwtOptions } from "./jwt/sign.js";
import type { JwtSigningKey, JwtVerificationKey } from "./jwt/types.js";
import type { VerifiedJwt, VerifyJwtOptions } from "./jwt/verify.js";

export { JwtError, type JwtErrorCode, type JwtErrorOptions } from "./jwt/errors.js";
export type { JwtAlgorithm } from "./jwt/algorithms.js";
export type { JwtHeader, JwtPayload, JwtSecret, JwtSecrets, JwtSigningKey, JwtVerificationKey } from "./jwt/types.js";
export { jwks, type JwksOptions, type KeySet } from "./keys/jwks.js";
export { KeySetError } from "./keys/key-set-error.js";
export type { Jwk } from "./keys/types.js";
export type { PublicKeyInput } from "./keys/public-key.js";
export type { PrivateKeyInput } from "./keys/private-key.js";
export { DEFAULT_MAX_TOKEN_LENGTH, type VerifiedJwt, type VerifyJwtOptions } from "./jwt/verify.js";
export type { SignJwtOptions } from "./jwt/sign.js";
export { jwtToken, type JwtTokenOptions } from "./jwt/webhook-token.js";

/**
 * Signs a JWT: with a shared secret (HS256 by default; HS384/HS512 with `options.algorithm`),
 * which must be at least as long as the hash output (32 bytes for HS256, RFC 7518 §3.2), else
 * `RangeError`; or with a private key (PKCS #8 PEM, JWK, CryptoKey, KeyObject): RS256 for RSA
 * (2048 bits at least), ES256/ES384/ES512 by curve, EdDSA for Ed25519, or `options.algorithm`
 * if the key's type allows it. `options.keyId` sets the `kid` header. `iat` is set to now;
 * `expiresIn`/`notBefore` are seconds from now.
 *
 * @example
 * ```ts
 * const token = await signJwt({ event: "invoice.paid" }, process.env.JWT_SECRET!, { expiresIn: 300, audience: "urn:receiver" });
 * await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } });
 * const signed = await signJwt({ event: "invoice.paid" }, process.env.SIGNING_KEY_PEM!, { algorithm: "ES256", keyId: "2024-01" });
 * ```
 */
export function signJwt(claims: Record<string, unknown>, secret: JwtSigningKey, options?: SignJwtOptions): Promise<string> {
  return signJwtWith(defaultCrypto, claims, secret, options);
}

/**
 * Verifies a JWT strictly: exactly three base64url segments, an allowed `alg` (never `none`;
 * by default `["HS256"]` for shared secrets, and what the key's type allows for a public key),
 * no `crit` or `b64`, the MAC under one of the secrets in constant time or the signature under
 * one of the public keys (a key set: the key the token's `kid` names), then the claims (`exp`, `nbf`, `iat`, issuer, audience, subject, `maxAge`, required
 * claims). Rejects with `JwtError` for a bad token; `TypeError`/`RangeError` for bad options.
 * A token with several faults gets the error of the first check, in jose's order: `typ`; the
 * presence of `iss`, `sub`, `aud` and `iat` (as `issuer`, `subject`, `audience` and `maxAge` ask
 * for them), then of `requiredClaims` from the last to the first (`missing_claim` names it);
 * the values of `iss`, `sub`, `aud`; then `nbf`, `exp`, `iat`.
 *
 * @example
 * ```ts
 * try {
 *   const { payload } = await verifyJwt(token, [currentSecret, previousSecret], { audience: "urn:receiver", maxAge: 300 });
 *   console.log(payload.event);
 * } catch (error) {
 *   if (error instanceof JwtError) console.warn("refused token:", error.code);
 *   else throw error;
 * }
 * // With an issuer's key set: the token's kid selects the key; RS256 by the key's type.
 * const googleKeys = jwks("https://www.googleapis.com/oauth2/v3/certs");
 * const { payload: idClaims } = await verifyJwt(token, googleKeys, { issuer: "https://accounts.google.com", audience: "https://hooks.example.com" });
 * ```
 */
export function verifyJwt(token: string, secret: JwtVerificationKey, options?: VerifyJwtOptions): Promise<VerifiedJwt> {
  return verifyJwtWith(defaultCrypto, token, secret, options);
}
