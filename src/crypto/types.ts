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
}
