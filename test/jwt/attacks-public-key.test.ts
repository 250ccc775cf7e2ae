// The attack catalog, public-key part: one hand-built token per attack, each refused with its
// JwtError code (or, for a key that cannot be right, a TypeError/RangeError before any token is
// read). Tokens are forged with node:crypto, not with hookseal.
import { createHmac, generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { CryptoProvider } from "../../src/crypto/types.js";
import { jwks } from "../../src/keys/jwks.js";
import { verifyJwtWith, type VerifyJwtOptions } from "../../src/jwt/verify.js";
import type { JwtVerificationKey } from "../../src/jwt/types.js";
import { b64url, expectJwtError, fromB64url, NOW, providers } from "./helpers.js";
import { keyPairs, type PublicAlgorithm } from "./key-pairs.js";

const CLAIMS = { sub: "user_1", iat: NOW - 10, exp: NOW + 300 };
const NODE_HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** A token signed with node:crypto: `alg` in the header may differ from `as`, the algorithm actually used. */
function forge(header: Record<string, unknown>, key: KeyObject, as: PublicAlgorithm, claims: unknown = CLAIMS): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const hash = as === "EdDSA" ? null : NODE_HASH[as.slice(2)]!;
  const options = as.startsWith("PS")
    ? { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: -1 /* digest length */ }
    : as.startsWith("ES")
      ? { key, dsaEncoding: "ieee-p1363" as const }
      : key;
  return `${input}.${b64url(nodeSign(hash, Buffer.from(input), options))}`;
}

const swapHeader = (token: string, header: Record<string, unknown>) => `${b64url(JSON.stringify(header))}.${token.split(".").slice(1).join(".")}`;
const withSignature = (token: string, signature: Uint8Array) => `${token.slice(0, token.lastIndexOf("."))}.${b64url(signature)}`;

