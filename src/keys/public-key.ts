// Public keys from every form a user or a provider hands them over in, parsed once and cached.
import type { Jwk, NodeKeyObject, WebCryptoKey } from "./types.js";
import type { PublicKeyHandle } from "../crypto/types.js";
import { spkiFromPublicKey } from "../crypto/ed25519-der.js";
import { fromBase64 } from "../lib/base64.js";
import { fromHex } from "../lib/hex.js";
import { spkiOfCertificate } from "./certificate.js";
import { publicKeyFromJwk } from "./jwk.js";
import { MAX_PEM_CHARS, readPem } from "./pem.js";
import { describeCryptoKey, exportedKeyObject, isCryptoKey, isKeyObject } from "./platform.js";
import { checkedRsa, publicKeyFromSpki, readRsaPublicKey, rsaSpki } from "./spki.js";

/**
 * A public key as hookseal takes it (API.md "Public keys"): a PEM `PUBLIC KEY` (SPKI), `RSA
 * PUBLIC KEY` (PKCS#1) or `CERTIFICATE` (its key only: no chain, signature, date or name is
 * checked), a scheme's own text form (Discord's 64 hex digits, SendGrid's base64 SPKI,
 * `whpk_…`), a JWK (object or JSON text) with public members only, a Web Crypto `CryptoKey` or a
 * node:crypto `KeyObject`.
 *
 * @example
 * ```ts
 * await verify(sendgrid, { secret: process.env.SENDGRID_VERIFICATION_KEY!, payload, headers });
 * ```
 */
export type PublicKeyInput = string | Jwk | WebCryptoKey | NodeKeyObject;

/** Most parsed keys kept; least recently used out first. */
const CACHE_SIZE = 64;
const byText = /* @__PURE__ */ new Map<string, PublicKeyHandle>();
const byObject = /* @__PURE__ */ new WeakMap<object, PublicKeyHandle>();
// The id answered last: already the newest entry (Map order is the recency order), so a hit
// on it moves nothing: a receiver with one key pays no delete and re-insert per call.
let newest: string | undefined;

/** Remembers `make()`'s handle under `id` (bounded, LRU); a throw caches nothing. */
function cachedHandle(id: string, make: () => PublicKeyHandle): PublicKeyHandle {
  let handle = byText.get(id);
  if (handle === undefined) {
    handle = make();
    if (byText.size >= CACHE_SIZE) byText.delete(byText.keys().next().value!);
  } else if (id === newest) {
    return handle;
  } else {
    byText.delete(id);
  }
  byText.set(id, handle);
  newest = id;
  return handle;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

function fromText(input: string, what: string): PublicKeyHandle {
  if (input.length > MAX_PEM_CHARS) throw new TypeError(`${what} is longer than any public key or certificate (${MAX_PEM_CHARS} characters at most)`);
  const text = input.trim();
  if (text.startsWith("-----BEGIN ")) {
    const pem = readPem(text);
    if (pem === undefined) throw new TypeError(`${what} is not well-formed PEM`);
    switch (pem.label) {
      case "PUBLIC KEY":
        return publicKeyFromSpki(pem.der, what);
      case "CERTIFICATE": {
        const spki = spkiOfCertificate(pem.der);
        if (spki === undefined) throw new TypeError(`${what} is not a DER X.509 certificate`);
        return publicKeyFromSpki(spki, what);
      }
      case "RSA PUBLIC KEY": {
        const rsa = readRsaPublicKey(pem.der);
        if (rsa === undefined) throw new TypeError(`${what} is not a DER RSAPublicKey`);
        return { type: "rsa", bits: checkedRsa(rsa.n, rsa.e, what), spki: rsaSpki(rsa.n, rsa.e) };
      }
      default:
        throw new TypeError(
          pem.label.includes("PRIVATE")
            ? `${what} is a private key: verify with the public key (PEM "PUBLIC KEY")`
            : `${what} is PEM "${pem.label}"; expected "PUBLIC KEY" or "CERTIFICATE"`,
        );
    }
  }
  if (text.startsWith("{")) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      throw new TypeError(`${what} starts with "{" but is not JSON (a JWK)`);
    }
    if (jwk === null || typeof jwk !== "object" || Array.isArray(jwk)) throw new TypeError(`${what} is JSON but not a JWK object`);
    return publicKeyFromJwk(jwk as Record<string, unknown>, what);
  }
  // Discord shows its application public key as 64 hex digits: the raw Ed25519 key.
  if (HEX_KEY.test(text)) return { type: "ed25519", spki: spkiFromPublicKey(fromHex(text)!) };
  if (text.startsWith("whpk_")) {
    const raw = fromBase64(text.slice(5), { canonical: false });
    if (raw?.length !== 32) throw new TypeError(`${what} starts with "whpk_" but is not base64 of a 32-byte Ed25519 public key`);
    return { type: "ed25519", spki: spkiFromPublicKey(raw) };
  }
  // SendGrid shows its verification key as base64 of the DER SubjectPublicKeyInfo.
  const der = BASE64_TEXT.test(text) ? fromBase64(text, { canonical: false }) : undefined;
  if (der !== undefined && der.length > 0) return publicKeyFromSpki(der, what);
  throw new TypeError(`${what} is not a public key: expected PEM, a JWK, 64 hex digits (Ed25519) or base64 of a DER SubjectPublicKeyInfo`);
}

/** A stable text of a JWK's identifying members, so equal JWK objects share one parsed key. */
const jwkId = (jwk: Record<string, unknown>): string =>
  JSON.stringify(["kty", "crv", "n", "e", "x", "y", "d", "use", "key_ops", "alg", "kid"].map((name) => jwk[name] ?? null));

/**
 * The handle of a public key input; parsed keys are cached (text and JWK by content, bounded;
 * platform keys by identity). `TypeError` for what is not a supported public key (a private
 * key included), `RangeError` for an RSA key outside 2048..8192 bits. `what` names the key in
 * messages ("the secret", "key #2"); a key's bytes never appear in them.
 */
export function publicKeyOf(input: unknown, what = "the public key"): PublicKeyHandle {
  if (typeof input === "string") return cachedHandle(input, () => fromText(input, what));
  if (input === null || typeof input !== "object") {
    throw new TypeError(`${what} must be a PEM string, a JWK, a CryptoKey or a KeyObject, got ${input === null ? "null" : typeof input}`);
  }
  const known = byObject.get(input);
  if (known !== undefined) return known;
  let handle: PublicKeyHandle;
  if (isCryptoKey(input)) {
    if (input.type !== "public") throw new TypeError(`${what} is a private CryptoKey: verify with the public key`);
    handle = { ...describeCryptoKey(input, what), platform: input };
    byObject.set(input, handle); // a CryptoKey never changes
  } else if (isKeyObject(input)) {
    if (input.type !== "public") throw new TypeError(`${what} is a private KeyObject: verify with the public key`);
    handle = publicKeyFromSpki(exportedKeyObject(input), what);
    byObject.set(input, handle); // nor does a KeyObject
  } else {
    const jwk = input as Record<string, unknown>;
    handle = cachedHandle("jwk:" + jwkId(jwk), () => publicKeyFromJwk(jwk, what)); // a JWK object may be changed: by content
  }
  return handle;
}
