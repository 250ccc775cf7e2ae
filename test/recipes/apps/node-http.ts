import { createServer } from "node:http";
import { github, verifyNodeRequest, WebhookVerificationError, webhookErrorStatus } from "../../../src/node.js";

export const server = createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== "/webhooks/github") return res.writeHead(404).end();
  try {
    const webhook = await verifyNodeRequest(github, req, { secret: process.env.GITHUB_WEBHOOK_SECRET! });
    const event = webhook.json() as { action?: string };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received: event.action ?? null }));
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) {
      console.error(error);
      return res.writeHead(500).end();
    }
    const status = webhookErrorStatus(error); // 401, 408, 409, 413 or 500
    // After a 413 or 408 the rest of the body is unread: close the connection instead of draining it.
    res.writeHead(status, { "content-type": "application/json", ...((status === 413 || status === 408) && { connection: "close" }) });
    res.end(JSON.stringify({ error: error.code }));
  }
});
