// The key types of the public API, written structurally so that the declarations need neither
// the DOM library (CryptoKey, JsonWebKey) nor node:crypto (KeyObject).

/**
 * A JSON Web Key (RFC 7517): the members of an RSA, EC (P-256/P-384/P-521) or OKP (Ed25519)
 * key. The DOM's `JsonWebKey` and the objects `KeyObject.export({ format: "jwk" })` returns fit.
 *
 * @example
 * ```ts
 * const key: Jwk = { kty: "EC", crv: "P-256", x: "…", y: "…", kid: "2024-01" };
 * ```
 */
export interface Jwk {
  kty?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  n?: string;
  e?: string;
  x?: string;
  y?: string;
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  /** A symmetric ("oct") key's bytes: never used as a public key. */
  k?: string;
}

/**
 * A Web Crypto `CryptoKey`, used as it is (its algorithm decides the one JWS algorithm it serves).
 *
 * @example
 * ```ts
 * const key: CryptoKeyLike = await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
 * ```
 */
export interface CryptoKeyLike {
  readonly type: string;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
  readonly extractable: boolean;
}

/**
 * A `node:crypto` `KeyObject` (hookseal/web never imports node:crypto; it reads the key's JWK).
 *
 * @example
 * ```ts
 * const key: KeyObjectLike = createPublicKey(pem);
 * ```
 */
export interface KeyObjectLike {
  readonly type: "public" | "private" | "secret";
  export(options: { format: "jwk" }): object;
}

/**
 * A public key: PEM `PUBLIC KEY` (SPKI) or `CERTIFICATE` text (its key; no chain or date is
 * checked), a JWK, a `CryptoKey` or a `KeyObject`.
 *
 * @example
 * ```ts
 * const key: PublicKeyInput = process.env.WEBHOOK_PUBLIC_KEY_PEM!;
 * await verifyJwt(token, key);
 * ```
 */
export type PublicKeyInput = string | Jwk | CryptoKeyLike | KeyObjectLike;

/**
 * A private key for signing: PEM `PRIVATE KEY` (PKCS #8) text, a JWK with its private members,
 * a `CryptoKey` or a `KeyObject`.
 *
 * @example
 * ```ts
 * const token = await signJwt({ event: "ping" }, process.env.SIGNING_KEY_PEM! satisfies PrivateKeyInput, { algorithm: "ES256", keyId: "2024-01" });
 * ```
 */
export type PrivateKeyInput = string | Jwk | CryptoKeyLike | KeyObjectLike;
