// Public and private keys for the JWS algorithms that are not HMAC: what a key is (RSA, an EC
// curve, Ed25519), which algorithms it may be used with, and its platform key, imported once
// per algorithm. The key's type decides the algorithms, never the token (RFC 8725 §3.1).
//
// Signatures are made and checked with Web Crypto, which every supported runtime has
// (Node 20's globalThis.crypto included), so both crypto providers give the same answers.
import { HASH_BYTES } from "../crypto/types.js";
import { subtle } from "../crypto/web-keys.js";
import { certificateSpki, pemBlock, pkcs8Algorithm, spkiAlgorithm, type KeyAlgorithm } from "../keys/der.js";
import { fromBase64Url } from "../lib/base64.js";
import type { Jwk } from "../keys/types.js";
import { isArrayBuffer, isUint8Array } from "../lib/bytes.js";
import { ALL_ALGORITHMS, algorithmNamed, type JwtAlgorithmDescriptor } from "./algorithms.js";

/** A public (or, for signing, private) key, resolved once. */
export interface AsymmetricKey {
  readonly type: "public" | "private";
  readonly algorithm: KeyAlgorithm;
  /** The algorithms this key may be used with: by its type, or the one its JWK `alg` or platform key names. */
  readonly allowed: readonly JwtAlgorithmDescriptor[];
  /** The JWK's `kid`, when it has one. */
  readonly kid?: string;
  /** The platform key for `alg` (one of `allowed`), imported on first use. */
  platformKey(alg: JwtAlgorithmDescriptor): CryptoKey | Promise<CryptoKey>;
}

/** The smallest RSA modulus accepted, in bits (RFC 7518 §3.3, §3.5; NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;

const BY_CURVE: Readonly<Record<KeyAlgorithm, readonly JwtAlgorithmDescriptor[]>> = /* @__PURE__ */ (() => {
  const of = (test: (a: JwtAlgorithmDescriptor) => boolean) => ALL_ALGORITHMS.filter(test);
  return {
    RSA: of((a) => a.family === "RS" || a.family === "PS"),
    "P-256": of((a) => a.curve === "P-256"),
    "P-384": of((a) => a.curve === "P-384"),
    "P-521": of((a) => a.curve === "P-521"),
    Ed25519: of((a) => a.family === "EdDSA"),
  };
})();

/** Bytes of each EC coordinate (and of an Ed25519 key). */
const COORDINATE_BYTES: Readonly<Record<string, number>> = { "P-256": 32, "P-384": 48, "P-521": 66, Ed25519: 32 };

const importParams = (alg: JwtAlgorithmDescriptor): AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams =>
  alg.family === "RS"
    ? { name: "RSASSA-PKCS1-v1_5", hash: alg.hash }
    : alg.family === "PS"
      ? { name: "RSA-PSS", hash: alg.hash }
      : alg.family === "ES"
        ? { name: "ECDSA", namedCurve: alg.curve! }
        : { name: "Ed25519" };

// RFC 7518 §3.5: PSS with MGF1 of the same hash and a salt as long as the hash output.
const signatureParams = (alg: JwtAlgorithmDescriptor): AlgorithmIdentifier | RsaPssParams | EcdsaParams =>
  alg.family === "RS"
    ? { name: "RSASSA-PKCS1-v1_5" }
    : alg.family === "PS"
      ? { name: "RSA-PSS", saltLength: HASH_BYTES[alg.hash] }
      : alg.family === "ES"
        ? { name: "ECDSA", hash: alg.hash }
        : { name: "Ed25519" };

const modulusBits = (key: CryptoKey): number | undefined => (key.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;

function assertModulus(bits: number | undefined, label: string): void {
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    throw new RangeError(`${label} is an RSA key of ${bits} bits; JWS needs ${MIN_RSA_BITS} bits at least (RFC 7518 §3.3). Use a longer key.`);
  }
}

type Source = { readonly format: "jwk"; readonly data: JsonWebKey } | { readonly format: "spki" | "pkcs8"; readonly data: Uint8Array };

