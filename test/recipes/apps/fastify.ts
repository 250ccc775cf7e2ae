import Fastify from "fastify";
import { stripe, verifyNodeRequest, WebhookVerificationError, webhookErrorStatus } from "../../../src/node.js";

// Fastify refuses bodies over bodyLimit with 413 before any handler runs.
export const app = Fastify({ bodyLimit: 1024 * 1024 });

// The webhook route in a plugin of its own: only there do bodies stay raw Buffers.
app.register(async (webhooks) => {
  webhooks.removeAllContentTypeParsers();
  webhooks.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  webhooks.post("/webhooks/stripe", async (request, reply) => {
    try {
      const webhook = await verifyNodeRequest(stripe, request, { secret: process.env.STRIPE_WEBHOOK_SECRET! });
      const event = webhook.json() as { type?: string };
      return { received: event.type ?? null };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error; // a bug of ours: Fastify answers 500 and logs it
      return reply.code(webhookErrorStatus(error)).send({ error: error.code }); // 401, 408, 409, 413 or 500
    }
  });
});
