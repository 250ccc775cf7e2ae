// signJwt/verifyJwt with private and public keys: default algorithms by key type, the key
// forms (PEM, certificate, JWK, CryptoKey, KeyObject), and the configuration mistakes that are
// TypeError/RangeError. Both crypto providers.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { signJwtWith } from "../../src/jwt/sign.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import type { JwtSigningKey, JwtVerificationKey } from "../../src/jwt/types.js";
import { expectJwtError, NOW, providers } from "./helpers.js";
import { keyPairs } from "./key-pairs.js";

const pairs = keyPairs();
const CERT = readFileSync(new URL("fixtures/es256-cert.pem", import.meta.url), "utf8");
const CERT_KEY = readFileSync(new URL("fixtures/es256-key.pem", import.meta.url), "utf8");
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;

describe.each(providers)("public-key signJwt / verifyJwt (%s crypto)", (_name, crypto) => {
  const sign = (key: JwtSigningKey, options: Parameters<typeof signJwtWith>[3] = {}) => signJwtWith(crypto, { sub: "user_1" }, key, { now: NOW, crypto, ...options });
  const verify = (token: string, key: JwtVerificationKey, options: Parameters<typeof verifyJwtWith>[3] = {}) => verifyJwtWith(crypto, token, key, { now: NOW, crypto, ...options });

  it.each([
    ["RSA", pairs.rsa, "RS256"],
    ["P-256", pairs.p256, "ES256"],
    ["P-384", pairs.p384, "ES384"],
    ["P-521", pairs.p521, "ES512"],
    ["Ed25519", pairs.ed25519, "EdDSA"],
  ] as const)("a %s private key signs %s by default, and its public key verifies it", async (_type, pair, alg) => {
    const token = await sign(pair.privatePem);
    expect(headerOf(token)).toEqual({ alg, typ: "JWT" });
    expect((await verify(token, pair.publicPem)).header.alg).toBe(alg);
    await expect(jwtVerify(token, pair.publicKey)).resolves.toBeDefined();
  });

  it("a JWK's alg is the default, and keyId sets kid", async () => {
    const token = await sign({ ...pairs.rsa.privateJwk, alg: "PS384" }, { keyId: "2024-01" });
    expect(headerOf(token)).toEqual({ alg: "PS384", typ: "JWT", kid: "2024-01" });
    await expect(verify(token, pairs.rsa.publicKey)).resolves.toBeDefined();
  });

  it('a JWK whose alg is "Ed25519" (as Web Crypto exports Ed25519 keys, RFC 9864) signs and verifies EdDSA; on another key type it is a TypeError', async () => {
    const subtle = globalThis.crypto.subtle;
    const pair = (await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const [privateJwk, publicJwk] = [await subtle.exportKey("jwk", pair.privateKey), await subtle.exportKey("jwk", pair.publicKey)];
    expect(publicJwk.alg).toBe("Ed25519");
    const token = await sign(privateJwk as JwtSigningKey, { keyId: "ed-1" });
    expect(headerOf(token)).toEqual({ alg: "EdDSA", typ: "JWT", kid: "ed-1" });
    expect((await verify(token, publicJwk as JwtVerificationKey)).header.alg).toBe("EdDSA");
    await expect(verify(token, { ...publicJwk, alg: "EdDSA" } as JwtVerificationKey)).resolves.toBeDefined();
    await expect(verify(token, { ...pairs.rsa.publicJwk, alg: "Ed25519" } as JwtVerificationKey)).rejects.toThrow(TypeError);
    await expect(verify(token, { ...publicJwk, alg: "Ed448" } as JwtVerificationKey)).rejects.toThrow(TypeError);
  });

  it("a certificate's public key verifies (no chain is checked)", async () => {
    const token = await sign(CERT_KEY);
    expect((await verify(token, CERT)).payload.sub).toBe("user_1");
    await expectJwtError(verify(await sign(pairs.p256.privatePem), CERT), "signature_mismatch");
  });

  it("CryptoKeys are used as given, for the one algorithm they were imported for", async () => {
    const subtle = globalThis.crypto.subtle;
    const rsPrivate = await subtle.importKey("jwk", pairs.rsa.privateJwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
    const rsPublic = await subtle.importKey("jwk", pairs.rsa.publicJwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
    const token = await sign(rsPrivate);
    expect(headerOf(token).alg).toBe("RS256");
    await expect(verify(token, rsPublic)).resolves.toBeDefined();
    // An RSA key imported for RS256 does not verify PS256, though an RSA key in general may.
    await expectJwtError(verify(await sign(pairs.rsa.privatePem, { algorithm: "PS256" }), rsPublic), "unsupported_algorithm");
    await expect(sign(rsPrivate, { algorithm: "RS384" })).rejects.toThrow(TypeError);
  });

  it("configuration mistakes are TypeError/RangeError, never a token", async () => {
    await expect(sign(pairs.rsa.publicPem)).rejects.toThrow(TypeError); // a public key cannot sign
    await expect(sign(pairs.rsa.privatePem, { algorithm: "ES256" })).rejects.toThrow(TypeError);
    await expect(sign(pairs.rsa.privatePem, { algorithm: "HS256" })).rejects.toThrow(TypeError);
    await expect(sign(pairs.p256.privatePem, { algorithm: "ES384" })).rejects.toThrow(TypeError);
    await expect(sign("a-shared-secret-of-at-least-32-bytes!!", { algorithm: "RS256" })).rejects.toThrow(TypeError);
    await expect(sign(pairs.p256.privatePem, { keyId: "a", header: { kid: "b" } })).rejects.toThrow(TypeError);
    await expect(sign(pairs.p256.privatePem, { keyId: 7 as unknown as string })).rejects.toThrow(TypeError);
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
    await expect(sign(small.privateKey.export({ format: "pem", type: "pkcs8" }) as string)).rejects.toThrow(RangeError);
    await expect(verify("x.y.z", pairs.rsa.privatePem)).rejects.toThrow(TypeError); // a private key to verify
    await expect(verify("x.y.z", [])).rejects.toThrow(RangeError);
    await expect(verify("x.y.z", { kty: "oct", k: "AAAA" })).rejects.toThrow(TypeError);
  });

  it("every key of a list is tried (rotation), in order, and secretIndex says which verified", async () => {
    const token = await sign(pairs.ed25519.privatePem);
    const verified = await verify(token, [pairs.p256.publicPem, pairs.rsa.publicJwk, pairs.ed25519.publicJwk]);
    expect(verified.secretIndex).toBe(2);
  });

  it("claims are checked only after the signature, as with secrets", async () => {
    const expired = await signJwtWith(crypto, { sub: "x" }, pairs.p256.privatePem, { now: NOW - 1000, expiresIn: 10, crypto });
    await expectJwtError(verify(expired, pairs.p256.publicPem), "expired");
    await expectJwtError(verify(expired, pairs.p384.publicPem), "unsupported_algorithm");
  });
});
