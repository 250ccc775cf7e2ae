// webhookMiddleware gives a replay claim back when the sender hangs up before a successful
// answer: real servers on 127.0.0.1 (plain Node http, Express 5), a client that aborts while
// the handler is still busy, then the provider's byte-identical GitHub retry.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { generateSecret, github, memoryReplayStore, sign, webhookMiddleware, type ReplayStore } from "../../src/node.js";

const SECRET = generateSecret();
const PAYLOAD = JSON.stringify({ action: "opened", number: 1347 });

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

/** Resolves once the response's connection is gone (after hookseal's own "close" listener ran). */
const closed = (res: ServerResponse) => new Promise<void>((resolve) => res.once("close", () => setImmediate(resolve)));

/** Sends the delivery, then hangs up as soon as `started` resolves (the handler is running). */
function deliverAndHangUp(url: string, headers: Record<string, string>, started: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const client = request(url, { method: "POST", headers: { ...headers, "content-type": "application/json" } });
    client.on("error", () => resolve()); // the abort we cause
    client.on("response", () => resolve());
    client.end(PAYLOAD);
    void started.then(() => client.destroy());
  });
}

async function deliver(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: PAYLOAD });
  await response.arrayBuffer();
  return response.status;
}

/** A handler that, on the first delivery only, waits for the sender to hang up and then fails (or hangs). */
function firstAttemptFails(mode: "throw" | "hang") {
  let attempts = 0;
  let started: () => void = () => {};
  let finished: () => void = () => {};
  const state = {
    started: new Promise<void>((resolve) => (started = resolve)),
    finished: new Promise<void>((resolve) => (finished = resolve)),
    async handle(_req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (++attempts > 1) {
        res.writeHead(204).end();
        return;
      }
      const gone = closed(res);
      started();
      await gone; // slow: the sender gave up meanwhile
      finished();
      if (mode === "throw") throw new Error("the database is down");
      // "hang": never answers (until a server timeout would close it)
    },
  };
  return state;
}

describe("webhookMiddleware: a sender that hangs up before a successful answer", () => {
  it("plain node:http, a handler that never answers: the retry is accepted", async () => {
    const replay = memoryReplayStore();
    const handler = firstAttemptFails("hang");
    const verifyGithub = webhookMiddleware(github, { secret: SECRET, replay });
    const url = await listen(createServer((req, res) => verifyGithub(req, res, () => handler.handle(req, res))));
    const headers = await sign(github, { secret: SECRET, payload: PAYLOAD });

    await deliverAndHangUp(url, headers, handler.started);
    await handler.finished;
    expect(await deliver(url, headers)).toBe(204); // the provider's byte-identical retry
    expect(await deliver(url, headers)).toBe(409); // and only once
  });

  it("Express 5, an async handler that throws after the sender hung up: the retry is accepted", async () => {
    const replay = memoryReplayStore();
    const handler = firstAttemptFails("throw");
    const app = express();
    app.post("/hook", webhookMiddleware(github, { secret: SECRET, replay }), (req, res) => handler.handle(req, res));
    const url = await listen(createServer(app));
    const headers = await sign(github, { secret: SECRET, payload: PAYLOAD });

    await deliverAndHangUp(url, headers, handler.started);
    await handler.finished;
    await new Promise((resolve) => setImmediate(resolve)); // Express's error path for the throw
    expect(await deliver(url, headers)).toBe(204);
    expect(await deliver(url, headers)).toBe(409);
  });

  it("a delivery answered 2xx keeps its claim when the connection closes afterwards", async () => {
    const replay = memoryReplayStore();
    const verifyGithub = webhookMiddleware(github, { secret: SECRET, replay });
    const url = await listen(createServer((req, res) => verifyGithub(req, res, () => res.writeHead(204, { connection: "close" }).end())));
    const headers = await sign(github, { secret: SECRET, payload: PAYLOAD });
    expect(await deliver(url, headers)).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await deliver(url, headers)).toBe(409);
  });

  it("answers 503 { error: replay_store_failed } when the replay store fails, without calling the handler", async () => {
    let called = false;
    const down: ReplayStore = { claim: () => Promise.reject(new Error("ECONNREFUSED")), release: () => {} };
    const verifyGithub = webhookMiddleware(github, { secret: SECRET, replay: down });
    const url = await listen(createServer((req, res) => verifyGithub(req, res, () => ((called = true), res.writeHead(204).end()))));
    const headers = await sign(github, { secret: SECRET, payload: PAYLOAD });
    const response = await fetch(url, { method: "POST", headers, body: PAYLOAD });
    expect([response.status, await response.json()]).toEqual([503, { error: "replay_store_failed" }]);
    expect(called).toBe(false);
  });

  it("checks replayScope when it is made", () => {
    expect(() => webhookMiddleware(github, { secret: SECRET, replayScope: 42 as never })).toThrow(TypeError);
    expect(() => webhookMiddleware(github, { secret: SECRET, replayScope: "x".repeat(200) })).toThrow(RangeError);
  });
});
