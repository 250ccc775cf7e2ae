// Public-key verification and signing as engine steps (engine/steps.ts `op: "call"`): the code
// travels with the request, so only bundles of schemes that use public keys carry it. On a
// provider without these methods (the web entry points' lean default, or a user's provider
// that predates them), the Web Crypto implementation runs.
import type { CryptoProvider, PrivateKeyHandle, PublicKeyHandle, SignatureAlgorithm } from "../crypto/types.js";
import { webSignatures } from "../crypto/web-signatures.js";
import type { Steps } from "../engine/steps.js";
import { partsAsBytes, type Part } from "../lib/bytes.js";
import { builtInCalls, partsFor } from "../crypto/text-parts.js";
import { assertKeyFits } from "./algorithms.js";
import { isValidRawEcdsa } from "./ecdsa.js";
import { isThenable } from "../lib/thenable.js";

/**
 * The checks before any platform sees a signature: the key must fit the algorithm (`TypeError`
 * otherwise), and an ECDSA signature's r and s be in [1, n-1], an Ed25519 one 64 bytes (false
 * otherwise: it cannot verify).
 */
export function mayVerify(algorithm: SignatureAlgorithm, key: PublicKeyHandle, signature: Uint8Array): boolean {
  assertKeyFits(algorithm, key);
  if (algorithm.name === "ECDSA") return isValidRawEcdsa(signature, algorithm.curve!);
  return algorithm.name !== "Ed25519" || signature.length === 64;
}

/**
 * Whether `signature` is valid for `parts` under `key` by `algorithm`. The key must fit the
 * algorithm (`TypeError` otherwise: a configuration mistake); an ECDSA signature is raw r‖s and
 * is refused (false) unless r and s are in [1, n-1], before the platform sees it.
 */
export function* verifySignature(algorithm: SignatureAlgorithm, key: PublicKeyHandle, signature: Uint8Array, parts: readonly Part[]): Steps<boolean> {
  if (!mayVerify(algorithm, key, signature)) return false;
  // One step, not startVerifySignature + verdictOf: a second step per signature measured up to
  // 1.19x raw subtle.verify for awsSns, against 1.07-1.10x. Only `true` verifies: a provider's
  // "yes" or 1 is not a verdict.
  return (yield { op: "call", run: (crypto) => platformVerify(crypto, algorithm, key, signature, parts) }) === true;
}

// Text parts as they are to the built-in adapters (text-parts.ts) and the Web Crypto
// fallback, which encode them themselves; bytes to any other provider.
const platformVerify = (crypto: CryptoProvider, algorithm: SignatureAlgorithm, key: PublicKeyHandle, signature: Uint8Array, parts: readonly Part[]) =>
  (crypto.publicKeyVerify === undefined ? webSignatures : crypto).publicKeyVerify!(algorithm, key, signature, partsFor(builtInCalls(crypto) !== undefined || crypto.publicKeyVerify === undefined, parts));

/**
 * {@link verifySignature}, started but not waited for: the verdict, or its promise on a provider
 * that answers later (Web Crypto verifies off the main thread), so that the caller can do its
 * own work meanwhile. The caller must then wait for the promise (a step answering it).
 */
export function* startVerifySignature(algorithm: SignatureAlgorithm, key: PublicKeyHandle, signature: Uint8Array, parts: readonly Part[]): Steps<boolean | PromiseLike<boolean>> {
  if (!mayVerify(algorithm, key, signature)) return false;
  // In a box: the driver waits for an answer that is a promise, and this one must not be waited for yet.
  const box = (yield { op: "call", run: (crypto) => [platformVerify(crypto, algorithm, key, signature, parts)] }) as [boolean | PromiseLike<boolean>];
  return box[0];
}

/** The verdict of {@link startVerifySignature}, waited for when it is a promise. */
export function* verdictOf(verdict: boolean | PromiseLike<boolean>): Steps<boolean> {
  // Only `true` verifies: a provider's "yes" or 1 is not a verdict.
  return (isThenable(verdict) ? yield { op: "call", run: () => verdict } : verdict) === true;
}

/** The signature of `parts` under `key` by `algorithm` (ECDSA: raw r‖s). */
export function* signWithKey(algorithm: SignatureAlgorithm, key: PrivateKeyHandle, parts: readonly Part[]): Steps<Uint8Array> {
  assertKeyFits(algorithm, key);
  return (yield {
    op: "call",
    run: (crypto) => (crypto.privateKeySign === undefined ? webSignatures : crypto).privateKeySign!(algorithm, key, partsAsBytes(parts)),
  }) as Uint8Array;
}
