// One header under several spellings reads the same in every container shape, names compare in
// ASCII case only, and a flat list of strings (req.rawHeaders) is a programming mistake.
import { describe, expect, it } from "vitest";
import { github, sign, standardWebhooks, verify, WebhookVerificationError } from "../../src/index.js";

const SECRET = "whsec_" + Buffer.alloc(32, 7).toString("base64");
const payload = '{"ok":true}';

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof WebhookVerificationError ? error.code : (error as Error).name),
  );

describe("header names", () => {
  it("a header under two spellings is malformed_header in a record, as in entries", async () => {
    const signed = await sign(standardWebhooks, { secret: SECRET, payload, id: "a" });
    const record = { ...signed, "Webhook-Id": "b" };
    const entries = [...Object.entries(signed), ["Webhook-Id", "b"] as [string, string]];
    expect(await outcome(verify(standardWebhooks, { secret: SECRET, payload, headers: record }))).toBe("malformed_header");
    expect(await outcome(verify(standardWebhooks, { secret: SECRET, payload, headers: entries }))).toBe("malformed_header");
    // The signature header under two spellings: both values are read, in either shape.
    const { "webhook-signature": signature, ...rest } = signed;
    const twoSignatures = { ...rest, "webhook-signature": "v1," + Buffer.alloc(32).toString("base64"), "WEBHOOK-SIGNATURE": signature! };
    expect(await outcome(verify(standardWebhooks, { secret: SECRET, payload, headers: twoSignatures }))).toBe("accepted");
  });

  it("compares names in ASCII case only: a Kelvin sign (U+212A) is not a k", async () => {
    const signed = await sign(standardWebhooks, { secret: SECRET, payload, id: "a" });
    const { "webhook-id": id, ...rest } = signed;
    const kelvin = { ...rest, "webhoo\u212A-id": id! };
    expect(await outcome(verify(standardWebhooks, { secret: SECRET, payload, headers: kelvin }))).toBe("missing_header");
    expect(await outcome(verify(standardWebhooks, { secret: SECRET, payload, headers: Object.entries(kelvin) }))).toBe("missing_header");
    // Alongside the genuine header, it is not a duplicate either.
    expect(await outcome(verify(standardWebhooks, { secret: SECRET, payload, headers: { ...kelvin, "webhook-id": id! } }))).toBe("accepted");
  });

  it("req.rawHeaders (a flat list of strings) is a TypeError that says to pass req.headers", async () => {
    const signed = await sign(github, { secret: "s", payload });
    const rawHeaders = Object.entries(signed).flat();
    const error = await verify(github, { secret: "s", payload, headers: rawHeaders as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain("req.headers");
    expect(error).not.toBeInstanceOf(WebhookVerificationError);
  });
});
