// The Web Crypto adapter (browsers, workerd, Deno, Bun, Node). Never imports node:*.
import { joinedBytes, type Part } from "../lib/bytes.js";
import { takesText } from "./text-parts.js";
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from "./web-ed25519.js";
import { importedKey, subtle } from "./web-keys.js";
import { privateKeySign, publicKeyVerify } from "./web-signatures.js";
import type { CryptoProvider, HashAlgorithm } from "./types.js";

// Web Crypto cannot stream: several parts are joined, text encoded once; a single byte part is passed as is.
const joined = joinedBytes as (parts: readonly Part[]) => BufferSource;

// The most bytes getRandomValues fills in one call.
const RANDOM_CHUNK = 65536;

async function hmac(hash: HashAlgorithm, key: Uint8Array, parts: readonly Part[]): Promise<Uint8Array> {
  const load = () => subtle().importKey("raw", key as BufferSource, { name: "HMAC", hash }, false, ["sign"]);
  const cryptoKey = importedKey(hash, key, load);
  const resolved = cryptoKey instanceof Promise ? await cryptoKey : cryptoKey;
  return new Uint8Array(await subtle().sign("HMAC", resolved, joined(parts)));
}

async function digest(hash: HashAlgorithm, parts: readonly Part[]): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hash, joined(parts)));
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += RANDOM_CHUNK) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + RANDOM_CHUNK)));
  }
  return out;
}

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
  hmac,
  digest,
  randomBytes,
  ed25519Sign,
  ed25519Verify,
  ed25519PublicKey,
  publicKeyVerify,
  privateKeySign,
});

/**
 * {@link webCrypto} without Ed25519: the default provider of the web entry points, so an
 * HMAC-only bundle carries no Ed25519 code. A scheme's Ed25519 rule runs its steps on the Web
 * Crypto Ed25519 functions (web-ed25519.ts) when the provider has none (see steps.ts).
 */
export const webCryptoCore: CryptoProvider = /* @__PURE__ */ takesText({ name: "web", hmac, digest, randomBytes } as Partial<CryptoProvider> as CryptoProvider);
