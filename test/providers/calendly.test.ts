// calendly: a node:crypto reference written from Calendly's "Webhook Signatures" (no official
// SDK verifies them), the 180 s default window, and the conformance checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { calendly, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "calendly-signing-key-3f1c0d2e9b8a7f6e5d4c3b2a19087f6e";
const OTHER = "calendly-signing-key-other-00000000000000000000000000";
const BODY = '{"created_at":"2023-11-14T22:13:20.000000Z","event":"invitee.created","payload":{"email":"test@example.com"}}';
const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");

describePreset({ scheme: calendly, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 180 });

describe("calendly: the documented algorithm", () => {
  it('Calendly-Webhook-Signature is t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">', async () => {
    const headers = await sign(calendly, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "calendly-webhook-signature": `t=${NOW},v1=${hmac(SECRET, `${NOW}.${BODY}`)}` });
  });

  it("reads a header written by hand as the documentation shows it; refuses a tampered one", async () => {
    const value = `t=${NOW},v1=${hmac(SECRET, `${NOW}.${BODY}`)}`;
    const at = (headers: Record<string, string>, payload = BODY) => verify(calendly, { secret: SECRET, payload, headers, now: NOW });
    await expect(at({ "Calendly-Webhook-Signature": value })).resolves.toEqual({ scheme: "calendly", timestamp: NOW, secretIndex: 0 });
    expect(await codeOf(at({ "Calendly-Webhook-Signature": value }, BODY.replace("test@", "evil@")))).toBe("no_matching_signature");
    expect(await codeOf(at({ "Calendly-Webhook-Signature": value.replace(/v1=./, "v1=0") }))).toBe("no_matching_signature");
    expect(await codeOf(at({ "Calendly-Webhook-Signature": `t=${NOW}` }))).toBe("malformed_header");
    expect(await codeOf(at({}))).toBe("missing_header");
  });
});
