// app/api/webhooks/github/route.ts
import { github, verifyRequest, WebhookVerificationError, webhookErrorStatus } from "../../../src/index.js";

// The fields this route reads; or: import type { PushEvent } from "@octokit/webhooks-types";
interface PushEvent {
  ref: string;
  repository: { full_name: string };
}

export async function POST(request: Request): Promise<Response> {
  try {
    const webhook = await verifyRequest(github, request, { secret: process.env.GITHUB_WEBHOOK_SECRET! });
    if (request.headers.get("x-github-event") !== "push") return new Response(null, { status: 204 });
    const push = webhook.json<PushEvent>();
    return Response.json({ repository: push.repository.full_name, ref: push.ref });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return Response.json({ error: error.code }, { status: webhookErrorStatus(error) });
    throw error;
  }
}
