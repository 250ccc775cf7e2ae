// The node:crypto adapter (Node, Deno, Bun). Synchronous, and it streams parts into update().
import { createHash, createHmac, randomBytes as nodeRandomBytes } from "node:crypto";
import type { HashAlgorithm, SyncCryptoProvider } from "./types.js";

const NODE_HASH: Readonly<Record<HashAlgorithm, string>> = {
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

// Plain Uint8Array views of Buffers, so both adapters return the same type (no copy).
const view = (buffer: Uint8Array): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/**
 * Crypto provider backed by `node:crypto`. It is synchronous, so it also serves
 * `signSync`/`verifySync`, and it feeds the body to the HMAC without copying it.
 *
 * @example
 * ```ts
 * import { verify, github, nodeCrypto } from "hookseal/node";
 * await verify(github, { secret, payload, headers, crypto: nodeCrypto });
 * ```
 */
export const nodeCrypto: SyncCryptoProvider = {
  name: "node",
  hmac(hash, key, parts) {
    const mac = createHmac(NODE_HASH[hash], key);
    for (const part of parts) mac.update(part);
    return view(mac.digest());
  },
  digest(hash, parts) {
    const digest = createHash(NODE_HASH[hash]);
    for (const part of parts) digest.update(part);
    return view(digest.digest());
  },
  randomBytes(length) {
    return view(nodeRandomBytes(length));
  },
};
