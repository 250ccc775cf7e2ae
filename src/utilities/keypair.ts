import type { CryptoProvider } from "../crypto/types.js";
import { ED25519_KEY_BYTES } from "../crypto/ed25519-der.js";
import { toBase64 } from "../lib/base64.js";
import { concatBytes } from "../lib/bytes.js";
import { ed25519PublicKey, type Steps } from "../engine/steps.js";

/**
 * An Ed25519 key pair in Standard Webhooks' text form.
 *
 * @example
 * ```ts
 * const { secretKey, publicKey }: KeyPair = await generateKeyPair();
 * // Keep secretKey ("whsk_…") with the sender; give publicKey ("whpk_…") to receivers.
 * await verify(standardWebhooks, { secret: publicKey, payload, headers });
 * ```
 */
export interface KeyPair {
  /**
   * `"whsk_"` + base64 of the 32-byte seed followed by the 32-byte public key (the form Svix
   * writes and reads): keep it with the sender, like a password. `sign` also takes the seed alone.
   */
  secretKey: string;
  /** `"whpk_"` + base64 of the 32-byte public key: give it to receivers. */
  publicKey: string;
}

/** A fresh key pair for Standard Webhooks' asymmetric `v1a` signatures; the secret key in the 64-byte form. */
export function* keyPairSteps(crypto: CryptoProvider): Steps<KeyPair> {
  const seed = crypto.randomBytes(ED25519_KEY_BYTES);
  const publicKey = yield* ed25519PublicKey(seed);
  return { secretKey: "whsk_" + toBase64(concatBytes([seed, publicKey])), publicKey: "whpk_" + toBase64(publicKey) };
}
