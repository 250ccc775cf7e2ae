// The Hono recipe (docs/recipes/hono.md) on Node with @hono/node-server, for real on 127.0.0.1.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standardWebhooks, verifyRequest } from "../../src/index.js";
import { EVENT, expectRecipeBehaviour, post, SECRET, signed } from "./helpers.js";

let server: ServerType;
let base: string;

beforeAll(async () => {
  const { app } = await import("./apps/hono.js");
  // What goes wrong without the recipe: the body was read with c.req.json() first.
  const parsed = new Hono();
  parsed.post("/", async (c) => {
    await c.req.json();
    return c.json(await verifyRequest(standardWebhooks, c.req.raw, { secret: SECRET }));
  });
  parsed.onError((error, c) => c.json({ name: error.name, message: error.message }, 500));
  app.route("/parsed", parsed);

  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("Hono recipe (Node)", () => {
  it("accepts a signed delivery, refuses a tampered one (401) and an oversized one (413)", async () => {
    await expectRecipeBehaviour(`${base}/webhooks`, standardWebhooks, { received: "invoice.paid", id: expect.stringMatching(/^msg_/) });
  });

  it("reports a body read with c.req.json() first with the cause and the fix", async () => {
    const { status, body } = await post(`${base}/parsed`, EVENT, await signed(standardWebhooks, EVENT));
    expect(status).toBe(500);
    expect(body.name).toBe("TypeError");
    expect(body.message).toContain("already read");
    expect(body.message).toContain("request.clone()");
  });
});
