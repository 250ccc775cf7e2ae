import { describe, expect, it } from "vitest";
import { signedRequest, stripe } from "../../../src/index.js";
import { app } from "../apps/hono-stripe.js";

process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"; // in a real suite: your test environment
const secret = process.env.STRIPE_WEBHOOK_SECRET;
const invoicePaid = JSON.stringify({ id: "evt_test_1", object: "event", type: "invoice.paid", data: { object: { id: "in_123", object: "invoice" } } });

describe("POST /webhooks/stripe", () => {
  it("handles a signed invoice.paid event", async () => {
    const request = await signedRequest(stripe, { url: "http://localhost/webhooks/stripe", secret, payload: invoicePaid });
    const response = await app.request(request); // Hono runs the request: no server, no network
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: "invoice.paid", invoice: "in_123", eventId: "evt_test_1" });
  });

  it("refuses a delivery signed with another secret, and a stale one", async () => {
    const forged = await signedRequest(stripe, { url: "http://localhost/webhooks/stripe", secret: "whsec_other", payload: invoicePaid });
    expect((await app.request(forged)).status).toBe(401);
    const stale = await signedRequest(stripe, { url: "http://localhost/webhooks/stripe", secret, payload: invoicePaid, timestamp: new Date(Date.now() - 3_600_000) });
    expect(await (await app.request(stale)).json()).toEqual({ error: "timestamp_too_old" });
  });
});
