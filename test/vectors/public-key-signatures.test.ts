// Project Wycheproof ECDSA P-256/SHA-256 (DER and P1363), RSASSA-PKCS1-v1_5 and RSA-PSS
// 2048/SHA-256, and Ed25519, through the public-key primitives on each adapter: every valid
// signature verifies, every invalid one is refused, nothing throws, and both adapters agree.
import { describe, expect, it } from "vitest";
import type { CryptoProvider, SignatureAlgorithm } from "../../src/crypto/types.js";
import { runAsync } from "../../src/engine/steps.js";
import { ecdsaDerToRaw, EDDSA, ES256, ES512, privateKeyOf, PS256, PS384, publicKeyOf, RS256, signWithKey, verifySignature } from "../../src/keys/index.js";
import { JwtError } from "../../src/jwt/errors.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { adapters } from "../adapters.js";
import { hexBytes, loadVectors } from "./load.js";

interface Test { tcId: number; msg: string; sig: string; result: "valid" | "invalid" | "acceptable"; flags: string[] }
interface Group { publicKeyDer?: string; publicKey: { pk?: string }; publicKeyJwk?: JsonWebKey; tests: Test[] }
interface File { testGroups: Group[] }

/** Runs every test of a file; `signatureOf` maps the vector's signature to the raw form (undefined: refused before any crypto). */
async function outcomes(crypto: CryptoProvider, file: string, algorithm: SignatureAlgorithm, keyOf: (group: Group) => unknown, signatureOf = (sig: string): Uint8Array | undefined => hexBytes(sig)) {
  const results = new Map<number, boolean>();
  for (const group of loadVectors<File>(file).testGroups) {
    const key = publicKeyOf(keyOf(group));
    for (const test of group.tests) {
      const raw = signatureOf(test.sig);
      const verified = raw === undefined ? false : await runAsync(verifySignature(algorithm, key, raw, [hexBytes(test.msg)]), crypto);
      if (test.result === "valid") expect(verified, `tcId ${test.tcId} (${test.flags.join()}) must verify`).toBe(true);
      if (test.result === "invalid") expect(verified, `tcId ${test.tcId} (${test.flags.join()}) must be refused`).toBe(false);
      results.set(test.tcId, verified);
    }
  }
  return results;
}

const sendgridForm = (group: Group) => Buffer.from(group.publicKeyDer!, "hex").toString("base64"); // base64 DER SPKI, as SendGrid shows it
const pemForm = (group: Group) => `-----BEGIN PUBLIC KEY-----\n${Buffer.from(group.publicKeyDer!, "hex").toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PUBLIC KEY-----\n`;

const suites = [
  ["ECDSA P-256/SHA-256, DER (strict parse)", "wycheproof_ecdsa_secp256r1_sha256_test.json", ES256, sendgridForm, (sig: string) => ecdsaDerToRaw(hexBytes(sig), "P-256")],
  ["ECDSA P-256/SHA-256, P1363 (JWK keys)", "wycheproof_ecdsa_secp256r1_sha256_p1363_test.json", ES256, (group: Group) => group.publicKeyJwk, undefined],
  ["RSASSA-PKCS1-v1_5 2048/SHA-256", "wycheproof_rsa_signature_2048_sha256_test.json", RS256, pemForm, undefined],
  ["RSA-PSS 2048/SHA-256, MGF1-SHA-256, salt 32", "wycheproof_rsa_pss_2048_sha256_mgf1_32_test.json", PS256, sendgridForm, undefined],
  ["Ed25519", "wycheproof_ed25519_test.json", EDDSA, (group: Group) => group.publicKey.pk, undefined],
] as const;

describe.each(suites)("Wycheproof %s", (_, file, algorithm, keyOf, signatureOf) => {
  it("on both adapters, which agree on every case (acceptable ones included)", async () => {
    const [node, web] = await Promise.all(adapters.map(({ crypto }) => outcomes(crypto, file, algorithm, keyOf, signatureOf)));
    expect(node!.size).toBeGreaterThan(100);
    expect([...web!.entries()]).toEqual([...node!.entries()]);
  });
});

