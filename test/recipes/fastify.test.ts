// The Fastify 5 recipe (docs/recipes/fastify.md), served for real on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripe, verifyNodeRequest } from "../../src/node.js";
import { EVENT, expectRecipeBehaviour, post, SECRET, signed } from "./helpers.js";

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const { app } = await import("./apps/fastify.js");
  // What goes wrong without the recipe: Fastify's default JSON parser ran first.
  app.post("/parsed", async (request) => verifyNodeRequest(stripe, request, { secret: SECRET }));
  base = await app.listen({ port: 0, host: "127.0.0.1" });
  close = () => app.close();
});

afterAll(() => close());

describe("Fastify 5 recipe", () => {
  it("accepts a signed delivery, refuses a tampered one (401) and an oversized one (413, by bodyLimit)", async () => {
    await expectRecipeBehaviour(`${base}/webhooks/stripe`, stripe, { received: "invoice.paid" }, {
      // Fastify's bodyLimit answers before the handler runs, with its own error body.
      oversized: (answer) => expect(answer).toMatchObject({ status: 413, body: { code: "FST_ERR_CTP_BODY_TOO_LARGE" } }),
    });
  });

  it("reports a body parsed by Fastify's JSON parser with the cause and the fix", async () => {
    const { status, body } = await post(`${base}/parsed`, EVENT, await signed(stripe, EVENT));
    expect(status).toBe(500);
    expect(body.message).toContain("Fastify's default JSON parser");
    expect(body.message).toContain('addContentTypeParser("application/json", { parseAs: "buffer" }');
  });
});
