// Razorpay: X-Razorpay-Signature: <hex HMAC-SHA256 of the body>, keyed with the webhook secret,
// from "Validate and Test Webhooks"; differential against the official razorpay package.
import fc from "fast-check";
import Razorpay from "razorpay";
import { describe, expect, it } from "vitest";
import { razorpay, sign, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

const { validateWebhookSignature } = Razorpay as unknown as { validateWebhookSignature: (body: string, signature: string, secret: string) => boolean };
const SECRET = "rzp_webhook_secret_9f8e7d";
const BODY = '{"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"payment.captured","contains":["payment"],"created_at":1567674606}';

describeBodySignature({
  scheme: razorpay,
  hash: "sha256",
  encoding: "hex",
  header: "x-razorpay-signature",
  prefix: "",
  secret: SECRET,
  otherSecret: "rzp_webhook_secret_000000",
  body: BODY,
});

describe("razorpay against the razorpay package's validateWebhookSignature", () => {
  it("each accepts what the other's rule makes, for any body and secret", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9_]{6,40}$/), async (body, secret) => {
        const headers = await sign(razorpay, { secret, payload: body });
        expect(validateWebhookSignature(body, headers["x-razorpay-signature"]!, secret)).toBe(true);
        expect(validateWebhookSignature(body + " ", headers["x-razorpay-signature"]!, secret)).toBe(false);
        await expect(verify(razorpay, { secret, payload: body, headers })).resolves.toBeDefined();
      }),
      { numRuns: 50 },
    );
  });

  it("a signature under another secret is refused by both", async () => {
    const headers = await sign(razorpay, { secret: "another_secret", payload: BODY });
    expect(validateWebhookSignature(BODY, headers["x-razorpay-signature"]!, SECRET)).toBe(false);
    await expect(verify(razorpay, { secret: SECRET, payload: BODY, headers })).rejects.toMatchObject({ code: "no_matching_signature" });
  });
});
