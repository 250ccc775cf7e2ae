// linear: against the official @linear/sdk webhook client (HMAC of the raw body, signed
// `webhookTimestamp` within 60 s of the real clock), and the conformance checks, including
// the body-timestamp rule the engine applies after the signature matched.
import { createHmac } from "node:crypto";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import { describe, expect, it } from "vitest";
import { linear, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "lin_wh_0123456789abcdefghijklmnopqrstuvwxyz";
const OTHER = "lin_wh_zyxwvutsrqponmlkjihgfedcba9876543210";
const event = (milliseconds: number) =>
  JSON.stringify({ action: "create", type: "Issue", data: { id: "2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9", title: "Bug" }, webhookTimestamp: milliseconds, webhookId: "wh_1" });

describePreset({ scheme: linear, secret: SECRET, otherSecret: OTHER, payload: (seconds) => event(seconds * 1000), tolerance: 60 });

describe("linear: the documented algorithm", () => {
  it("Linear-Signature is the hex HMAC-SHA256 of the raw body; sign() adds no timestamp header", async () => {
    const body = event(NOW * 1000 + 250);
    const headers = await sign(linear, { secret: SECRET, payload: body });
    expect(headers).toEqual({ "linear-signature": createHmac("sha256", SECRET).update(body).digest("hex") });
    await expect(verify(linear, { secret: SECRET, payload: body, headers: { "Linear-Signature": headers["linear-signature"]! }, now: NOW })).resolves.toEqual({
      scheme: "linear",
      timestamp: NOW,
      secretIndex: 0,
    });
  });

  it("webhookTimestamp is milliseconds; the unsigned Linear-Timestamp header is ignored", async () => {
    const body = event(NOW * 1000);
    const headers = { ...(await sign(linear, { secret: SECRET, payload: body })), "linear-timestamp": String((NOW + 3600) * 1000) };
    await expect(verify(linear, { secret: SECRET, payload: body, headers, now: NOW })).resolves.toMatchObject({ timestamp: NOW });
    const inSeconds = event(NOW); // a sender that got the unit wrong looks 54 years old
    const wrong = await sign(linear, { secret: SECRET, payload: inSeconds });
    expect(await codeOf(verify(linear, { secret: SECRET, payload: inSeconds, headers: wrong, now: NOW }))).toBe("timestamp_too_old");
  });

  it("a signed body without a numeric webhookTimestamp is malformed_header", async () => {
    for (const body of ['{"action":"create"}', '{"webhookTimestamp":"soon"}', '[1,2]', "not json"]) {
      const headers = { "linear-signature": createHmac("sha256", SECRET).update(body).digest("hex") };
      expect(await codeOf(verify(linear, { secret: SECRET, payload: body, headers, now: NOW })), body).toBe("malformed_header");
    }
  });
});

describe("linear against @linear/sdk", () => {
  const client = new LinearWebhookClient(SECRET);

  it("the SDK accepts what hookseal signs, and refuses a changed body", async () => {
    const body = event(Date.now());
    const headers = await sign(linear, { secret: SECRET, payload: body });
    expect(client.verify(Buffer.from(body), headers["linear-signature"]!)).toBe(true);
    expect(() => client.verify(Buffer.from(body.replace("Bug", "Bog")), headers["linear-signature"]!)).toThrow();
  });

  it("hookseal and the SDK agree on the 60-second window", async () => {
    for (const offset of [0, 30_000, -30_000, 90_000, -90_000]) {
      const body = event(Date.now() - offset);
      const signature = createHmac("sha256", SECRET).update(body).digest("hex");
      const sdkAccepts = (() => {
        try {
          return client.verify(Buffer.from(body), signature);
        } catch {
          return false;
        }
      })();
      const ours = await verify(linear, { secret: SECRET, payload: body, headers: { "linear-signature": signature } }).then(() => true, () => false);
      expect(ours, `offset ${offset} ms`).toBe(sdkAccepts);
      expect(ours).toBe(Math.abs(offset) <= 60_000);
    }
  });
});
