// The signature check of verifyJwt for public keys and key sets (the HMAC check is inline in
// verify.ts): which keys may have signed the token, then one platform verification per key.
import type { Steps } from "../engine/steps.js";
import type { Jwk } from "../keys/types.js";
import type { JwtAlgorithmDescriptor } from "./algorithms.js";
import { JwtError } from "./errors.js";
import { keySetKey, type AsymmetricKey } from "./public-keys.js";
import { startVerifySignature, verdictOf } from "../keys/signature-steps.js";
import type { PublicKeyHandle } from "../crypto/types.js";
import type { VerificationKeys } from "./verification-keys.js";

/** Most keys of a set tried for one token (keys sharing a `kid`): a token never costs more. */
const MAX_SET_CANDIDATES = 4;

const unknownKey = (message: string) => new JwtError("unknown_key", message, { claim: "kid" });

/** The keys of a set that may have signed a token with `kid` and `alg`, with their index in the answer. */
export function* setCandidates(keys: Extract<VerificationKeys, { kind: "set" }>, kid: string | undefined, alg: JwtAlgorithmDescriptor): Steps<Array<readonly [AsymmetricKey, number]>> {
  const found = (yield { op: "call", run: () => keys.set.lookup(kid) }) as readonly Jwk[];
  const usable: Array<readonly [AsymmetricKey, number]> = [];
  let otherAlgorithm = false;
  for (let index = 0; index < found.length; index++) {
    const key = keySetKey(found[index]!);
    if (key === undefined) continue;
    if (key.allowed.includes(alg)) usable.push([key, index]);
    else otherAlgorithm = true;
  }
  if (kid === undefined) {
    // No kid: only a set with exactly one key for this algorithm can say which key it is.
    if (usable.length !== 1) {
      throw unknownKey(`The token names no key ("kid"), and the key set has ${usable.length} keys for ${alg.name}: it needs a "kid" to choose one.`);
    }
    return usable;
  }
  if (usable.length === 0) {
    if (otherAlgorithm) {
      throw new JwtError("unsupported_algorithm", `The key the token names ("kid") is not for ${alg.name}: a key is used only with the algorithms its type or "alg" allows.`, { claim: "alg" });
    }
    throw unknownKey('The key set has no usable key with the token\'s "kid", even after fetching it again (at most once per cooldown).');
  }
  return usable.length > MAX_SET_CANDIDATES ? usable.slice(0, MAX_SET_CANDIDATES) : usable;
}

/** The given keys that fit `alg` and, when both name one, the token's `kid`. */
export function listCandidates(keys: readonly AsymmetricKey[], kid: string | undefined, alg: JwtAlgorithmDescriptor): Array<readonly [AsymmetricKey, number]> {
  const out: Array<readonly [AsymmetricKey, number]> = [];
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    if (key.allowed.includes(alg) && (kid === undefined || key.kid === undefined || key.kid === kid)) out.push([key, index]);
  }
  if (out.length === 0) throw unknownKey(`No key given has the token's "kid" and fits ${alg.name}.`);
  return out;
}

/**
 * Verifies the signature under the public keys or key set; resolves to the index of the key
 * that verified it (in the list given, or in the set's answer). `signature_mismatch` otherwise.
 * `meanwhile` runs once, after the first key's verification has started and before its verdict
 * is waited for: on Web Crypto, which verifies off the main thread, its work costs no time. It
 * must not throw.
 */
export function* verifyPublicSignature(
  keys: Exclude<VerificationKeys, { kind: "secrets" }>,
  alg: JwtAlgorithmDescriptor,
  kid: string | undefined,
  signature: Uint8Array,
  signingInput: string,
  meanwhile: () => void,
): Steps<number> {
  const candidates = keys.kind === "set" ? yield* setCandidates(keys, kid, alg) : listCandidates(keys.keys, kid, alg);
  // Only base64url characters and a dot: its UTF-8 bytes are its characters.
  const parts = [signingInput];
  for (let i = 0; i < candidates.length; i++) {
    const [key, index] = candidates[i]!; // (an index loop: no iterator per token)
    const verdict = yield* startVerifySignature(alg.signature!, key.handle as PublicKeyHandle, signature, parts);
    if (i === 0) meanwhile();
    if (yield* verdictOf(verdict)) return index;
  }
  throw keyMismatch(alg, candidates.length);
}

/** `signature_mismatch` after `keys` candidate keys were tried. */
export const keyMismatch = (alg: JwtAlgorithmDescriptor, keys: number): JwtError =>
  new JwtError("signature_mismatch", `The ${alg.name} signature does not verify under ${keys > 1 ? "any of the keys" : "the key"}: the token was altered or signed with another key.`);
