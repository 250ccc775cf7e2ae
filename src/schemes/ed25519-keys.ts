// Ed25519 key pairs for schemes that also sign asymmetrically (Standard Webhooks `v1a`): the
// key text, the bounded tries when verifying, signing and the check of a 64-byte secret key's
// halves. The engine reaches all of it only through `scheme.asymmetric`, so a bundle that uses
// no such scheme carries none of it.
import { ED25519_KEY_BYTES } from "../crypto/ed25519-der.js";
import { webEd25519 } from "../crypto/web-ed25519.js";
import type { Key, KeyUse } from "../engine/keys.js";
import { ed25519PublicKey, ed25519Sign, ed25519Verify, type Steps } from "../engine/steps.js";
import { fromBase64 } from "../lib/base64.js";
import { concatBytes, type Part } from "../lib/bytes.js";
import { equalBytes } from "../lib/timing-safe-equal.js";
import type { AsymmetricRule, Scheme } from "./scheme.js";

/**
 * Most Ed25519 signatures tried per public key. A sender signs once per key it holds (two or
 * three while it rotates); each verification costs far more than an HMAC, so a header full of
 * bogus `v1a` entries must not multiply the work.
 */
const MAX_ASYMMETRIC_TRIES = 4;

/**
 * Form `index` of `contents` as a single part, joined at most once per request (`joined` is
 * the request's own cache): Ed25519 hashes the whole message (RFC 8032), so an adapter handed
 * several parts would join the body again for every signature it checks.
 */
const joinedOnce = (contents: readonly (readonly Part[])[], joined: (readonly Part[])[], index: number): readonly Part[] =>
  (joined[index] ??= contents[index]!.length <= 1 ? contents[index]! : [concatBytes(contents[index]!)]);

// Steps name webEd25519 as the fallback for a provider without Ed25519 (see steps.ts): the
// web entry points' default is one, so that HMAC-only bundles carry no Ed25519 code.

// Secret keys whose two halves were found to agree (keys of string secrets are cached objects).
const agreeingKeys = /* @__PURE__ */ new WeakSet<Key>();

/**
 * The Ed25519 rule of a scheme whose string secrets with these prefixes are key pair halves
 * (`"whsk_"` for a secret key, `"whpk_"` for a public key, in Standard Webhooks), written as
 * base64 of the raw key. `defineScheme()` makes one from plain `{ secretKeyPrefix, publicKeyPrefix }`.
 *
 * @example
 * ```ts
 * const acme = defineScheme({ ...standardWebhooks, name: "acme", asymmetric: ed25519Keys({ secretKeyPrefix: "ask_", publicKeyPrefix: "apk_" }) });
 * ```
 */
export function ed25519Keys(prefixes: { readonly secretKeyPrefix: string; readonly publicKeyPrefix: string }): AsymmetricRule {
  const { secretKeyPrefix, publicKeyPrefix } = prefixes;
  return {
    secretKeyPrefix,
    publicKeyPrefix,

    key(scheme: Scheme, secret: string, label: string, use: KeyUse, fail: (message: string) => Error): Key | undefined {
      const seed = secret.startsWith(secretKeyPrefix);
      if (!seed && !secret.startsWith(publicKeyPrefix)) return undefined;
      const prefix = seed ? secretKeyPrefix : publicKeyPrefix;
      const bytes = fromBase64(secret.slice(prefix.length), { canonical: false });
      // A secret key is the 32-byte seed, or (as Svix writes it) the seed followed by its public key.
      const pair = seed && bytes?.length === 2 * ED25519_KEY_BYTES;
      if (!pair && (bytes === undefined || bytes.length !== ED25519_KEY_BYTES)) {
        const sizes = seed ? `${ED25519_KEY_BYTES}-byte Ed25519 seed (or of the seed and its public key, ${2 * ED25519_KEY_BYTES} bytes)` : `${ED25519_KEY_BYTES}-byte Ed25519 public key`;
        throw fail(`${label} for ${scheme.name} starts with "${prefix}" but is not base64 of a ${sizes}`);
      }
      if (use === "verify" && seed) {
        throw fail(`${label} for ${scheme.name} is an Ed25519 secret key: verify with its public key ("${publicKeyPrefix}…")`);
      }
      if (use === "sign" && !seed) {
        throw fail(`${label} for ${scheme.name} is an Ed25519 public key: sign with the secret key ("${secretKeyPrefix}…")`);
      }
      if (pair) return { kind: "ed25519-seed", bytes: bytes!.subarray(0, ED25519_KEY_BYTES), publicKey: bytes!.subarray(ED25519_KEY_BYTES) };
      return { kind: seed ? "ed25519-seed" : "ed25519-public", bytes: bytes! };
    },

    *verify(publicKey, signatures, contents, joined): Steps<number> {
      const tried = signatures.length > MAX_ASYMMETRIC_TRIES ? signatures.slice(0, MAX_ASYMMETRIC_TRIES) : signatures;
      for (let i = 0; i < contents.length; i++) {
        for (const signature of tried) if ((yield* ed25519Verify(publicKey, signature, joinedOnce(contents, joined, i), webEd25519)) === true) return i; // only `true` verifies
      }
      return -1;
    },

    sign: (seed, content) => ed25519Sign(seed, joinedOnce([content], [], 0), webEd25519),

    /**
     * A 64-byte secret key (seed ‖ public key, as Svix writes it) must carry its seed's own
     * public key: otherwise receivers holding the stated public key could never verify what it signs.
     */
    *checkKeyHalves(scheme, key): Steps<void> {
      if (key.kind !== "ed25519-seed" || key.publicKey === undefined || agreeingKeys.has(key)) return;
      if (!equalBytes(yield* ed25519PublicKey(key.bytes, webEd25519), key.publicKey)) {
        throw new RangeError(
          `a ${scheme.name} secret key's halves disagree: its second half is not the public key of its seed. Use the key pair exactly as generateKeyPair() or the sender wrote it.`,
        );
      }
      agreeingKeys.add(key);
    },
  };
}
