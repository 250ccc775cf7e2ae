/**
 * Hash functions a scheme can name. SHA-1 exists only for legacy providers.
 *
 * @example
 * ```ts
 * const hash: HashAlgorithm = "SHA-256";
 * const mac = await nodeCrypto.hmac(hash, new TextEncoder().encode(secret), [new TextEncoder().encode(payload)]);
 * ```
 */
export type HashAlgorithm = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

/** Output length in bytes of each hash. */
export const HASH_BYTES: Readonly<Record<HashAlgorithm, number>> = {
  "SHA-1": 20,
  "SHA-256": 32,
  "SHA-384": 48,
  "SHA-512": 64,
};

/**
 * A result that an implementation may give at once or later.
 *
 * @example
 * ```ts
 * // A provider may answer at once (nodeCrypto) or later (webCrypto): code written for any provider awaits.
 * async function sha256(crypto: CryptoProvider, text: string): Promise<Uint8Array> {
 *   const digest: MaybePromise<Uint8Array> = crypto.digest("SHA-256", [new TextEncoder().encode(text)]);
 *   return await digest;
 * }
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The few primitives hookseal needs from the platform. Two implementations ship:
 * `nodeCrypto` (`hookseal/node`) and `webCrypto` (`hookseal/web`); pass either, or your own,
 * as the `crypto` option of any function that touches crypto.
 *
 * Message input comes as parts (for example `"<timestamp>."` and the body) so an
 * implementation that can stream feeds them in order without concatenating the body.
 * Ed25519 keys are raw: a 32-byte seed (secret key) and a 32-byte public key (RFC 8032).
 *
 * @example
 * ```ts
 * // A provider that counts HMACs for metrics and delegates the work to nodeCrypto.
 * let hmacCount = 0;
 * const countingCrypto: CryptoProvider = {
 *   ...nodeCrypto,
 *   name: "counting",
 *   hmac(hash, key, parts) {
 *     hmacCount++;
 *     return nodeCrypto.hmac(hash, key, parts);
 *   },
 * };
 * await verify(github, { secret, payload, headers, crypto: countingCrypto });
 * ```
 */
export interface CryptoProvider {
  /** A short name for diagnostics, such as `"node"` or `"web"`. */
  readonly name: string;
  /** HMAC of the concatenation of `parts` under `key`. */
  hmac(hash: HashAlgorithm, key: Uint8Array, parts: readonly Uint8Array[]): MaybePromise<Uint8Array>;
  /** Digest of the concatenation of `parts`. */
  digest(hash: HashAlgorithm, parts: readonly Uint8Array[]): MaybePromise<Uint8Array>;
  /** `length` cryptographically secure random bytes. */
  randomBytes(length: number): Uint8Array;
  /** Ed25519 signature (64 bytes) of the concatenation of `parts` under the 32-byte seed. */
  ed25519Sign(seed: Uint8Array, parts: readonly Uint8Array[]): MaybePromise<Uint8Array>;
  /** Whether `signature` is a valid Ed25519 signature of `parts` under the 32-byte public key. */
  ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, parts: readonly Uint8Array[]): MaybePromise<boolean>;
  /** The 32-byte public key of a 32-byte seed. */
  ed25519PublicKey(seed: Uint8Array): MaybePromise<Uint8Array>;
  /**
   * Whether `signature` is valid for the concatenation of `parts` under a public key, by
   * `algorithm` (RSASSA-PKCS1-v1_5, RSA-PSS with a salt as long as the hash, ECDSA with the raw
   * `r‖s` signature of IEEE P1363 / JOSE, or Ed25519). hookseal has checked that the key fits
   * the algorithm before calling. Optional: without it the Web Crypto implementation is used.
   */
  publicKeyVerify?(algorithm: SignatureAlgorithm, key: PublicKeyHandle, signature: Uint8Array, parts: readonly Uint8Array[]): MaybePromise<boolean>;
  /** The signature of `parts` under a private key, in the encodings of {@link publicKeyVerify}. Optional, as that is. */
  privateKeySign?(algorithm: SignatureAlgorithm, key: PrivateKeyHandle, parts: readonly Uint8Array[]): MaybePromise<Uint8Array>;
}

/**
 * The key types of public-key signatures.
 *
 * @example
 * ```ts
 * const type: KeyType = "ec"; // RSA keys are "rsa", Ed25519 keys "ed25519"
 * ```
 */
