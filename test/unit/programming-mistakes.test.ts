// API.md "Programming mistakes": a tolerance or replayTtl that can only be milliseconds is a
// RangeError, thrown when the helpers are created, and never a WebhookVerificationError.
import { describe, expect, it } from "vitest";
import { github, memoryReplayStore, sign, stripe, verify, verifyRequest, webhookHandler } from "../../src/index.js";
import { webhookMiddleware } from "../../src/node.js";

const secret = "whsec_test";
const payload = "{}";

describe("seconds given as milliseconds", () => {
  it("tolerance above one day is a RangeError; one day and the defaults are fine", async () => {
    const headers = await sign(stripe, { secret, payload });
    await expect(verify(stripe, { secret, payload, headers, tolerance: 300_000 })).rejects.toThrow(RangeError);
    await expect(verify(stripe, { secret, payload, headers, tolerance: 300_000 })).rejects.toThrow(/not milliseconds/);
    await expect(verify(stripe, { secret, payload, headers, tolerance: 86_400 })).resolves.toBeDefined();
    await expect(verify(stripe, { secret, payload, headers })).resolves.toBeDefined();
  });

  it("replayTtl above 30 days is a RangeError", async () => {
    const headers = await sign(github, { secret, payload });
    await expect(verify(github, { secret, payload, headers, replay: memoryReplayStore(), replayTtl: 86_400_000 })).rejects.toThrow(RangeError);
    await expect(verify(github, { secret, payload, headers, replay: memoryReplayStore(), replayTtl: 30 * 86_400 })).resolves.toBeDefined();
  });

  it("request helpers and middleware refuse it when they are created, not at the first delivery", async () => {
    expect(() => webhookMiddleware(github, { secret, tolerance: 300_000 })).toThrow(RangeError);
    expect(() => webhookHandler(github, { secret, replayTtl: 86_400_000 }, () => new Response())).toThrow(RangeError);
    const request = new Request("https://example.com/", { method: "POST", body: payload, headers: await sign(github, { secret, payload }) });
    await expect(verifyRequest(github, request, { secret, tolerance: 300_000 })).rejects.toThrow(RangeError);
    expect(request.bodyUsed).toBe(false); // refused before the body was read
  });
});
