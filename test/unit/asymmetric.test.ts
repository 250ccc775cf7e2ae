// Standard Webhooks v1a: Ed25519 key pairs, mixed headers, and key misuse.
import { describe, expect, it } from "vitest";
import { generateKeyPair, generateSecret, sign, standardWebhooks, verify, WebhookVerificationError } from "../../src/index.node.js";
import { generateKeyPair as generateWithWeb } from "../../src/index.web.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { signSync, verifySync } from "../../src/node.js";

describe("v1a key pairs", () => {
  it("generateKeyPair gives whsk_/whpk_ halves of one Ed25519 key on both adapters", async () => {
    for (const generate of [generateKeyPair, generateWithWeb]) {
      const { secretKey, publicKey } = await generate();
      expect(secretKey).toMatch(/^whsk_[A-Za-z0-9+/]{43}=$/);
      expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
      const seed = new Uint8Array(Buffer.from(secretKey.slice(5), "base64"));
      const derived = Buffer.from(await webCrypto.ed25519PublicKey(seed)).toString("base64");
      expect(derived).toBe(publicKey.slice(5));
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
      expect(verified).toEqual({ scheme: "standardWebhooks", timestamp: options.timestamp, id: "msg_v1a", secretIndex: 0 });
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
