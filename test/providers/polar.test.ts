// Polar: Standard Webhooks under Polar's secrets. A "whsec_" secret issued from 8 September 2026
// is keyed the standard way (base64 decoded); an older one with the UTF-8 bytes of the whole
// string, as @polar-sh/sdk's validateEvent did (it base64-encodes the secret for the
// standardwebhooks library, which decodes it back). Differential against `standardwebhooks`
// driven both of those ways.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { polar, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const STANDARD = "whsec_" + Buffer.alloc(32, 0x2a).toString("base64"); // as Polar issues them now
const LEGACY = "polar_whs_Yx3M4kQhP0cLTbM5Xy7rC2s9fJ1uWqV8aZ6dE4nK"; // as Polar issued them before
const BODY = '{"type":"order.paid","timestamp":"2026-12-01T10:00:00Z","data":{"id":"ord_1","customer":{"email":"a@example.com"}}}';

describePreset({ scheme: polar, secret: STANDARD, otherSecret: "whsec_" + Buffer.alloc(32, 1).toString("base64"), payload: BODY, tolerance: 300 });
describePreset({ scheme: polar, secret: LEGACY, otherSecret: "polar_whs_other", payload: BODY, tolerance: 300 });

const headersOf = (webhook: Webhook, id: string, seconds: number, body: string) => ({
  "webhook-id": id,
  "webhook-timestamp": String(seconds),
  "webhook-signature": webhook.sign(id, new Date(seconds * 1000), body),
});

describe("polar against the standardwebhooks library, keyed as Polar keys each kind of secret", () => {
  it("a whsec_ secret (from 8 September 2026): the standard key", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.string({ maxLength: 200 }), async (key, body) => {
        const secret = "whsec_" + Buffer.from(key).toString("base64");
        const headers = headersOf(new Webhook(secret), "msg_1", NOW, body);
        await expect(verify(polar, { secret, payload: body, headers, now: NOW })).resolves.toMatchObject({ id: "msg_1", timestamp: NOW });
        const ours = await sign(polar, { secret, payload: body, timestamp: NOW, id: "msg_2" });
        expect(ours["webhook-signature"]).toBe(new Webhook(secret).sign("msg_2", new Date(NOW * 1000), body));
      }),
      { numRuns: 30 },
    );
  });

  it("an older polar_whs_ secret: the UTF-8 bytes of the whole string (the SDK's base64 round trip)", async () => {
    const sdkWay = new Webhook(Buffer.from(LEGACY, "utf-8").toString("base64"));
    const headers = headersOf(sdkWay, "msg_legacy", NOW, BODY);
    await expect(verify(polar, { secret: LEGACY, payload: BODY, headers, now: NOW })).resolves.toMatchObject({ id: "msg_legacy" });
    expect(sdkWay.verify(BODY, await sign(polar, { secret: LEGACY, payload: BODY, id: "msg_x" }))).toBeDefined();
  });

  it("a whsec_ secret issued before the change: its bytes, given beside it, try the older key too", async () => {
    const old = "whsec_" + randomBytes(24).toString("base64");
    const headers = headersOf(new Webhook(Buffer.from(old, "utf-8").toString("base64")), "msg_old", NOW, BODY);
    expect(await codeOf(verify(polar, { secret: old, payload: BODY, headers, now: NOW }))).toBe("no_matching_signature");
    await expect(verify(polar, { secret: [old, new TextEncoder().encode(old)], payload: BODY, headers, now: NOW })).resolves.toMatchObject({ secretIndex: 1 });
  });

  it("the window is Standard Webhooks' 300 seconds, either way", async () => {
    const headers = await sign(polar, { secret: STANDARD, payload: BODY, timestamp: NOW });
    await expect(verify(polar, { secret: STANDARD, payload: BODY, headers, now: NOW + 300 })).resolves.toBeDefined();
    expect(await codeOf(verify(polar, { secret: STANDARD, payload: BODY, headers, now: NOW + 301 }))).toBe("timestamp_too_old");
    expect(await codeOf(verify(polar, { secret: STANDARD, payload: BODY, headers, now: NOW - 301 }))).toBe("timestamp_too_new");
  });
});
