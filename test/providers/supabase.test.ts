// Supabase Auth Hooks: Standard Webhooks, with the secret as the dashboard shows it,
// "v1,whsec_<base64>"; Supabase's own example strips "v1,whsec_" and hands the rest to the
// standardwebhooks library: the differential below does the same.
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { sign, supabase, verify, WebhookVerificationError } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const KEY = Buffer.alloc(32, 0x5c).toString("base64");
const SECRET = `v1,whsec_${KEY}`;
const BODY = '{"user":{"id":"8ccaa7af-909f-44e7-84cb-67cdccb56be6","email":"a@example.com"},"email_data":{"token":"305805","email_action_type":"signup"}}';

describePreset({ scheme: supabase, secret: SECRET, otherSecret: `v1,whsec_${Buffer.alloc(32, 1).toString("base64")}`, payload: BODY, tolerance: 300 });

describe("supabase against the standardwebhooks library, as Supabase's example uses it", () => {
  it("verifies what the library signs with the stripped secret, and the library verifies what it signs, for any key and body", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.string({ maxLength: 200 }), async (key, body) => {
        const secret = `v1,whsec_${Buffer.from(key).toString("base64")}`;
        const library = new Webhook(secret.replace("v1,whsec_", ""));
        const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(NOW), "webhook-signature": library.sign("msg_1", new Date(NOW * 1000), body) };
        await expect(verify(supabase, { secret, payload: body, headers, now: NOW })).resolves.toMatchObject({ id: "msg_1", timestamp: NOW });
        const ours = await sign(supabase, { secret, payload: body, timestamp: NOW, id: "msg_2" });
        expect(ours["webhook-signature"]).toBe(library.sign("msg_2", new Date(NOW * 1000), body));
      }),
      { numRuns: 30 },
    );
  });

  it("the same key as whsec_… or as bare base64 verifies too", async () => {
    const headers = await sign(supabase, { secret: SECRET, payload: BODY, timestamp: NOW });
    for (const secret of [`whsec_${KEY}`, KEY]) await expect(verify(supabase, { secret, payload: BODY, headers, now: NOW })).resolves.toBeDefined();
  });

  it("a secret that is not base64, or too short, is invalid_secret, and the message does not show it", async () => {
    for (const secret of ["v1,whsec_not base64!", `v1,whsec_${Buffer.alloc(8).toString("base64")}`, "v2,whsec_" + KEY]) {
      const error = await verify(supabase, { secret, payload: BODY, headers: {} }).catch((e: unknown) => e);
      expect(error, secret).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code).toBe("invalid_secret");
      expect((error as Error).message).not.toContain(KEY);
    }
  });

  it("a tampered id, timestamp or body fails; the window is 300 seconds", async () => {
    const headers = await sign(supabase, { secret: SECRET, payload: BODY, timestamp: NOW, id: "msg_a" });
    expect(await codeOf(verify(supabase, { secret: SECRET, payload: BODY, headers: { ...headers, "webhook-id": "msg_b" }, now: NOW }))).toBe("no_matching_signature");
    expect(await codeOf(verify(supabase, { secret: SECRET, payload: BODY + " ", headers, now: NOW }))).toBe("no_matching_signature");
    expect(await codeOf(verify(supabase, { secret: SECRET, payload: BODY, headers, now: NOW + 301 }))).toBe("timestamp_too_old");
  });
});
