// Web Crypto access and its imported-key cache, shared by the HMAC part (web.ts) and the
// Ed25519 part (web-ed25519.ts) of the Web Crypto adapter.
import { equalBytes } from "../lib/timing-safe-equal.js";

export function subtle(): SubtleCrypto {
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

/** An imported key, without awaiting when it is already known. */
export function importedKey(kind: string, key: Uint8Array, load: () => Promise<CryptoKey>): CryptoKey | Promise<CryptoKey> {
  const known = byIdentity.get(key);
  if (known !== undefined && known.kind === kind && known.key !== undefined && equalBytes(known.snapshot, key)) return known.key;
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
