import request from "supertest";
import { it } from "vitest";
import { github, sign } from "../../../src/node.js";

process.env.GITHUB_WEBHOOK_SECRET = "test-secret"; // in a real suite: your test environment
const { app } = await import("../apps/express.js"); // the Express app of docs/recipes/express.md
const secret = process.env.GITHUB_WEBHOOK_SECRET;

it("accepts a signed delivery", async () => {
  const payload = JSON.stringify({ action: "opened" });
  const headers = await sign(github, { secret, payload }); // { "x-hub-signature-256": "sha256=…" }
  await request(app)
    .post("/webhooks/github")
    .set(headers)
    .set("content-type", "application/json")
    .send(payload) // a string is sent as it is: the bytes that were signed
    .expect(200, { received: "opened" });
});

it("refuses a delivery signed with another secret", async () => {
  const payload = JSON.stringify({ action: "opened" });
  const headers = await sign(github, { secret: "not-the-secret", payload });
  await request(app).post("/webhooks/github").set(headers).set("content-type", "application/json").send(payload).expect(401, { error: "no_matching_signature" });
});