/** A key imported from `source` on first use for each algorithm; RSA keys below 2048 bits refused after import. */
function importable(type: "public" | "private", algorithm: KeyAlgorithm, allowed: readonly JwtAlgorithmDescriptor[], source: Source, label: string, kid?: string): AsymmetricKey {
  const imported = new Map<string, CryptoKey | Promise<CryptoKey>>();
  const usage: KeyUsage[] = [type === "public" ? "verify" : "sign"];
  return {
    type,
    algorithm,
    allowed,
    ...(kid === undefined ? {} : { kid }),
    platformKey(alg) {
      let key = imported.get(alg.name);
      if (key === undefined) {
        const params = importParams(alg);
        const loading =
          source.format === "jwk"
            ? subtle().importKey("jwk", source.data, params, false, usage)
            : subtle().importKey(source.format, source.data as BufferSource, params, false, usage);
        key = loading.then(
          (cryptoKey) => {
            assertModulus(modulusBits(cryptoKey), label);
            imported.set(alg.name, cryptoKey); // later calls get the key itself, not a promise
            return cryptoKey;
          },
          (cause: unknown) => {
            imported.delete(alg.name);
            if (cause instanceof RangeError) throw cause;
            throw new TypeError(`${label} could not be imported as a ${algorithm} key for ${alg.name}`, { cause });
          },
        );
        imported.set(alg.name, key);
      }
      return key;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What a value is

/** Text that is a PEM block (a key or certificate), which is never a shared secret. */
export const isPemText = (text: string): boolean => text.includes("-----BEGIN ");

const PEM_BYTES = /* @__PURE__ */ [0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0x42, 0x45, 0x47, 0x49, 0x4e]; // "-----BEGIN"

/** JSON text of a JWK: an object with a "kty" member (a random secret is never that). */
const isJwkText = (text: string): boolean => /^\s*\{/.test(text) && text.includes('"kty"');

/** Whether bytes (say `readFileSync("key.pem")`) begin with "-----BEGIN" after white space. */
function isPemBytes(bytes: Uint8Array): boolean {
  let start = 0;
  while (start < bytes.length && start < 64 && (bytes[start] === 0x20 || bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x09)) start++;
  for (let i = 0; i < PEM_BYTES.length; i++) if (bytes[start + i] !== PEM_BYTES[i]) return false;
  return true;
}

/**
 * A string or bytes that must be read as a key, not used as an HMAC secret: PEM text or bytes
 * (a key or certificate), or a JWK as JSON text. These are the classic confusions of a public
 * key with a shared secret (RFC 8725 §2.1).
 */
export function looksLikeKey(value: unknown): boolean {
  if (typeof value === "string") return isPemText(value) || isJwkText(value);
  if (isUint8Array(value) || isArrayBuffer(value)) {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
    return isPemBytes(bytes) || (bytes[0] === 0x7b && bytes.length < 65536 && isJwkText(new TextDecoder().decode(bytes)));
  }
  return false;
}

/** A platform key object: Web Crypto's CryptoKey. */
const isCryptoKey = (value: unknown): value is CryptoKey =>
  typeof CryptoKey !== "undefined" ? value instanceof CryptoKey : typeof value === "object" && value !== null && "algorithm" in value && "usages" in value;

/** Node's KeyObject, by its shape (hookseal/web never imports node:crypto). */
interface KeyObjectLike {
  readonly type: "public" | "private" | "secret";
  export(options: { format: "jwk" }): JsonWebKey;
}
const isKeyObject = (value: unknown): value is KeyObjectLike =>
  typeof value === "object" && value !== null && typeof (value as KeyObjectLike).export === "function" && typeof (value as KeyObjectLike).type === "string";

// ---------------------------------------------------------------------------------------------
// JWK (RFC 7517, RFC 7518 §6, RFC 8037 §2)

const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = { RSA: ["n", "e"], EC: ["crv", "x", "y"], OKP: ["crv", "x"] };
const PRIVATE_MEMBERS: Readonly<Record<string, readonly string[]>> = { RSA: ["d", "p", "q", "dp", "dq", "qi"], EC: ["d"], OKP: ["d"] };

function base64UrlMember(jwk: Record<string, unknown>, name: string, label: string): Uint8Array {
  const value = jwk[name];
  const bytes = typeof value === "string" ? fromBase64Url(value) : undefined;
  if (bytes === undefined || bytes.length === 0) throw new TypeError(`${label}: the JWK member "${name}" must be base64url text`);
  return bytes;
}

/** A JWK as a key; `TypeError`/`RangeError` for one that cannot be right. */
function jwkKey(jwk: Record<string, unknown>, type: "public" | "private", label: string): AsymmetricKey {
  const kty = jwk.kty;
  if (kty === "oct") throw new TypeError(`${label} is a JWK of kty "oct", a shared secret: pass its key bytes (the decoded "k") as an HMAC secret instead`);
  if (typeof kty !== "string" || !Object.hasOwn(PUBLIC_MEMBERS, kty)) throw new TypeError(`${label} must be a JWK of kty "RSA", "EC" or "OKP"`);
  if (jwk.use !== undefined && jwk.use !== "sig") throw new TypeError(`${label} is a JWK for "use": ${JSON.stringify(jwk.use)}, not for signatures`);
  const ops = jwk.key_ops;
  const op = type === "public" ? "verify" : "sign";
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes(op))) throw new TypeError(`${label} is a JWK whose key_ops does not include "${op}"`);
  if (type === "private" && jwk.d === undefined) throw new TypeError(`${label} is a public JWK (no "d"): signing needs the private key`);
  let algorithm: KeyAlgorithm;
  if (kty === "RSA") {
    const n = base64UrlMember(jwk, "n", label);
    base64UrlMember(jwk, "e", label);
    let leadingZeros = 0;
    while (leadingZeros < n.length && n[leadingZeros] === 0) leadingZeros++;
    const bits = (n.length - leadingZeros) * 8 - (n.length > leadingZeros ? Math.clz32(n[leadingZeros]!) - 24 : 0);
    assertModulus(bits, label);
    algorithm = "RSA";
  } else {
    const crv = jwk.crv;
    const curves = kty === "EC" ? ["P-256", "P-384", "P-521"] : ["Ed25519"];
    if (typeof crv !== "string" || !curves.includes(crv)) throw new TypeError(`${label}: a JWK of kty "${kty}" must have "crv" ${curves.join(", ")}`);
    algorithm = crv as KeyAlgorithm;
    for (const name of kty === "EC" ? ["x", "y"] : ["x"]) {
      if (base64UrlMember(jwk, name, label).length !== COORDINATE_BYTES[crv]) throw new TypeError(`${label}: the JWK member "${name}" has the wrong length for ${crv}`);
    }
  }
  let allowed = BY_CURVE[algorithm];
  if (jwk.alg !== undefined) {
    const named = algorithmNamed(jwk.alg);
    if (named === undefined || !allowed.includes(named)) throw new TypeError(`${label}: its JWK "alg" does not fit a ${algorithm} key`);
    allowed = [named];
  }
  // Only the members the key needs: no "alg", "ext" or "key_ops" that Web Crypto would hold against the import.
  const members = type === "public" ? PUBLIC_MEMBERS[kty]! : [...PUBLIC_MEMBERS[kty]!, ...PRIVATE_MEMBERS[kty]!];
  const data: Record<string, unknown> = { kty };
  for (const name of members) {
    if (jwk[name] !== undefined) data[name] = jwk[name];
  }
  return importable(type, algorithm, allowed, { format: "jwk", data: data as JsonWebKey }, label, typeof jwk.kid === "string" ? jwk.kid : undefined);
}

// ---------------------------------------------------------------------------------------------
// Platform keys

function cryptoKeyAlgorithms(key: CryptoKey, label: string): readonly JwtAlgorithmDescriptor[] {
  const { name, hash, namedCurve } = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const suffix = hash?.name === "SHA-256" ? "256" : hash?.name === "SHA-384" ? "384" : hash?.name === "SHA-512" ? "512" : undefined;
  const alg =
    name === "RSASSA-PKCS1-v1_5" && suffix !== undefined
      ? `RS${suffix}`
      : name === "RSA-PSS" && suffix !== undefined
        ? `PS${suffix}`
        : name === "ECDSA"
          ? { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" }[namedCurve ?? ""]
          : name === "Ed25519"
            ? "EdDSA"
            : undefined;
  const named = algorithmNamed(alg);
  if (named === undefined || named.family === "HS") throw new TypeError(`${label} is a CryptoKey for ${name}, which no JWS algorithm hookseal implements uses`);
  return [named];
}

function cryptoKeyKey(key: CryptoKey, type: "public" | "private", label: string): AsymmetricKey {
  if (key.type !== type) throw new TypeError(`${label} is a ${key.type} CryptoKey; ${type === "public" ? "verifying" : "signing"} needs a ${type} one`);
  const usage = type === "public" ? "verify" : "sign";
  if (!key.usages.includes(usage)) throw new TypeError(`${label} is a CryptoKey without the "${usage}" usage`);
  const allowed = cryptoKeyAlgorithms(key, label);
  assertModulus(modulusBits(key), label);
  const algorithm: KeyAlgorithm = allowed[0]!.family === "ES" || allowed[0]!.family === "EdDSA" ? allowed[0]!.curve! : "RSA";
  return { type, algorithm, allowed, platformKey: () => key };
}

function pemKey(text: string, type: "public" | "private", label: string): AsymmetricKey {
  const block = pemBlock(text);
  if (block === undefined) throw new TypeError(`${label} looks like PEM but is not one well-formed PEM block`);
  const wanted = type === "public" ? "PUBLIC KEY, or a CERTIFICATE" : "PRIVATE KEY (PKCS #8)";
  let spki: Uint8Array | undefined;
  if (type === "public" && block.label === "PUBLIC KEY") spki = block.der;
  else if (type === "public" && block.label === "CERTIFICATE") spki = certificateSpki(block.der);
  else if (type === "private" && block.label === "PRIVATE KEY") {
    const algorithm = pkcs8Algorithm(block.der);
    if (algorithm === undefined) throw new TypeError(`${label} is a private key of a type hookseal does not sign with (RSA, EC P-256/P-384/P-521, Ed25519)`);
    return importable("private", algorithm, BY_CURVE[algorithm], { format: "pkcs8", data: block.der }, label);
  } else {
    throw new TypeError(`${label} is a PEM "${block.label}"; ${type === "public" ? "verifying" : "signing"} needs a ${wanted}`);
  }
  const algorithm = spki === undefined ? undefined : spkiAlgorithm(spki);
  if (spki === undefined || algorithm === undefined) throw new TypeError(`${label} holds a public key of a type hookseal does not verify (RSA, EC P-256/P-384/P-521, Ed25519)`);
  return importable("public", algorithm, BY_CURVE[algorithm], { format: "spki", data: spki }, label);
}

// ---------------------------------------------------------------------------------------------
// Caches: a key given again (the same object or PEM text) is not parsed or imported again

const byObject = /* @__PURE__ */ new WeakMap<object, AsymmetricKey>();
const PEM_CACHE_SIZE = 16;
const byPem = /* @__PURE__ */ new Map<string, AsymmetricKey>();

/**
 * A key given by the caller, for `type` use: a PEM string (or PEM bytes), a JWK, a CryptoKey
 * or a KeyObject. `TypeError` for anything else, `RangeError` for an RSA key below 2048 bits.
 */
export function asymmetricKey(input: unknown, type: "public" | "private", label: string): AsymmetricKey {
  if (typeof input === "string" || isUint8Array(input) || isArrayBuffer(input)) {
    const text = typeof input === "string" ? input : new TextDecoder().decode(input);
    if (!isPemText(text)) {
      throw new TypeError(isJwkText(text) ? `${label} is a JWK as JSON text: pass it as an object (JSON.parse it first)` : `${label} is not a PEM key`);
    }
    let key = byPem.get(type + text);
    if (key === undefined) {
      key = pemKey(text, type, label);
      if (byPem.size >= PEM_CACHE_SIZE) byPem.delete(byPem.keys().next().value!);
      byPem.set(type + text, key);
    }
    return key;
  }
  if (typeof input !== "object" || input === null) throw new TypeError(`${label} must be a PEM string, a JWK, a CryptoKey or a KeyObject, got ${input === null ? "null" : typeof input}`);
  const known = byObject.get(input);
  if (known !== undefined && known.type === type) return known;
  let key: AsymmetricKey;
  if (isCryptoKey(input)) key = cryptoKeyKey(input, type, label);
  else if (isKeyObject(input)) {
    if (input.type === "secret") throw new TypeError(`${label} is a secret KeyObject: pass its bytes (key.export()) as an HMAC secret`);
    if (type === "private" && input.type !== "private") throw new TypeError(`${label} is a public KeyObject: signing needs the private key`);
    key = jwkKey(input.export({ format: "jwk" }) as Record<string, unknown>, type, label); // a private KeyObject also verifies: its public members
  } else key = jwkKey(input as Record<string, unknown>, type, label);
  byObject.set(input, key);
  return key;
}

// Keys of a fetched key set: a key that cannot be used (another use, a secret, too short, not a
// JWK hookseal knows) is left out, never an error: the set is the issuer's, not a configuration.
const fromSet = /* @__PURE__ */ new WeakMap<object, AsymmetricKey | null>();

/** The key of one JWK from a key set, or undefined when it cannot verify signatures. */
export function keySetKey(jwk: Jwk): AsymmetricKey | undefined {
  let key = fromSet.get(jwk);
  if (key === undefined) {
    try {
      key = jwkKey(jwk as Record<string, unknown>, "public", "a key of the key set");
    } catch {
      key = null;
    }
    fromSet.set(jwk, key);
  }
  return key ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Signatures

/** Whether `signature` is `alg`'s signature of `data` under `key`; never throws for a bad signature. */
export async function verifySignature(key: AsymmetricKey, alg: JwtAlgorithmDescriptor, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const cryptoKey = await key.platformKey(alg);
  // A length the algorithm or key rules out is no signature (an RSA signature is as long as the modulus).
  const bits = modulusBits(cryptoKey);
  const length = bits === undefined ? alg.macBytes : Math.ceil(bits / 8);
  if (signature.length !== length) return false;
  try {
    return await subtle().verify(signatureParams(alg), cryptoKey, signature as BufferSource, data as BufferSource);
  } catch {
    return false; // a signature the platform cannot even parse verifies nothing
  }
}

/** `alg`'s signature of `data` under a private key (ECDSA as JWS's R ‖ S, RFC 7518 §3.4). */
export async function signData(key: AsymmetricKey, alg: JwtAlgorithmDescriptor, data: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await key.platformKey(alg);
  return new Uint8Array(await subtle().sign(signatureParams(alg), cryptoKey, data as BufferSource));
}
