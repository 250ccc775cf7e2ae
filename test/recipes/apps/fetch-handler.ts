import { stripe, verifyRequest, WebhookVerificationError, webhookErrorStatus } from "../../../src/index.js";

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      const webhook = await verifyRequest(stripe, request, { secret: process.env.STRIPE_WEBHOOK_SECRET! });
      const event = webhook.json() as { type?: string };
      return Response.json({ received: event.type ?? null });
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error; // a bug of ours: the runtime answers 500 and logs it
      return Response.json({ error: error.code }, { status: webhookErrorStatus(error) }); // 401, 408, 409, 413 or 500
    }
  },
};