interface JwsVector { id: string; algorithm: "RS256" | "ES256" | "EdDSA"; private_jwk: JsonWebKey; public_jwk: JsonWebKey; signing_input: string; signature_b64url: string; deterministic: boolean }
const rfc = loadVectors<{ vectors: JwsVector[] }>("rfc7515_rfc8037_public_key_jws.json");
const ALGORITHMS = { RS256, ES256, EdDSA: EDDSA } as const;

describe.each(adapters)("RFC 7515 A.2/A.3 and RFC 8037 A.4 on the $name adapter", ({ crypto }) => {
  it.each(rfc.vectors)("$id", async (vector) => {
    const algorithm = ALGORITHMS[vector.algorithm];
    const input = [new TextEncoder().encode(vector.signing_input)];
    const signature = new Uint8Array(Buffer.from(vector.signature_b64url, "base64url"));
    const key = publicKeyOf(vector.public_jwk);
    expect(await runAsync(verifySignature(algorithm, key, signature, input), crypto)).toBe(true);
    const tampered = signature.slice();
    tampered[signature.length - 1]! ^= 1;
    expect(await runAsync(verifySignature(algorithm, key, tampered, input), crypto)).toBe(false);
    const signed = await runAsync(signWithKey(algorithm, privateKeyOf(vector.private_jwk), input), crypto);
    // RSASSA-PKCS1-v1_5 and Ed25519 are deterministic: signing reproduces the published signature.
    if (vector.deterministic) expect(Buffer.from(signed).toString("base64url")).toBe(vector.signature_b64url);
    expect(await runAsync(verifySignature(algorithm, key, signed, input), crypto)).toBe(true);
  });
});

// RFC 7520 §4.1–4.4 (the JOSE cookbook): RS256, PS384, ES512 and HS256 over a text payload. Not a
// JWT claims set, so verifyJwt accepts the signature and then refuses the payload as malformed.
interface CookbookVector { id: string; algorithm: "RS256" | "PS384" | "ES512" | "HS256"; private_jwk?: JsonWebKey; public_jwk?: JsonWebKey; key_b64url?: string; signing_input: string; signature_b64url: string; compact: string; deterministic: boolean }
const cookbook = loadVectors<{ vectors: CookbookVector[] }>("rfc7520_jws.json");
const COOKBOOK_ALGORITHMS = { RS256, PS384, ES512 } as const;
const bytesOfBase64Url = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));

describe.each(adapters)("RFC 7520 §4.1–4.4 on the $name adapter", ({ crypto }) => {
  it.each(cookbook.vectors)("$id", async (vector) => {
    const input = [new TextEncoder().encode(vector.signing_input)];
    const signature = bytesOfBase64Url(vector.signature_b64url);
    const tampered = signature.slice();
    tampered[signature.length >> 1]! ^= 1;
    let key: unknown;
    if (vector.algorithm === "HS256") {
      key = bytesOfBase64Url(vector.key_b64url!);
      expect(Buffer.from(await crypto.hmac("SHA-256", key as Uint8Array, input)).toString("base64url")).toBe(vector.signature_b64url);
    } else {
      const algorithm = COOKBOOK_ALGORITHMS[vector.algorithm];
      key = vector.public_jwk;
      const publicKey = publicKeyOf(vector.public_jwk);
      expect(await runAsync(verifySignature(algorithm, publicKey, signature, input), crypto)).toBe(true);
      expect(await runAsync(verifySignature(algorithm, publicKey, tampered, input), crypto)).toBe(false);
      const signed = await runAsync(signWithKey(algorithm, privateKeyOf(vector.private_jwk), input), crypto);
      if (vector.deterministic) expect(Buffer.from(signed).toString("base64url")).toBe(vector.signature_b64url);
      expect(await runAsync(verifySignature(algorithm, publicKey, signed, input), crypto)).toBe(true);
    }
    const verifying = (token: string) => verifyJwtWith(crypto, token, key as Uint8Array, { algorithms: [vector.algorithm], crypto });
    await expect(verifying(vector.compact)).rejects.toSatisfy((error) => error instanceof JwtError && error.code === "malformed" && /Claims Set/.test(error.message));
    const altered = `${vector.signing_input}.${Buffer.from(tampered).toString("base64url")}`;
    await expect(verifying(altered)).rejects.toSatisfy((error) => error instanceof JwtError && error.code === "signature_mismatch");
  });
});
