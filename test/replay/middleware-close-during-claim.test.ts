// Review: the sender hangs up while the replay claim is still in flight (a slow shared store),
// i.e. before webhookMiddleware attached its res "close" listener.
import { createServer, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { generateSecret, github, memoryReplayStore, sign, webhookMiddleware, type ReplayStore } from "../../src/node.js";

const SECRET = generateSecret();
const PAYLOAD = JSON.stringify({ action: "opened", number: 1 });
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) { s.closeAllConnections(); await new Promise((r) => s.close(r)); }
});

/** A slow shared store: the first claim answers only once `gone()` is called (after the sender hung up). */
function slowFirstClaim(): { replay: ReplayStore; gone: () => void } {
  const memory = memoryReplayStore();
  let claimCalls = 0;
  let gone!: () => void;
  const closedFirst = new Promise<void>((r) => (gone = r));
  const replay: ReplayStore = {
    async claim(key, ttl, owner) {
      if (++claimCalls === 1) await closedFirst;
      return memory.claim(key, ttl, owner);
    },
    release: (key, owner) => memory.release(key, owner),
  };
  return { replay, gone };
}

/** Sends the signed payload and hangs up once the body has been sent (the claim is pending). */
function sendAndHangUp(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise<void>((resolve) => {
    const client = request(url, { method: "POST", headers: { ...headers, "content-type": "application/json" } });
    client.on("error", () => resolve());
    client.end(PAYLOAD);
    setTimeout(() => client.destroy(), 50);
  });
}

/** The provider's retry after the hang-up: its status. */
async function retryStatus(url: string, headers: Record<string, string>): Promise<number> {
  await new Promise((r) => setTimeout(r, 20));
  const retry = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: PAYLOAD });
  await retry.arrayBuffer();
  return retry.status;
}

it("a sender that hangs up while the claim is in flight gets its claim back (the retry is accepted)", async () => {
  let resOfFirst: ServerResponse | undefined;
  const { replay, gone } = slowFirstClaim();
  let handled = 0;
  let handlerRan!: () => void;
  const ran = new Promise<void>((r) => (handlerRan = r));
  const mw = webhookMiddleware(github, { secret: SECRET, replay });
  const server = createServer((req, res) => {
    if (resOfFirst === undefined) { resOfFirst = res; res.once("close", () => setImmediate(gone)); }
    mw(req, res, () => {
      handled++;
      handlerRan();
      // like any handler on a dead connection: it cannot answer (a write to a destroyed socket)
      if (handled > 1) res.writeHead(204).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const headers = await sign(github, { secret: SECRET, payload: PAYLOAD });

  await sendAndHangUp(url, headers);
  await ran;
  expect(await retryStatus(url, headers)).toBe(204); // the provider's retry after the hang-up
});

it("Express 5: sender hangs up while the claim is in flight, then the handler throws: the retry is accepted (else the delivery is lost)", async () => {
  const express = (await import("express")).default;
  const { replay, gone } = slowFirstClaim();
  let attempts = 0;
  let thrown!: () => void;
  const threw = new Promise<void>((r) => (thrown = r));
  const app = express();
  let first = true;
  app.use((req, res, next) => { if (first) { first = false; res.once("close", () => setImmediate(gone)); } next(); });
  app.post("/hook", webhookMiddleware(github, { secret: SECRET, replay }), async (_req, res) => {
    if (++attempts === 1) { setImmediate(thrown); throw new Error("the database is down"); }
    res.sendStatus(204);
  });
  app.use((_e: unknown, _req: unknown, res: ServerResponse, _next: unknown) => { res.statusCode = 500; res.end(); });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const headers = await sign(github, { secret: SECRET, payload: PAYLOAD });
  await sendAndHangUp(url, headers);
  await threw;
  expect(await retryStatus(url, headers)).toBe(204);
  expect(attempts).toBe(2);
});