const pairs = keyPairs();
// P-256's group order n (SEC 2).
const N_P256 = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const toBytes = (value: bigint, length: number) => fromB64url(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex").toString("base64url"));
const toBig = (bytes: Uint8Array) => BigInt("0x" + Buffer.from(bytes).toString("hex"));

describe.each(providers)("public-key attack catalog (%s crypto)", (_name, crypto) => {
  const verify = (token: string, key: JwtVerificationKey, options: VerifyJwtOptions = {}) => verifyJwtWith(crypto, token, key, { now: NOW, crypto, ...options });
  const spyCrypto = (): CryptoProvider & { hmac: ReturnType<typeof vi.fn> } => ({ ...crypto, hmac: vi.fn(crypto.hmac) }) as never;

  it("control: an RS256 token verifies with the PEM, the JWK, the KeyObject and a list", async () => {
    const token = forge({ alg: "RS256", typ: "JWT" }, pairs.rsa.privateKey, "RS256");
    for (const key of [pairs.rsa.publicPem, pairs.rsa.publicJwk, pairs.rsa.publicKey, [pairs.p256.publicPem, pairs.rsa.publicPem]]) {
      expect((await verify(token, key as JwtVerificationKey)).payload).toEqual(CLAIMS);
    }
  });

  describe("algorithm confusion: a public key is never an HMAC secret", () => {
    const pem = pairs.rsa.publicPem;
    const jwkText = JSON.stringify(pairs.rsa.publicJwk);
    const hs256 = (secret: string | Buffer) => {
      const input = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(CLAIMS))}`;
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    };

    it.each([
      ["the PEM string", pem, pem],
      ["the PEM bytes (readFileSync)", Buffer.from(pem), pem],
      ["the PEM with a leading newline", "\n" + pem, "\n" + pem],
      ["the JWK object (HMAC over its JSON)", pairs.rsa.publicJwk, jwkText],
      ["the JWK as JSON text", jwkText, jwkText],
      ["the JWK as JSON bytes", Buffer.from(jwkText), jwkText],
      ["the KeyObject (HMAC over its PEM)", pairs.rsa.publicKey, pem],
    ])("HS256 signed with %s as the secret → unsupported_algorithm, and no HMAC is computed", async (_what, key, hmacSecret) => {
      const spy = spyCrypto();
      const error = await expectJwtError(verifyJwtWith(spy, hs256(hmacSecret), key as JwtVerificationKey, { now: NOW, crypto: spy }), "unsupported_algorithm");
      expect(error.claim).toBe("alg");
      expect(spy.hmac).not.toHaveBeenCalled();
    });

    it("asking for HS256 with a public key is a TypeError (configuration), not a verification", async () => {
      for (const key of [pem, Buffer.from(pem), pairs.rsa.publicJwk, [pem]]) {
        await expect(verify(hs256(pem), key as JwtVerificationKey, { algorithms: ["HS256"] })).rejects.toThrow(TypeError);
      }
      await expect(verify(hs256(pem), jwks("https://issuer.example/jwks"), { algorithms: ["HS256"] })).rejects.toThrow(TypeError);
    });

    it("asking for RS256 with a shared secret is a TypeError", async () => {
      await expect(verify("a.b.c", "a-shared-secret-of-at-least-32-bytes!!", { algorithms: ["RS256"] })).rejects.toThrow(TypeError);
    });

    it("a list mixing secrets and public keys is a TypeError", async () => {
      await expect(verify("a.b.c", ["a-shared-secret-of-at-least-32-bytes!!", pem])).rejects.toThrow(TypeError);
    });
  });

  describe("alg swapped between RS, PS and ES", () => {
    it("RS256 signature under a PS256 header (and the reverse) → signature_mismatch", async () => {
      const rs = forge({ alg: "RS256" }, pairs.rsa.privateKey, "RS256");
      await expectJwtError(verify(swapHeader(rs, { alg: "PS256" }), pairs.rsa.publicPem), "signature_mismatch");
      const ps = forge({ alg: "PS256" }, pairs.rsa.privateKey, "PS256");
      await expectJwtError(verify(swapHeader(ps, { alg: "RS256" }), pairs.rsa.publicPem), "signature_mismatch");
      await expectJwtError(verify(swapHeader(ps, { alg: "RS512" }), pairs.rsa.publicPem), "signature_mismatch");
    });

    it("a correctly signed PS256 token when the key's JWK says RS256 → unsupported_algorithm", async () => {
      const token = forge({ alg: "PS256" }, pairs.rsa.privateKey, "PS256");
      await expect(verify(token, pairs.rsa.publicJwk)).resolves.toBeDefined(); // allowed by the key's type…
      await expectJwtError(verify(token, { ...pairs.rsa.publicJwk, alg: "RS256" }), "unsupported_algorithm"); // …not by its alg
      await expectJwtError(verify(token, pairs.rsa.publicJwk, { algorithms: ["RS256"] }), "unsupported_algorithm"); // nor by the caller
    });

    it("an ES256 or EdDSA header with an RSA key → unsupported_algorithm", async () => {
      const es = forge({ alg: "ES256" }, pairs.p256.privateKey, "ES256");
      await expectJwtError(verify(es, pairs.rsa.publicPem), "unsupported_algorithm");
      const ed = forge({ alg: "EdDSA" }, pairs.ed25519.privateKey, "EdDSA");
      await expectJwtError(verify(ed, pairs.rsa.publicPem), "unsupported_algorithm");
      await expectJwtError(verify(swapHeader(forge({ alg: "RS256" }, pairs.rsa.privateKey, "RS256"), { alg: "ES256" }), pairs.p256.publicPem), "signature_mismatch");
    });

    it("ES256 signed with a P-384 key, or ES384 against a P-256 key → unsupported_algorithm", async () => {
      const es256OnP384 = forge({ alg: "ES256" }, pairs.p384.privateKey, "ES384");
      await expectJwtError(verify(es256OnP384, pairs.p384.publicPem), "unsupported_algorithm");
      await expectJwtError(verify(forge({ alg: "ES384" }, pairs.p384.privateKey, "ES384"), pairs.p256.publicPem), "unsupported_algorithm");
      // With both keys given, ES256 is tried only with the P-256 key, which did not sign it.
      await expectJwtError(verify(es256OnP384, [pairs.p256.publicPem, pairs.p384.publicPem]), "signature_mismatch");
      await expect(verify(es256OnP384, pairs.p384.publicPem, { algorithms: ["ES256"] })).rejects.toThrow(TypeError);
    });

    it('alg "none" with a public key → unsupported_algorithm', async () => {
      await expectJwtError(verify(`${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(CLAIMS))}.`, pairs.rsa.publicPem), "unsupported_algorithm");
    });
  });

  describe("headers that must never choose the key: jwk, jku, x5u, x5c", () => {
    const attacker = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const attackerJwk = attacker.publicKey.export({ format: "jwk" });
    const attackerCert = "MIIBfake"; // the content does not matter: it is never read

    it.each([
      ["jwk", { jwk: attackerJwk }],
      ["jku", { jku: "https://attacker.example/jwks.json" }],
      ["x5u", { x5u: "https://attacker.example/cert.pem" }],
      ["x5c", { x5c: [attackerCert] }],
      ["all of them", { jwk: attackerJwk, jku: "https://attacker.example/jwks.json", x5u: "https://attacker.example/c.pem", x5c: [attackerCert] }],
    ])("a token signed by the attacker's key, naming it in %s → signature_mismatch (key given) / unknown_key (key set)", async (_what, extra) => {
      const token = forge({ alg: "ES256", kid: "k1", ...extra }, attacker.privateKey, "ES256");
      await expectJwtError(verify(token, pairs.p256.publicPem), "signature_mismatch");
      const fetched: string[] = [];
      const fetchSet = (async (url: string) => {
        fetched.push(url);
        return Response.json({ keys: [{ ...pairs.p256.publicJwk, kid: "k1" }] });
      }) as unknown as typeof fetch;
      await expectJwtError(verify(token, jwks("https://issuer.example/jwks.json", { fetch: fetchSet })), "signature_mismatch");
      expect(fetched).toEqual(["https://issuer.example/jwks.json"]); // never the jku or x5u
      const noKid = forge({ alg: "ES256", ...extra }, attacker.privateKey, "ES256");
      await expectJwtError(verify(noKid, jwks("https://issuer.example/jwks.json", { fetch: (async () => Response.json({ keys: [] })) as unknown as typeof fetch })), "unknown_key");
    });
  });

  describe("kid", () => {
    const hostile = ["../../../../../../dev/null", "/etc/passwd", "' OR '1'='1' --", "1; DROP TABLE keys", "k1\u0000", "k".repeat(4000), "__proto__", "constructor"];

    it.each(hostile.map((kid) => [kid.slice(0, 30), kid]))("kid %j: unknown_key from a key set, one fetch, and the kid is not echoed", async (_label, kid) => {
      let fetches = 0;
      const fetchSet = (async () => {
        fetches++;
        return Response.json({ keys: [{ ...pairs.p256.publicJwk, kid: "k1" }] });
      }) as unknown as typeof fetch;
      const keys = jwks("https://issuer.example/jwks.json", { fetch: fetchSet, cooldown: 60 });
      const token = forge({ alg: "ES256", kid }, pairs.p256.privateKey, "ES256");
      const error = await expectJwtError(verify(token, keys), "unknown_key");
      expect(error.message).not.toContain(kid);
      await expectJwtError(verify(token, keys), "unknown_key");
      expect(fetches).toBe(1);
    });

    it("with a list of JWKs, a kid that none has → unknown_key; the kid named selects the key", async () => {
      const keys = [{ ...pairs.p256.publicJwk, kid: "k1" }, { ...pairs.rsa.publicJwk, kid: "k2" }];
      await expectJwtError(verify(forge({ alg: "ES256", kid: "' OR 1=1 --" }, pairs.p256.privateKey, "ES256"), keys), "unknown_key");
      const verified = await verify(forge({ alg: "RS256", kid: "k2" }, pairs.rsa.privateKey, "RS256"), keys);
      expect(verified.secretIndex).toBe(1);
    });

    it("a non-string kid → malformed", async () => {
      await expectJwtError(verify(forge({ alg: "ES256", kid: ["k1"] }, pairs.p256.privateKey, "ES256"), pairs.p256.publicPem), "malformed");
    });
  });

  describe("ECDSA signature values", () => {
    const good = forge({ alg: "ES256" }, pairs.p256.privateKey, "ES256");
    const raw = fromB64url(good.slice(good.lastIndexOf(".") + 1));
    const r = toBig(raw.subarray(0, 32));
    const s = toBig(raw.subarray(32));
    const sig = (rr: bigint, ss: bigint) => new Uint8Array([...toBytes(rr, 32), ...toBytes(ss, 32)]);

    it.each([
      ["r = s = 0 (CVE-2022-21449)", sig(0n, 0n)],
      ["r = 0", sig(0n, s)],
      ["s = 0", sig(r, 0n)],
      ["r = n", sig(N_P256, s)],
      ["s = n", sig(r, N_P256)],
      ["r = n + 1 (out of range)", sig(N_P256 + 1n, s)],
      ["r = 2^256 - 1", sig(2n ** 256n - 1n, s)],
      ["r and s swapped", sig(s, r)],
      ["DER instead of raw", new Uint8Array([0x30, 0x44, 0x02, 0x20, ...toBytes(r, 32), 0x02, 0x20, ...toBytes(s, 32)])],
      ["63 bytes", raw.subarray(0, 63)],
      ["empty", new Uint8Array(0)],
    ])("%s → signature_mismatch", async (_what, signature) => {
      await expectJwtError(verify(withSignature(good, signature), pairs.p256.publicPem), "signature_mismatch");
    });

    it("a high-s signature (r, n - s) is the same signature to ECDSA: accepted, as jose and the platforms do", async () => {
      const high = withSignature(good, sig(r, N_P256 - s));
      expect(high).not.toBe(good);
      await expect(verify(high, pairs.p256.publicPem)).resolves.toMatchObject({ payload: CLAIMS });
      // What makes it harmless (no replay key is made from signature bytes) is pinned in
      // test/unit/jwt-public-key-schemes.test.ts.
    });
  });

  describe("empty and wrong-length signatures for every algorithm", () => {
    it.each([
      ["RS256", pairs.rsa],
      ["PS384", pairs.rsa],
      ["ES384", pairs.p384],
      ["ES512", pairs.p521],
      ["EdDSA", pairs.ed25519],
    ] as const)("%s: empty, truncated, one byte longer → signature_mismatch", async (alg, pair) => {
      const good = forge({ alg }, pair.privateKey, alg);
      await expect(verify(good, pair.publicPem)).resolves.toBeDefined();
      const raw = fromB64url(good.slice(good.lastIndexOf(".") + 1));
      for (const signature of [new Uint8Array(0), raw.subarray(0, raw.length - 1), new Uint8Array([...raw, 0]), new Uint8Array(raw.length)]) {
        await expectJwtError(verify(withSignature(good, signature), pair.publicPem), "signature_mismatch");
      }
    });
  });

  describe("RSA keys below 2048 bits", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });

    it("as PEM, JWK or KeyObject: RangeError before any token is read", async () => {
      for (const key of [small.publicKey.export({ format: "pem", type: "spki" }), small.publicKey.export({ format: "jwk" }), small.publicKey]) {
        await expect(verify("not even a token", key as JwtVerificationKey)).rejects.toThrow(RangeError);
      }
    });

    it("in a key set: the key is left out, so its tokens are unknown_key (the set is the issuer's, not a configuration)", async () => {
      const fetchSet = (async () => Response.json({ keys: [{ ...small.publicKey.export({ format: "jwk" }), kid: "small" }] })) as unknown as typeof fetch;
      const token = forge({ alg: "RS256", kid: "small" }, small.privateKey, "RS256");
      await expectJwtError(verify(token, jwks("https://issuer.example/jwks.json", { fetch: fetchSet })), "unknown_key");
    });
  });

  describe("key sets", () => {
    it("a symmetric (oct) key in a set is never used: HS256 is not even allowed, and its kid is unknown to ES256", async () => {
      const secret = Buffer.alloc(32, 7);
      const fetchSet = (async () => Response.json({ keys: [{ kty: "oct", k: secret.toString("base64url"), kid: "k" }] })) as unknown as typeof fetch;
      const keys = jwks("https://issuer.example/jwks.json", { fetch: fetchSet });
      const input = `${b64url(JSON.stringify({ alg: "HS256", kid: "k" }))}.${b64url(JSON.stringify(CLAIMS))}`;
      await expectJwtError(verify(`${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`, keys), "unsupported_algorithm");
      await expectJwtError(verify(forge({ alg: "ES256", kid: "k" }, pairs.p256.privateKey, "ES256"), keys), "unknown_key");
    });

    it("keys for encryption (use: enc) or without verify in key_ops are left out", async () => {
      for (const extra of [{ use: "enc" }, { key_ops: ["encrypt"] }]) {
        const fetchSet = (async () => Response.json({ keys: [{ ...pairs.p256.publicJwk, kid: "k", ...extra }] })) as unknown as typeof fetch;
        await expectJwtError(verify(forge({ alg: "ES256", kid: "k" }, pairs.p256.privateKey, "ES256"), jwks("https://issuer.example/jwks.json", { fetch: fetchSet })), "unknown_key");
      }
    });

    it("a token without kid: verified only when the set has exactly one key for its algorithm", async () => {
      const one = (async () => Response.json({ keys: [pairs.p256.publicJwk, pairs.rsa.publicJwk] })) as unknown as typeof fetch;
      const token = forge({ alg: "ES256" }, pairs.p256.privateKey, "ES256");
      await expect(verify(token, jwks("https://issuer.example/jwks.json", { fetch: one }))).resolves.toBeDefined();
      const two = (async () => Response.json({ keys: [pairs.p256.publicJwk, { ...pairs.p256.publicJwk, kid: "other" }] })) as unknown as typeof fetch;
      await expectJwtError(verify(token, jwks("https://issuer.example/jwks.json", { fetch: two })), "unknown_key");
    });

    it("a key set that cannot be fetched rejects with KeySetError, never accepts", async () => {
      const down = (async () => {
        throw new TypeError("fetch failed");
      }) as unknown as typeof fetch;
      const token = forge({ alg: "ES256", kid: "k1" }, pairs.p256.privateKey, "ES256");
      await expect(verify(token, jwks("https://issuer.example/jwks.json", { fetch: down }))).rejects.toMatchObject({ name: "KeySetError" });
    });
  });
});
