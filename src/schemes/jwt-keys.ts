// The key rule of JWT schemes that take public keys as well as shared secrets (FusionAuth):
// the configured keys are resolved once (HMAC secrets, public keys, or a key set from jwks()),
// then each delivery's token is checked by the scheme's token checks (jwt/webhook-token.ts).
import { accept } from "../engine/engine.js";
import type { Key } from "../engine/keys.js";
import type { Steps } from "../engine/steps.js";
import { partsAsBytes, utf8 } from "../lib/bytes.js";
import { bytesOf } from "../lib/payload.js";
import { isKeySet } from "../keys/jwks.js";
import { allowedAlgorithms, type JwtAlgorithm } from "../jwt/algorithms.js";
import { looksLikeKey, privateKey, type AsymmetricKey } from "../jwt/public-keys.js";
import { verificationKeysOf, type VerificationKeys } from "../jwt/verification-keys.js";
import { tokenCheckOf, type JwtTokenCheck } from "../jwt/webhook-token.js";
import type { PublicKeyRule } from "./scheme.js";

/** Most keys configured at once, as for the other public-key schemes. */
const MAX_KEYS = 16;

const isSecretText = (value: unknown): boolean => (typeof value === "string" || value instanceof Uint8Array || value instanceof ArrayBuffer) && !looksLikeKey(value);

/**
 * A public-key rule for a JWT scheme: `secret` may be shared secrets (`hmacAlgorithms`, at least
 * `minSecretBytes` each), public keys (PEM, certificate, JWK, CryptoKey, KeyObject: the
 * algorithms their types allow, or `publicAlgorithms`), or a key set (`jwks(url)`). `sign()`
 * takes a shared secret or a private key (its JWK `kid`, if any, becomes the token's `kid`).
 * Shared secrets go to the scheme's own `token` rule, as for any JWT scheme; public keys to the
 * checks of that rule when `jwtToken()` made it (a spread scheme with its own rule keeps them),
 * else to `check`.
 */
export function jwtKeys(check: JwtTokenCheck, options: { readonly hmacAlgorithms: readonly JwtAlgorithm[]; readonly publicAlgorithms?: readonly JwtAlgorithm[] }): PublicKeyRule {
  const hmacAllowed = allowedAlgorithms(options.hmacAlgorithms);
  return {
    keys(scheme, secrets, use, fail): Key[] {
      if (secrets === undefined || (Array.isArray(secrets) && secrets.length === 0)) throw fail(`no key was given for ${scheme.name}`);
      if (Array.isArray(secrets) && secrets.length > MAX_KEYS) throw new RangeError(`${scheme.name} takes at most ${MAX_KEYS} keys at once, got ${secrets.length}`);
      const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
      if (use === "sign") {
        if (isKeySet(secrets)) throw new TypeError(`a key set cannot sign: sign ${scheme.name} deliveries with a shared secret or a private key`);
        if (list.length !== 1) throw new TypeError(`the ${scheme.name} token is signed with one key`);
        const key = list[0];
        if (isSecretText(key)) return [{ kind: "hmac", bytes: secretBytes(key, scheme.name, scheme.minSecretBytes, fail) }];
        return [{ kind: "rule", value: resolved(() => privateKey(key, `the key for ${scheme.name}`), fail) }];
      }
      if (!isKeySet(secrets) && list.every(isSecretText)) {
        return list.map((secret) => ({ kind: "hmac", bytes: secretBytes(secret, scheme.name, scheme.minSecretBytes, fail) }));
      }
      const value = resolved(() => verificationKeysOf(secrets, options.publicAlgorithms), fail);
      if (value.allowed.some((alg) => alg.family === "HS")) throw new TypeError(`${scheme.name}: a public key is never used with an HMAC algorithm`);
      return [{ kind: "rule", value }];
    },

    *verify(scheme, configuration, body, tokens, now) {
      const content = partsAsBytes(scheme.content({ body: bytesOf(body) }) ?? []);
      const { keys, tolerance } = configuration;
      const first = keys[0];
      const match =
        first?.kind === "rule"
          ? yield* (tokenCheckOf(scheme.token) ?? check).verify(scheme, tokens, first.value as VerificationKeys, content, now, tolerance)
          : scheme.token !== undefined
            ? yield* scheme.token.verify({ scheme, tokens, keys: keys.map((key) => (key as { bytes: Uint8Array }).bytes), content, now, tolerance })
            : yield* check.verify(scheme, tokens, { kind: "secrets", keys: keys.map((key) => (key as { bytes: Uint8Array }).bytes), allowed: hmacAllowed }, content, now, tolerance);
      return yield* accept(scheme, match, configuration.claimAs, now, body);
    },

    *sign(scheme, keys, { body, timestamp, id }): Steps<Record<string, string>> {
      const key = keys[0]!;
      const content = partsAsBytes(scheme.content({ body: bytesOf(body) }) ?? []);
      const token =
        key.kind === "hmac" && scheme.token !== undefined
          ? yield* scheme.token.sign({ scheme, key: key.bytes, content, timestamp: Number(timestamp), id: id! })
          : yield* (tokenCheckOf(scheme.token) ?? check).sign(key.kind === "hmac" ? key.bytes : (key as { value: AsymmetricKey }).value, content, Number(timestamp), id!);
      return { [scheme.signatureHeader]: scheme.format({ signatures: [token], asymmetricSignatures: [] }) };
    },
  };
}

/** The private key a test signs with (the first configured one), as a rule key; a key in the wrong form goes through `fail`. */
export const signingRuleKey = (name: string, secrets: unknown, fail: (message: string) => Error): Key => ({
  kind: "rule",
  value: resolved(() => privateKey(Array.isArray(secrets) ? secrets[0] : secrets, `the key for ${name}`), fail),
});

/** A key resolved by `make`; a key in the wrong form (TypeError) is a bad secret, reported through `fail`. */
function resolved<T>(make: () => T, fail: (message: string) => Error): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof TypeError) throw fail(error.message);
    throw error;
  }
}

/** The bytes of a shared secret: UTF-8 of a string, at least `min` bytes. */
function secretBytes(secret: unknown, name: string, min: number, fail: (message: string) => Error): Uint8Array {
  const bytes = typeof secret === "string" ? utf8(secret) : secret instanceof ArrayBuffer ? new Uint8Array(secret) : (secret as Uint8Array);
  if (typeof secret === "string" && secret.trim() === "") throw fail(`the secret for ${name} is empty or only whitespace`);
  if (bytes.length < min) throw fail(`the secret for ${name} is ${bytes.length} bytes long; at least ${min} are required`);
  return bytes;
}
