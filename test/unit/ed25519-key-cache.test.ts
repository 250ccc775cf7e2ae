// Both adapters keep the platform's Ed25519 key object: verifying many deliveries (or many
// signatures of one delivery) with one public key builds that key once. Counted, not timed.
import * as nodeCryptoModule from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof nodeCryptoModule>();
  return { ...actual, createPublicKey: vi.fn(actual.createPublicKey), createPrivateKey: vi.fn(actual.createPrivateKey) };
});

const { nodeCrypto } = await import("../../src/crypto/node.js");
const { webCrypto } = await import("../../src/crypto/web.js");
const { generateKeyPair, standardWebhooks, verify } = await import("../../src/index.js");

const timestamp = 1_700_000_000;
const headers = {
  "webhook-id": "msg_1",
  "webhook-timestamp": String(timestamp),
  "webhook-signature": Array.from({ length: 4 }, (_, i) => `v1a,${Buffer.alloc(64, i + 1).toString("base64")}`).join(" "),
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Ed25519 key objects are cached", () => {
  it("node: createPublicKey runs once for one public key across signatures and deliveries", async () => {
    const { publicKey } = await generateKeyPair();
    const createPublicKey = vi.mocked(nodeCryptoModule.createPublicKey);
    createPublicKey.mockClear();
    for (let delivery = 0; delivery < 3; delivery++) {
      await expect(verify(standardWebhooks, { secret: publicKey, payload: "x", headers, now: timestamp, crypto: nodeCrypto })).rejects.toMatchObject({
        code: "no_matching_signature",
      });
    }
    expect(createPublicKey).toHaveBeenCalledTimes(1);
  });

  it("web: importKey runs once for one public key across signatures and deliveries", async () => {
    const { publicKey } = await generateKeyPair();
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    for (let delivery = 0; delivery < 3; delivery++) {
      await expect(verify(standardWebhooks, { secret: publicKey, payload: "x", headers, now: timestamp, crypto: webCrypto })).rejects.toMatchObject({
        code: "no_matching_signature",
      });
    }
    expect(importKey).toHaveBeenCalledTimes(1);
  });
});
