// Another library in the receiver's process may have let an attacker's JSON set properties on
// Object.prototype (`{"__proto__":{"done":true}}` through a deep merge). The step driver must
// not take such an inherited property for its own: with `Object.prototype.done = true`, a
// generator run as steps that are "already done" would resolve with its first request (the
// HMAC key included) instead of verifying anything.
import { afterEach, describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { WebhookVerificationError } from "../../src/engine/errors.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { JwtError } from "../../src/jwt/errors.js";
import { createVerifier, memoryReplayStore, sign, signJwt, verify } from "../../src/node.js";
import { github } from "../../src/schemes/github.js";
import { standardWebhooks } from "../../src/schemes/standard-webhooks.js";

const polluted = Object.prototype as { done?: unknown };

afterEach(() => {
  delete polluted.done;
});

const forged = { "x-hub-signature-256": `sha256=${"00".repeat(32)}` };

describe("a polluted Object.prototype.done changes nothing", () => {
  it.each([
    ["node:crypto, a replay store (the step driver)", { replay: memoryReplayStore() }],
    ["Web Crypto (the step driver)", { crypto: webCrypto }],
    ["node:crypto (the direct path)", {}],
  ] as const)("a forged GitHub signature is still refused: %s", async (_name, extra) => {
    polluted.done = true;
    const options = { secret: "s", payload: "{}", headers: forged, ...extra };
    await expect(verify(github, options)).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(createVerifier(github, { secret: "s", ...extra })({ payload: "{}", headers: forged })).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it("a genuine delivery still verifies, and sign() still signs", async () => {
    polluted.done = true;
    const headers = await sign(standardWebhooks, { secret: `whsec_${Buffer.alloc(32, 1).toString("base64")}`, payload: "{}" });
    expect(Object.keys(headers)).toEqual(expect.arrayContaining(["webhook-id", "webhook-timestamp", "webhook-signature"]));
    const verified = await verify(standardWebhooks, { secret: `whsec_${Buffer.alloc(32, 1).toString("base64")}`, payload: "{}", headers, crypto: webCrypto });
    expect(verified.secretIndex).toBe(0);
  });

  it("a JWT under the wrong secret is still refused, on both adapters", async () => {
    const token = await signJwt({ sub: "u" }, "a".repeat(32));
    polluted.done = true;
    await expect(verifyJwtWith(nodeCrypto, token, "b".repeat(32), { crypto: nodeCrypto })).rejects.toBeInstanceOf(JwtError);
    await expect(verifyJwtWith(webCrypto, token, "b".repeat(32), { crypto: webCrypto })).rejects.toMatchObject({ code: "signature_mismatch" });
  });
});
