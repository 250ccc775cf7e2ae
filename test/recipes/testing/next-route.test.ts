import { expect, it } from "vitest";
import { github, signedRequest } from "../../../src/index.js";
import { POST } from "../apps/next-route.js";

process.env.GITHUB_WEBHOOK_SECRET = "test-secret"; // in a real suite: your test environment
const secret = process.env.GITHUB_WEBHOOK_SECRET;
const push = JSON.stringify({ ref: "refs/heads/main", repository: { full_name: "octo/hello" } });

it("answers a signed push event", async () => {
  const request = await signedRequest(github, {
    url: "http://localhost/api/webhooks/github",
    secret,
    payload: push,
    headers: { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
  });
  const response = await POST(request);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ repository: "octo/hello", ref: "refs/heads/main" });
});

it("refuses a tampered body with 401", async () => {
  const request = await signedRequest(github, { url: "http://localhost/api/webhooks/github", secret, payload: push });
  const tampered = new Request(request, { body: push.replace("main", "evil") });
  const response = await POST(tampered);
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: "no_matching_signature" });
});
