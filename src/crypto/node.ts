// The node:crypto adapter (Node, Deno, Bun). Synchronous, and it streams parts into update().
import { createHash, createHmac, createPrivateKey, createPublicKey, randomBytes as nodeRandomBytes, sign, verify, type KeyObject } from "node:crypto";
import { concatBytes, type Part } from "../lib/bytes.js";
import { takesText } from "./text-parts.js";
import { pkcs8FromSeed, publicKeyFromSpki, spkiFromPublicKey } from "./ed25519-der.js";
import type { HashAlgorithm, SyncCryptoProvider } from "./types.js";

const NODE_HASH: Readonly<Record<HashAlgorithm, string>> = {
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

// Plain Uint8Array views of Buffers, so both adapters return the same type (no copy).
const view = (buffer: Uint8Array): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** The HMAC of the parts, as node:crypto returns it (a Buffer). */
export function macOf(hash: HashAlgorithm, key: Uint8Array, parts: readonly Part[]): Uint8Array {
  const mac = createHmac(NODE_HASH[hash], key);
  for (let i = 0; i < parts.length; i++) mac.update(parts[i]!); // strings too: see text-parts.ts
  return mac.digest();
}

// Ed25519 signs the whole message in one pass (RFC 8032 hashes it twice): parts are joined.
const whole = (parts: readonly Part[]): Uint8Array => (parts.length === 1 && typeof parts[0] !== "string" ? parts[0]! : concatBytes(parts));

// Ed25519 key objects, cached so a receiver does not rebuild its key for every signature:
// bounded, least-recently-used first out, and only ever holding keys that parsed.
const KEY_CACHE_SIZE = 64;
const keyObjects = /* @__PURE__ */ new Map<string, KeyObject>();

function cachedKeyObject(kind: "public" | "private", raw: Uint8Array, make: () => KeyObject): KeyObject {
  const id = kind + ":" + Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex");
  let key = keyObjects.get(id);
  if (key === undefined) {
    key = make(); // throws for bytes the platform cannot parse: nothing is cached then
    if (keyObjects.size >= KEY_CACHE_SIZE) keyObjects.delete(keyObjects.keys().next().value!);
  } else {
    keyObjects.delete(id); // re-inserted below: Map order is the recency order
  }
  keyObjects.set(id, key);
  return key;
}

const privateKey = (seed: Uint8Array) =>
  cachedKeyObject("private", seed, () => createPrivateKey({ key: Buffer.from(pkcs8FromSeed(seed)), format: "der", type: "pkcs8" }));
const publicKey = (raw: Uint8Array) =>
  cachedKeyObject("public", raw, () => createPublicKey({ key: Buffer.from(spkiFromPublicKey(raw)), format: "der", type: "spki" }));

/**
 * Crypto provider backed by `node:crypto`. It is synchronous, so it also serves
 * `signSync`/`verifySync`, and it feeds the body to the HMAC without copying it (a string
 * body goes to `update()` as it is: node:crypto encodes it as UTF-8 while hashing).
 *
 * @example
 * ```ts
 * import { verify, github, nodeCrypto } from "hookseal/node";
 * await verify(github, { secret, payload, headers, crypto: nodeCrypto });
 * ```
 */
export const nodeCrypto: SyncCryptoProvider = /* @__PURE__ */ takesText(
  {
    name: "node",
    hmac(hash, key, parts) {
      return view(macOf(hash, key, parts));
    },
    digest(hash, parts) {
      const digest = createHash(NODE_HASH[hash]);
      for (let i = 0; i < parts.length; i++) digest.update(parts[i]!);
      return view(digest.digest());
    },
    randomBytes(length) {
      return view(nodeRandomBytes(length));
    },
    ed25519Sign(seed, parts) {
      return view(sign(null, whole(parts), privateKey(seed)));
    },
    ed25519Verify(raw, signature, parts) {
      try {
        return verify(null, whole(parts), publicKey(raw), signature);
      } catch {
        return false; // a key or signature the platform cannot even parse verifies nothing
      }
    },
    ed25519PublicKey(seed) {
      return view(publicKeyFromSpki(createPublicKey(privateKey(seed)).export({ format: "der", type: "spki" })));
    },
  },
  // The engine only reads a MAC's bytes: it takes node:crypto's Buffer without another view of it.
  { hmac: macOf },
);
