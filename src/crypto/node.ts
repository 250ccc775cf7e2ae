// The node:crypto adapter (Node, Deno, Bun). Synchronous, and it streams parts into update().
import { constants, createHash, createHmac, createPrivateKey, createPublicKey, createSign, createVerify, KeyObject, randomBytes as nodeRandomBytes, sign, verify } from "node:crypto";
import { concatBytes, type Part } from "../lib/bytes.js";
import { takesText } from "./text-parts.js";
import { pkcs8FromSeed, publicKeyFromSpki, spkiFromPublicKey } from "./ed25519-der.js";
import type { Base64Codec } from "../lib/base64-codec.js";
import type { HashAlgorithm, PrivateKeyHandle, PublicKeyHandle, SignatureAlgorithm, SyncCryptoProvider } from "./types.js";

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

/**
 * The HMAC of the parts as text: "binary" (Node's name for latin1: one character per byte) or
 * "base64". node:crypto makes a string for less than a Buffer: for a caller that compares it
 * with a signature's text (engine/direct.ts).
 */
export function macTextOf(hash: HashAlgorithm, key: Uint8Array, parts: readonly Part[], encoding: "binary" | "base64"): string {
  const mac = createHmac(NODE_HASH[hash], key);
  for (let i = 0; i < parts.length; i++) mac.update(parts[i]!);
  return mac.digest(encoding);
}

/** The HMAC of one part as base64url text (node:crypto makes a string for less than a Buffer): for a caller that compares texts (jwt/direct.ts). */
export const macBase64Url = (hash: HashAlgorithm, key: Uint8Array, part: Part): string => createHmac(NODE_HASH[hash], key).update(part).digest("base64url");

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

// Public-key signatures: RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA (raw r‖s), Ed25519. Key objects are
// made once per handle (handles are themselves cached, keys/public-key.ts).
const handleKeys = /* @__PURE__ */ new WeakMap<PublicKeyHandle | PrivateKeyHandle, KeyObject>();

function keyObjectOf(handle: PublicKeyHandle | PrivateKeyHandle, make: () => KeyObject): KeyObject {
  let key = handleKeys.get(handle);
  if (key === undefined) {
    try {
      key = handle.platform !== undefined ? KeyObject.from(handle.platform as CryptoKey) : make();
    } catch {
      // The DER was well-formed (keys/spki.ts) but the platform refused it: an EC point off its curve, say.
      throw new TypeError(`the ${handle.type === "ec" ? `EC ${handle.curve}` : handle.type === "rsa" ? "RSA" : "Ed25519"} key could not be imported: it is not a valid key`);
    }
    handleKeys.set(handle, key);
  }
  return key;
}

