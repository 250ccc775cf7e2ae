import { Hono } from "hono";
import { standardWebhooks, verifyRequest, WebhookVerificationError, webhookErrorStatus } from "../../../src/index.js";

export const app = new Hono();

app.post("/webhooks", async (c) => {
  // c.req.raw is the Fetch Request: verifyRequest reads its raw body (never call c.req.json() first).
  const webhook = await verifyRequest(standardWebhooks, c.req.raw, { secret: process.env.WEBHOOK_SECRET! });
  const event = webhook.json() as { type?: string };
  return c.json({ received: event.type ?? null, id: webhook.id });
});

app.onError((error, c) => {
  if (error instanceof WebhookVerificationError) return c.json({ error: error.code }, webhookErrorStatus(error));
  console.error(error);
  return c.json({ error: "internal_error" }, 500);
});
