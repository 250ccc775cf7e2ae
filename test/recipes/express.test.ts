// The Express 5 recipe (docs/recipes/express.md), served for real on 127.0.0.1.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type ErrorRequestHandler } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { github, memoryReplayStore, webhookMiddleware, webhookOf } from "../../src/node.js";
import { EVENT, expectRecipeBehaviour, post, SECRET, signed } from "./helpers.js";

const servers: Server[] = [];
let base: string;

const report: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).json({ name: error.name, message: error.message });

async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const { app } = await import("./apps/express.js");

  // What goes wrong without the recipe: a JSON parser in front of the webhook route.
  app.post("/parsed", express.json(), webhookMiddleware(github, { secret: SECRET }), (_req, res) => void res.sendStatus(204));

  app.use(report);
  base = await listen(app);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("Express 5 recipe", () => {
  it("accepts a signed delivery, refuses a tampered one (401) and an oversized one (413)", async () => {
    await expectRecipeBehaviour(`${base}/webhooks/github`, github, { received: "opened" });
  });

  it("reports a body parsed by express.json() first with the cause and the fix", async () => {
    const { status, body } = await post(`${base}/parsed`, EVENT, await signed(github, EVENT));
    expect(status).toBe(500);
    expect(body.name).toBe("TypeError");
    expect(body.message).toContain("express.json()");
    expect(body.message).toContain('express.raw({ type: "application/json" })');
  });

  it("works behind express.raw() too", async () => {
    const app = express();
    app.post("/hook", express.raw({ type: "application/json" }), webhookMiddleware(github, { secret: SECRET }), (req, res) => {
      res.json({ raw: Buffer.isBuffer(req.body), event: webhookOf(req).json() });
    });
    const url = `${await listen(app)}/hook`;
    expect(await post(url, EVENT, await signed(github, EVENT))).toMatchObject({ status: 200, body: { raw: true, event: JSON.parse(EVENT) } });
  });

  it("with a replay store, a handler that throws releases the delivery and the retry is accepted once", async () => {
    let fail = true;
    const app = express();
    app.post("/hook", webhookMiddleware(github, { secret: SECRET, replay: memoryReplayStore() }), async (req, res) => {
      if (fail) throw new Error("the database is down"); // Express 5 answers 500: the delivery is released
      res.json({ handled: webhookOf(req).scheme });
    });
    app.use(report);
    const url = `${await listen(app)}/hook`;
    const headers = await signed(github, EVENT);
    expect(await post(url, EVENT, headers)).toMatchObject({ status: 500, body: { message: "the database is down" } });
    fail = false;
    expect(await post(url, EVENT, headers)).toMatchObject({ status: 200, body: { handled: "github" } }); // the provider's retry
    expect(await post(url, EVENT, headers)).toMatchObject({ status: 409, body: { error: "replayed" } }); // a replay
  });
});
