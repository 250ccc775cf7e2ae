// The JWK shape of key sets, written structurally so that the declarations need no DOM library.

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
 * A Web Crypto `CryptoKey`, written structurally so that the declarations need no DOM library.
 *
 * @example
 * ```ts
 * // `key` from crypto.subtle.importKey("jwk", sendgridJwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])
 * const verifyWithKey = (key: WebCryptoKey, body: string, sent: Headers) => verify(sendgrid, { secret: key, payload: body, headers: sent });
 * ```
 */
export interface WebCryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
}

/**
 * A node:crypto `KeyObject`, written structurally (hookseal/web never imports node:crypto).
 *
 * @example
 * ```ts
 * // `key` from createPublicKey(pem) in node:crypto
 * const verifyWithKey = (key: NodeKeyObject, body: string, sent: Headers) => verify(discord, { secret: key, payload: body, headers: sent });
 * ```
 */
export interface NodeKeyObject {
  readonly type: string;
  readonly asymmetricKeyType?: string;
  export(options: object): unknown;
}
