// Standard Webhooks v1a: Ed25519 key pairs, mixed headers, and key misuse.
import { describe, expect, it } from "vitest";
import { generateKeyPair, generateSecret, sign, standardWebhooks, verify, WebhookVerificationError } from "../../src/index.js";
import { generateKeyPair as generateWithWeb } from "../../src/web.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { signSync, verifySync } from "../../src/node.js";

describe("v1a verdicts", () => {
  it("only a verdict of true verifies: a provider answering a truthy non-boolean verifies nothing", async () => {
    const { secretKey, publicKey } = await generateKeyPair();
    const headers = await sign(standardWebhooks, { secret: secretKey, payload: "{}", timestamp: 1_700_000_000, id: "msg_1" });
    for (const answer of ["yes", 1, {}]) {
      const crypto = { ...webCrypto, name: "truthy", ed25519Verify: async () => answer as unknown as boolean };
      const forged = verify(standardWebhooks, { secret: publicKey, payload: '{"forged":1}', headers, now: 1_700_000_000, crypto });
      await expect(forged, String(answer)).rejects.toMatchObject({ code: "no_matching_signature" });
    }
  });
});

describe("v1a key pairs", () => {
  it("generateKeyPair gives whsk_/whpk_ halves of one Ed25519 key on both adapters", async () => {
    for (const generate of [generateKeyPair, generateWithWeb]) {
      const { secretKey, publicKey } = await generate();
      // The secret key is Svix's 64-byte form: the seed, then its public key.
      expect(secretKey).toMatch(/^whsk_[A-Za-z0-9+/]{86}==$/);
      expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
      const secretBytes = new Uint8Array(Buffer.from(secretKey.slice(5), "base64"));
      const seed = secretBytes.subarray(0, 32);
      const derived = Buffer.from(await webCrypto.ed25519PublicKey(seed)).toString("base64");
      expect(derived).toBe(publicKey.slice(5));
      expect(Buffer.from(secretBytes.subarray(32)).toString("base64")).toBe(derived);
      expect(Buffer.from(nodeCrypto.ed25519PublicKey(seed)).toString("base64")).toBe(derived);
    }
  });

  it("round-trips on both adapters, sync and async, and the adapters sign identically", async () => {
    const { secretKey, publicKey } = await generateKeyPair();
    const options = { secret: secretKey, payload: '{"a":1}', timestamp: 1_700_000_000, id: "msg_v1a" };
    const node = await sign(standardWebhooks, { ...options, crypto: nodeCrypto });
    const web = await sign(standardWebhooks, { ...options, crypto: webCrypto });
    expect(web).toEqual(node);
    expect(signSync(standardWebhooks, options)).toEqual(node);
    expect(node["webhook-signature"]).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    for (const crypto of [nodeCrypto, webCrypto]) {
      const verified = await verify(standardWebhooks, { secret: publicKey, payload: options.payload, headers: node, now: options.timestamp, crypto });
      expect(verified).toEqual({ scheme: "standardWebhooks", timestamp: options.timestamp, id: "msg_v1a", eventId: "msg_v1a", secretIndex: 0 });
    }
    expect(verifySync(standardWebhooks, { secret: publicKey, payload: options.payload, headers: node, now: options.timestamp })).toBeDefined();
    const tampered = verify(standardWebhooks, { secret: publicKey, payload: '{"a":2}', headers: node, now: options.timestamp });
    await expect(tampered).rejects.toMatchObject({ code: "no_matching_signature" });
  });

  it("one header can carry v1 and v1a; each receiver checks the kind it holds", async () => {
    const hmacSecret = generateSecret();
    const { secretKey, publicKey } = await generateKeyPair();
    const headers = await sign(standardWebhooks, { secret: [hmacSecret, secretKey], payload: "mixed" });
    expect(headers["webhook-signature"]).toMatch(/^v1,\S+ v1a,\S+$/);
    await expect(verify(standardWebhooks, { secret: hmacSecret, payload: "mixed", headers })).resolves.toMatchObject({ secretIndex: 0 });
    await expect(verify(standardWebhooks, { secret: publicKey, payload: "mixed", headers })).resolves.toMatchObject({ secretIndex: 0 });
    await expect(verify(standardWebhooks, { secret: [generateSecret(), publicKey], payload: "mixed", headers })).resolves.toMatchObject({ secretIndex: 1 });
  });

  it("a receiver holding only a public key does not accept HMAC-only headers", async () => {
    const { publicKey } = await generateKeyPair();
    const headers = await sign(standardWebhooks, { secret: generateSecret(), payload: "x" });
    await expect(verify(standardWebhooks, { secret: publicKey, payload: "x", headers })).rejects.toMatchObject({ code: "no_matching_signature" });
  });

  it("key halves used the wrong way round are configuration errors", async () => {
    const { secretKey, publicKey } = await generateKeyPair();
    await expect(sign(standardWebhooks, { secret: publicKey, payload: "x" })).rejects.toBeInstanceOf(RangeError);
    const headers = await sign(standardWebhooks, { secret: secretKey, payload: "x" });
    const error = await verify(standardWebhooks, { secret: secretKey, payload: "x", headers }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toMatchObject({ code: "invalid_secret" });
    expect(String(error)).not.toContain(secretKey.slice(5));
    await expect(verify(standardWebhooks, { secret: "whpk_AAAA", payload: "x", headers })).rejects.toMatchObject({ code: "invalid_secret" });
  });
});

describe("v1a properties", () => {
  it("for any payload, sign then verify holds on both adapters and any body change fails", async () => {
    const fc = (await import("fast-check")).default;
    const { secretKey, publicKey } = await generateKeyPair();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), async (body, at) => {
        const headers = await sign(standardWebhooks, { secret: secretKey, payload: body });
        const tampered = body.slice();
        tampered[at % body.length]! ^= 1;
        for (const crypto of [nodeCrypto, webCrypto]) {
          await expect(verify(standardWebhooks, { secret: publicKey, payload: body, headers, crypto })).resolves.toBeDefined();
          await expect(verify(standardWebhooks, { secret: publicKey, payload: tampered, headers, crypto })).rejects.toMatchObject({
            code: "no_matching_signature",
          });
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("whsk_ secret keys in both forms (Svix writes seed ‖ public key)", () => {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  const seedOf = (secretKey: string) => new Uint8Array(Buffer.from(secretKey.slice(5), "base64")).subarray(0, 32);

  it("the 64-byte form and the 32-byte seed sign identically, and receivers verify both", async () => {
    const { secretKey, publicKey } = await generateKeyPair();
    const seedOnly = "whsk_" + base64(seedOf(secretKey));
    const svixForm = "whsk_" + base64(new Uint8Array([...seedOf(secretKey), ...Buffer.from(publicKey.slice(5), "base64")]));
    const options = { payload: '{"a":1}', timestamp: 1_700_000_000, id: "msg_forms" };
    for (const crypto of [nodeCrypto, webCrypto]) {
      const long = await sign(standardWebhooks, { ...options, secret: svixForm, crypto });
      expect(await sign(standardWebhooks, { ...options, secret: seedOnly, crypto })).toEqual(long);
      await expect(verify(standardWebhooks, { secret: publicKey, payload: options.payload, headers: long, now: options.timestamp, crypto })).resolves.toMatchObject({
        id: "msg_forms",
      });
    }
    expect(signSync(standardWebhooks, { ...options, secret: svixForm })).toEqual(await sign(standardWebhooks, { ...options, secret: seedOnly }));
  });

  it("a 64-byte key whose halves disagree is refused with a RangeError that does not show the key", async () => {
    const one = await generateKeyPair();
    const other = await generateKeyPair();
    const mixed = "whsk_" + base64(new Uint8Array([...seedOf(one.secretKey), ...Buffer.from(other.publicKey.slice(5), "base64")]));
    for (const crypto of [nodeCrypto, webCrypto]) {
      const error = await sign(standardWebhooks, { secret: mixed, payload: "x", crypto }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect(String(error)).toMatch(/halves disagree/);
      expect(String(error)).not.toContain(mixed.slice(5, 20));
    }
    expect(() => signSync(standardWebhooks, { secret: mixed, payload: "x" })).toThrow(RangeError);
  });

  it("other lengths are still refused (sign: RangeError)", async () => {
    for (const bytes of [31, 33, 63, 65, 96]) {
      await expect(sign(standardWebhooks, { secret: "whsk_" + base64(new Uint8Array(bytes).fill(7)), payload: "x" })).rejects.toBeInstanceOf(RangeError);
    }
  });
});

describe("whsec_ secrets: the specification's 24 to 64 bytes", () => {
  const secretOf = (bytes: number) => "whsec_" + Buffer.alloc(bytes, 9).toString("base64");

  it("64 bytes sign and verify; 65 bytes or more are a RangeError on sign and invalid_secret on verify", async () => {
    const headers = await sign(standardWebhooks, { secret: secretOf(64), payload: "x" });
    await expect(verify(standardWebhooks, { secret: secretOf(64), payload: "x", headers })).resolves.toBeDefined();
    for (const bytes of [65, 128]) {
      const signing = await sign(standardWebhooks, { secret: secretOf(bytes), payload: "x" }).catch((e: unknown) => e);
      expect(signing).toBeInstanceOf(RangeError);
      expect(String(signing)).toMatch(/at most 64/);
      expect(() => signSync(standardWebhooks, { secret: secretOf(bytes), payload: "x" })).toThrow(RangeError);
      const verifying = await verify(standardWebhooks, { secret: secretOf(bytes), payload: "x", headers }).catch((e: unknown) => e);
      expect(verifying).toBeInstanceOf(WebhookVerificationError);
      expect(verifying).toMatchObject({ code: "invalid_secret" });
      expect(String(verifying)).not.toContain(secretOf(bytes).slice(6, 30));
      // Raw bytes are held to the same range.
      await expect(verify(standardWebhooks, { secret: new Uint8Array(bytes), payload: "x", headers })).rejects.toMatchObject({ code: "invalid_secret" });
    }
  });
});

describe("v1a on the web entry point's lean default provider", () => {
  it("signs and verifies v1a with no crypto option (Ed25519 comes with the scheme's rule)", async () => {
    const web = await import("../../src/web.js");
    const { secretKey, publicKey } = await web.generateKeyPair();
    const headers = await web.sign(web.standardWebhooks, { secret: secretKey, payload: "lean", timestamp: 1_700_000_000, id: "msg_lean" });
    expect(headers).toEqual(await sign(standardWebhooks, { secret: secretKey, payload: "lean", timestamp: 1_700_000_000, id: "msg_lean", crypto: nodeCrypto }));
    await expect(web.verify(web.standardWebhooks, { secret: publicKey, payload: "lean", headers, now: 1_700_000_000 })).resolves.toMatchObject({ id: "msg_lean" });
    await expect(web.verify(web.standardWebhooks, { secret: publicKey, payload: "leaner", headers, now: 1_700_000_000 })).rejects.toMatchObject({ code: "no_matching_signature" });
  });

  it("a provider without Ed25519 methods gets Web Crypto's for v1a; HMAC stays on the provider", async () => {
    let macs = 0;
    const hmacOnly = { name: "hmac-only", hmac: (...args: Parameters<typeof nodeCrypto.hmac>) => (macs++, nodeCrypto.hmac(...args)), digest: nodeCrypto.digest, randomBytes: nodeCrypto.randomBytes };
    const { secretKey, publicKey } = await generateKeyPair();
    const hmacSecret = generateSecret();
    const headers = await sign(standardWebhooks, { secret: [hmacSecret, secretKey], payload: "x", crypto: hmacOnly as never });
    expect(macs).toBe(1);
    await expect(verify(standardWebhooks, { secret: publicKey, payload: "x", headers, crypto: hmacOnly as never })).resolves.toMatchObject({ secretIndex: 0 });
  });
});
