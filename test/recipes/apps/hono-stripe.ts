import { Hono } from "hono";
import type Stripe from "stripe"; // types only: hookseal bundles no provider types
import { stripe, verifyRequest, WebhookVerificationError, webhookErrorStatus } from "../../../src/index.js";

export const app = new Hono();

app.post("/webhooks/stripe", async (c) => {
  const webhook = await verifyRequest(stripe, c.req.raw, { secret: process.env.STRIPE_WEBHOOK_SECRET! });
  const event = webhook.json<Stripe.Event>(); // named, not checked: the signature proved it is Stripe's
  if (event.type === "invoice.paid") {
    // event.data.object is a Stripe.Invoice here
    return c.json({ received: event.type, invoice: event.data.object.id, eventId: webhook.eventId });
  }
  return c.json({ received: event.type, eventId: webhook.eventId });
});

app.onError((error, c) => {
  if (error instanceof WebhookVerificationError) return c.json({ error: error.code }, webhookErrorStatus(error));
  throw error;
});