// workerd's node:crypto (nodejs_compat) signs and verifies with key material, not with a KeyObject.
const ON_WORKERD = /* @__PURE__ */ (() => (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers")();
type KeyInput = KeyObject | { key: Buffer; format: "der"; type: "spki" | "pkcs8" };

const nodePublicKey = (handle: PublicKeyHandle): KeyObject => keyObjectOf(handle, () => createPublicKey({ key: Buffer.from(handle.spki!), format: "der", type: "spki" }));

const publicKeyObject = (handle: PublicKeyHandle): KeyInput =>
  ON_WORKERD ? { key: handle.spki !== undefined ? Buffer.from(handle.spki) : platformSpki(handle), format: "der", type: "spki" } : nodePublicKey(handle);

// On workerd, a CryptoKey's SPKI, exported once: a KeyObject made from an RSA CryptoKey there
// verifies nothing (every signature fails), while its key material verifies as it should.
const platformSpkis = /* @__PURE__ */ new WeakMap<PublicKeyHandle, Buffer>();
function platformSpki(handle: PublicKeyHandle): Buffer {
  let spki = platformSpkis.get(handle);
  if (spki === undefined) {
    spki = nodePublicKey(handle).export({ format: "der", type: "spki" });
    platformSpkis.set(handle, spki);
  }
  return spki;
}
function privateKeyObject(handle: PrivateKeyHandle): KeyInput {
  if (!ON_WORKERD) return keyObjectOf(handle, () => createPrivateKey({ key: Buffer.from(handle.pkcs8!), format: "der", type: "pkcs8" }));
  if (handle.pkcs8 === undefined) {
    throw new TypeError("On workerd, the node:crypto adapter signs with a PEM or JWK private key, not a CryptoKey: pass the key as PEM or JWK, or use hookseal/web");
  }
  return { key: Buffer.from(handle.pkcs8), format: "der", type: "pkcs8" };
}

/** The key with the padding or signature encoding the algorithm needs. */
function withOptions(algorithm: SignatureAlgorithm, key: KeyInput) {
  const base = key instanceof KeyObject ? { key } : key;
  if (algorithm.name === "RSA-PSS") return { ...base, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } as never;
  if (algorithm.name === "ECDSA") return { ...base, dsaEncoding: "ieee-p1363" as const } as never;
  return { ...base, padding: constants.RSA_PKCS1_PADDING } as never;
}

// The options object of each key and algorithm, made once: node:crypto reads it on every
// signature, and building it per call (a spread and a new shape) is measurable next to an RSA
// verification. Only for KeyObjects (workerd's key material is a fresh object per call).
const keyOptions = /* @__PURE__ */ new WeakMap<KeyObject, Map<SignatureAlgorithm, object>>();

function optionsFor(algorithm: SignatureAlgorithm, key: KeyInput): never {
  if (!(key instanceof KeyObject)) return withOptions(algorithm, key);
  let forKey = keyOptions.get(key);
  if (forKey === undefined) {
    forKey = new Map<SignatureAlgorithm, object>();
    keyOptions.set(key, forKey);
  }
  let options = forKey.get(algorithm);
  if (options === undefined) {
    options = withOptions(algorithm, key) as object;
    forKey.set(algorithm, options);
  }
  return options as never;
}

/** workerd's node:crypto does not give ECDSA signatures in the IEEE P1363 form JOSE and hookseal use. */
function assertSupported(algorithm: SignatureAlgorithm): void {
  if (ON_WORKERD && algorithm.name === "ECDSA") {
    throw new TypeError("ECDSA with the node:crypto adapter is not supported on workerd: use hookseal/web (Web Crypto), the default there");
  }
}

// Parts may be text (a built-in adapter's, see text-parts.ts): a JWT's signing input, SNS's canonical string.
const publicKeyVerify = (algorithm: SignatureAlgorithm, handle: PublicKeyHandle, signature: Uint8Array, parts: readonly Part[]): boolean => {
  assertSupported(algorithm);
  const key = publicKeyObject(handle);
  try {
    // Ed25519 hashes the whole message itself (one shot); the others stream the parts.
    if (algorithm.hash === undefined) return verify(null, parts.length === 1 ? transientBytes(parts[0]!) : concatBytes(parts), key as never, signature);
    // One part: the one-shot call, without the stream object createVerify builds. Several (a
    // timestamp and a body): streamed, not joined. RSA-PSS on workerd always streams: its
    // one-shot verify() ignores the PSS padding and so refuses every valid signature.
    if (parts.length === 1 && !(ON_WORKERD && algorithm.name === "RSA-PSS")) return verify(NODE_HASH[algorithm.hash], transientBytes(parts[0]!), optionsFor(algorithm, key), signature);
    const verifier = createVerify(NODE_HASH[algorithm.hash]);
    for (const part of parts) verifier.update(part);
    return verifier.verify(optionsFor(algorithm, key), signature);
  } catch {
    return false; // a signature the platform cannot even parse verifies nothing
  }
};

const privateKeySign: NonNullable<SyncCryptoProvider["privateKeySign"]> = (algorithm, handle, parts) => {
  assertSupported(algorithm);
  const key = privateKeyObject(handle);
  if (algorithm.hash === undefined) return view(sign(null, parts.length === 1 ? parts[0]! : concatBytes(parts), key as never));
  const signer = createSign(NODE_HASH[algorithm.hash]);
  for (const part of parts) signer.update(part);
  return view(signer.sign(withOptions(algorithm, key)));
};

// base64url decoded by Buffer (native) instead of lib/base64.ts. Buffer is lenient (it takes
// "=" padding, "+" and "/", skips other characters, ignores stray trailing bits), so the bytes
// are encoded back: canonical unpadded base64url is exactly what encoding produces, so a text is
// accepted only when it IS the encoding of its bytes, as lib/base64.ts's strict rule says.
function base64Url(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

// Scratch bytes for what is read at once and never kept (a segment turned into text, a
// one-shot verification's message): no allocation per call. Bounded; longer input gets its own.
const SCRATCH_BYTES = 16384;
let scratch: Buffer | undefined;
const scratchBytes = (): Buffer => (scratch ??= Buffer.alloc(SCRATCH_BYTES));

/** {@link base64Url} into the scratch bytes: valid until the next use of them. */
function base64UrlTransient(text: string): Uint8Array | undefined {
  if (text.length > SCRATCH_BYTES) return base64Url(text); // decodes to 3/4 of its length at most
  const out = scratchBytes();
  const length = out.write(text, "base64url");
  return out.toString("base64url", 0, length) === text ? out.subarray(0, length) : undefined;
}

/** Canonical padded standard base64, by the same rule: accepted only when it is the encoding of its bytes. */
function base64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
}

const base64Codec: Base64Codec = { base64Url, base64UrlTransient, base64 };

/** A message part as bytes for one synchronous call: text is encoded (UTF-8) into the scratch bytes. */
function transientBytes(part: Part): Uint8Array {
  if (typeof part !== "string") return part;
  // UTF-8 takes at most 3 bytes per UTF-16 unit (a lone surrogate too: EF BF BD).
  if (part.length > SCRATCH_BYTES / 3) return Buffer.from(part, "utf8");
  const out = scratchBytes();
  return out.subarray(0, out.write(part, "utf8"));
}

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
    publicKeyVerify,
    privateKeySign,
  },
  // The engine only reads a MAC's bytes: it takes node:crypto's Buffer without another view of it.
  { hmac: macOf, base64: base64Codec },
);
