// Secrets as the engine uses them: every configured secret decoded, by the scheme's rule,
// into a key of one kind. A bad one is reported by position, never by value.
import type { PrivateKeyHandle, PublicKeyHandle } from "../crypto/types.js";
import { asBytes } from "../lib/bytes.js";
import type { Scheme } from "../schemes/scheme.js";

/** A decoded secret: an HMAC key, one half of an Ed25519 key pair, or a public-key scheme's key (keys/). */
export type Key =
  | { readonly kind: "hmac"; readonly bytes: Uint8Array }
  | { readonly kind: "public"; readonly key: PublicKeyHandle }
  | { readonly kind: "private"; readonly key: PrivateKeyHandle }
  /** `publicKey`: the public half a 64-byte (seed ‖ public key) secret key states, for `sign` to check. */
  | { readonly kind: "ed25519-seed"; readonly bytes: Uint8Array; readonly publicKey?: Uint8Array }
  | { readonly kind: "ed25519-public"; readonly bytes: Uint8Array }
  /** A key only its scheme's public-key rule reads (the JWT schemes' resolved keys and key sets). */
  | { readonly kind: "rule"; readonly value: unknown };

/** What the keys are for: signing needs HMAC keys or seeds, verifying HMAC keys or public keys. */
export type KeyUse = "sign" | "verify";

// Decoded string secrets, per scheme and use: a receiver verifies with the same few secrets
// again and again, and the stable key objects let the Web Crypto adapter find its imported
// key by identity. Bounded; byte secrets are never cached (the caller may change them).
const KEY_CACHE_SIZE = 64;
const keyCache = /* @__PURE__ */ new WeakMap<Scheme, Record<KeyUse, Map<string, Key>>>();

function cachedKey(scheme: Scheme, use: KeyUse, secret: string, decode: () => Key): Key {
  let forScheme = keyCache.get(scheme);
  if (forScheme === undefined) keyCache.set(scheme, (forScheme = { sign: new Map(), verify: new Map() }));
  const keys = forScheme[use];
  let key = keys.get(secret);
  if (key === undefined) {
    key = decode(); // throws for a bad secret: nothing is cached then
    if (keys.size >= KEY_CACHE_SIZE) keys.delete(keys.keys().next().value!);
    keys.set(secret, key);
  }
  return key;
}

/** True for a scheme that gets its keys elsewhere (awsSns, googlePubSub, plaid): `secret` may be left out. */
export const takesNoSecret = (scheme: Scheme): boolean => scheme.publicKey?.keyless === true;

/**
 * A receiver made without `secret` (an unset environment variable, most often) fails when it is
 * made, unless its scheme takes none.
 */
export function assertSecretGiven(scheme: Scheme, secret: unknown, fn: string): void {
  if (secret === undefined && !takesNoSecret(scheme)) {
    throw new RangeError(`${fn}: no secret was given for ${scheme.name} (the secret option is undefined: is its environment variable set?)`);
  }
}

/**
 * Decodes every secret for `use`. Value problems (empty, too short, undecodable, wrong key
 * half) go through `fail`; a secret of the wrong type is a `TypeError`.
 */
export function decodeKeys(scheme: Scheme, secrets: unknown, use: KeyUse, fail: (message: string) => Error): Key[] {
  if (scheme.publicKey !== undefined) return scheme.publicKey.keys(scheme, secrets, use, fail); // public and private keys: the scheme's rule
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0) throw fail(`no secret was given for ${scheme.name}`);
  return list.map((secret, index) => {
    const decode = () => decodeKey(scheme, secret, list.length === 1 ? "the secret" : `secret #${index}`, use, fail);
    return typeof secret === "string" ? cachedKey(scheme, use, secret, decode) : decode();
  });
}

// Whitespace is never a key, and around one it is a copy-paste or .env artefact (a newline).
const onlyWhitespace = (secret: string): boolean => secret !== "" && secret.trim() === "";
const SPACE_AROUND = "leading or trailing whitespace, such as a newline from an .env file";
const spaceAround = (secret: string): string => (secret.trim() === secret ? "" : ` (it has ${SPACE_AROUND}: remove it)`);

/**
 * For a failed match: a sentence naming the configured string secrets with whitespace around
 * them (by position, never by value), or "". Stripe uses such a secret as given, so it can
 * only ever fail to match.
 */
export function whitespaceHint(secrets: unknown): string {
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  const labels = list.flatMap((secret, index) =>
    typeof secret === "string" && secret.trim() !== secret ? [list.length === 1 ? "The secret" : `Secret #${index}`] : [],
  );
  return labels.length === 0 ? "" : ` ${labels.join(", ")} ${labels.length === 1 ? "has" : "have"} ${SPACE_AROUND}: check it.`;
}

function decodeKey(scheme: Scheme, secret: unknown, label: string, use: KeyUse, fail: (message: string) => Error): Key {
  if (typeof secret === "string") {
    if (onlyWhitespace(secret)) throw fail(`${label} for ${scheme.name} is only whitespace`);
    // A public key is public: used as an HMAC secret, anyone could sign (algorithm confusion).
    if (/-----BEGIN |"kty"/.test(secret)) throw fail(`${label} for ${scheme.name} is a key (PEM or JWK), never a shared secret`);
    // A key pair half, for schemes with Ed25519 keys (their rule decodes it).
    const pairHalf = scheme.asymmetric?.key(scheme, secret, label, use, fail);
    if (pairHalf !== undefined) return pairHalf;
  }
  const bytes = typeof secret === "string" ? scheme.secret.decode(secret) : asBytes(secret);
  if (bytes === undefined) {
    if (typeof secret !== "string") {
      throw new TypeError(`${label} for ${scheme.name} must be ${scheme.secret.describe}, got ${secret === null ? "null" : typeof secret}`);
    }
    throw fail(`${label} for ${scheme.name} is not in the expected format: ${scheme.secret.describe}${spaceAround(secret)}`);
  }
  if (bytes.length === 0) throw fail(`${label} for ${scheme.name} is empty`);
  if (bytes.length < scheme.minSecretBytes) {
    throw fail(`${label} for ${scheme.name} is ${bytes.length} bytes long; at least ${scheme.minSecretBytes} are required`);
  }
  if (scheme.maxSecretBytes !== undefined && bytes.length > scheme.maxSecretBytes) {
    throw fail(`${label} for ${scheme.name} is ${bytes.length} bytes long; at most ${scheme.maxSecretBytes} are allowed`);
  }
  return { kind: "hmac", bytes };
}