export type KeyType = "rsa" | "ec" | "ed25519";

/**
 * The ECDSA curves hookseal accepts (NIST P-256, P-384, P-521).
 *
 * @example
 * ```ts
 * const curve: NamedCurve = "P-256"; // SendGrid's, and ES256's
 * ```
 */
export type NamedCurve = "P-256" | "P-384" | "P-521";

/**
 * A public-key signature algorithm as a resolved descriptor (keys/algorithms.ts has them all).
 *
 * @example
 * ```ts
 * const es256: SignatureAlgorithm = { name: "ECDSA", key: "ec", hash: "SHA-256", curve: "P-256" };
 * ```
 */
export interface SignatureAlgorithm {
  /** The Web Crypto name. */
  readonly name: "RSASSA-PKCS1-v1_5" | "RSA-PSS" | "ECDSA" | "Ed25519";
  /** The only key type it may be used with. */
  readonly key: KeyType;
  /** The message hash; absent for Ed25519, which hashes internally. */
  readonly hash?: HashAlgorithm;
  /** ECDSA: the only curve it may be used with. */
  readonly curve?: NamedCurve;
}

/**
 * A parsed public key: its type, size and DER `SubjectPublicKeyInfo`, or the platform key it
 * was given as. Made by `publicKeyOf()`; adapters import it once and cache the result.
 *
 * @example
 * ```ts
 * // What a custom CryptoProvider's publicKeyVerify() receives: the key's type, size and DER SPKI.
 * const describe = (key: PublicKeyHandle): string => (key.type === "rsa" ? `RSA ${key.bits} bits` : key.type === "ec" ? `EC ${key.curve}` : "Ed25519");
 * ```
 */
export interface PublicKeyHandle {
  readonly type: KeyType;
  /** EC keys: the curve. */
  readonly curve?: NamedCurve;
  /** RSA keys: the modulus length in bits. */
  readonly bits?: number;
  /** DER SubjectPublicKeyInfo; absent only for a non-extractable `CryptoKey` given as is. */
  readonly spki?: Uint8Array;
  /** The `CryptoKey` given as is, if it was one. */
  readonly platform?: unknown;
  /** A JWK's `alg` and `kid`, when the key came from one. */
  readonly alg?: string;
  readonly kid?: string;
}

/**
 * A parsed private key, for signing: like {@link PublicKeyHandle}, with DER PKCS#8 instead of SPKI.
 *
 * @example
 * ```ts
 * // What a custom CryptoProvider's privateKeySign() receives: the key's type and DER PKCS#8.
 * const isEd25519 = (key: PrivateKeyHandle): boolean => key.type === "ed25519" && key.pkcs8 !== undefined;
 * ```
 */
export interface PrivateKeyHandle {
  readonly type: KeyType;
  readonly curve?: NamedCurve;
  readonly bits?: number;
  /** DER PKCS#8 PrivateKeyInfo; absent only for a non-extractable `CryptoKey` given as is. */
  readonly pkcs8?: Uint8Array;
  readonly platform?: unknown;
  readonly alg?: string;
  readonly kid?: string;
}

/**
 * A {@link CryptoProvider} that answers synchronously, as `signSync`/`verifySync` need.
 *
 * @example
 * ```ts
 * // signSync() and verifySync() accept only a provider that answers synchronously, such as nodeCrypto.
 * const crypto: SyncCryptoProvider = nodeCrypto;
 * const signed = signSync(github, { secret, payload, crypto });
 * ```
 */
export interface SyncCryptoProvider extends CryptoProvider {
  hmac(hash: HashAlgorithm, key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array;
  digest(hash: HashAlgorithm, parts: readonly Uint8Array[]): Uint8Array;
  ed25519Sign(seed: Uint8Array, parts: readonly Uint8Array[]): Uint8Array;
  ed25519Verify(publicKey: Uint8Array, signature: Uint8Array, parts: readonly Uint8Array[]): boolean;
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  publicKeyVerify?(algorithm: SignatureAlgorithm, key: PublicKeyHandle, signature: Uint8Array, parts: readonly Uint8Array[]): boolean;
  privateKeySign?(algorithm: SignatureAlgorithm, key: PrivateKeyHandle, parts: readonly Uint8Array[]): Uint8Array;
}
