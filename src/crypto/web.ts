// The Web Crypto adapter (browsers, workerd, Deno, Bun, Node). Never imports node:*.
import { joinedBytes, type Part } from "../lib/bytes.js";
import { takesText } from "./text-parts.js";
import { fromBase64Url } from "../lib/base64.js";
import { pkcs8FromSeed } from "./ed25519-der.js";
import type { CryptoProvider } from "./types.js";

function subtle(): SubtleCrypto {
  const found = globalThis.crypto?.subtle;
  if (found === undefined) {
    throw new Error(
      "Web Crypto (crypto.subtle) is not available here. Browsers expose it only in secure contexts (https:// or http://localhost); elsewhere pass another crypto provider.",
    );
  }
  return found;
}

// Imported keys, cached so verifying many deliveries with one secret imports it once.
// Bounded and least-recently-used first out; keys longer than any sane secret are not cached.
const KEY_CACHE_SIZE = 64;
const MAX_CACHED_KEY_BYTES = 512;
const keyCache = /* @__PURE__ */ new Map<string, Promise<CryptoKey>>();

function cacheId(kind: string, key: Uint8Array): string {
  let id = kind + ":";
  for (let i = 0; i < key.length; i++) id += String.fromCharCode(key[i]!);
  return id;
}

// Fast path: the engine passes the same key object for the same secret (see keys.ts), so an
// imported key is found by identity. The bytes are compared with a snapshot all the same, so
// a caller who reuses and changes one array never gets a stale key.
interface Imported {
  readonly kind: string;
  readonly snapshot: Uint8Array;
  key?: CryptoKey;
}
const byIdentity = /* @__PURE__ */ new WeakMap<Uint8Array, Imported>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An imported key, without awaiting when it is already known. */
function importedKey(kind: string, key: Uint8Array, load: () => Promise<CryptoKey>): CryptoKey | Promise<CryptoKey> {
  const known = byIdentity.get(key);
  if (known !== undefined && known.kind === kind && known.key !== undefined && sameBytes(known.snapshot, key)) return known.key;
  const pending = cachedKey(kind, key, load);
  const entry: Imported = { kind, snapshot: key.slice() };
  byIdentity.set(key, entry);
  return pending.then((cryptoKey) => (entry.key = cryptoKey));
}

function cachedKey(kind: string, key: Uint8Array, load: () => Promise<CryptoKey>): Promise<CryptoKey> {
  if (key.length > MAX_CACHED_KEY_BYTES) return load();
  const id = cacheId(kind, key);
  let cached = keyCache.get(id);
  if (cached === undefined) {
    cached = load();
    cached.catch(() => keyCache.delete(id)); // never keep a failed import
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  } else {
    keyCache.delete(id); // re-inserted below: Map order is the recency order
  }
  keyCache.set(id, cached);
  return cached;
}

// Web Crypto cannot stream: several parts are joined, text encoded once; a single byte part is passed as is.
const joined = (parts: readonly Part[]): BufferSource => joinedBytes(parts) as BufferSource;

const ED25519 = "Ed25519";
const ed25519Private = (seed: Uint8Array, extractable: boolean) =>
  subtle().importKey("pkcs8", pkcs8FromSeed(seed) as BufferSource, ED25519, extractable, ["sign"]);

// The most bytes getRandomValues fills in one call.
const RANDOM_CHUNK = 65536;

/**
 * Crypto provider backed by Web Crypto (`globalThis.crypto.subtle`), available in browsers
 * (secure contexts), Cloudflare Workers, Deno, Bun and Node. Imported keys are cached.
 *
 * @example
 * ```ts
 * import { verify, stripe, webCrypto } from "hookseal/web";
 * await verify(stripe, { secret, payload, headers, crypto: webCrypto });
 * ```
 */
export const webCrypto: CryptoProvider = /* @__PURE__ */ takesText({
  name: "web",
  async hmac(hash, key, parts) {
    const load = () => subtle().importKey("raw", key as BufferSource, { name: "HMAC", hash }, false, ["sign"]);
    const cryptoKey = importedKey(hash, key, load);
    const resolved = cryptoKey instanceof Promise ? await cryptoKey : cryptoKey;
    return new Uint8Array(await subtle().sign("HMAC", resolved, joined(parts)));
  },
  async digest(hash, parts) {
    return new Uint8Array(await subtle().digest(hash, joined(parts)));
  },
  randomBytes(length) {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += RANDOM_CHUNK) {
      globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + RANDOM_CHUNK)));
    }
    return out;
  },
  async ed25519Sign(seed, parts) {
    const key = await importedKey("Ed25519-seed", seed, () => ed25519Private(seed, false));
    return new Uint8Array(await subtle().sign(ED25519, key, joined(parts)));
  },
  async ed25519Verify(publicKey, signature, parts) {
    const load = () => subtle().importKey("raw", publicKey as BufferSource, ED25519, false, ["verify"]);
    try {
      const key = await importedKey("Ed25519-public", publicKey, load);
      return await subtle().verify(ED25519, key, signature as BufferSource, joined(parts));
    } catch {
      return false; // a key or signature the platform cannot even parse verifies nothing
    }
  },
  async ed25519PublicKey(seed) {
    // Web Crypto derives the public key only through an export: the private JWK carries it as "x".
    const jwk = await subtle().exportKey("jwk", await ed25519Private(seed, true));
    const publicKey = typeof jwk.x === "string" ? fromBase64Url(jwk.x) : undefined;
    if (publicKey === undefined) throw new Error("Web Crypto returned an Ed25519 key without a public part");
    return publicKey;
  },
});
