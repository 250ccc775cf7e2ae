import express from "express";
import { github, webhookMiddleware, webhookOf } from "../../../src/node.js";

export const app = express();

// The webhook route comes first: webhookMiddleware reads the raw body itself,
// so no JSON parser may run before it.
app.post("/webhooks/github", webhookMiddleware(github, { secret: process.env.GITHUB_WEBHOOK_SECRET! }), (req, res) => {
  const event = webhookOf(req).json() as { action?: string }; // verified over the raw body
  res.json({ received: event.action ?? null });
});

// Every other route may parse JSON.
app.use(express.json());
