import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { generateSecret, github, sign, webhookMiddleware } from "../../src/node.js";

const SECRET = generateSecret();
const servers: Server[] = [];
afterEach(async () => { for (const s of servers.splice(0)) { s.closeAllConnections(); await new Promise((r) => s.close(r)); } });

// KNOWN DEFECT (review): it.fails until fixed; flip to it() with the fix.
it.fails("a sender that hangs up mid-body: webhookMiddleware passes next() a typed error (or answers), not a bare Error", async () => {
  const mw = webhookMiddleware(github, { secret: SECRET });
  let seen!: (e: unknown) => void;
  const got = new Promise<unknown>((r) => (seen = r));
  const server = createServer((req, res) => mw(req, res, (e) => seen(e ?? "next() without error")));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const headers = await sign(github, { secret: SECRET, payload: "x".repeat(100) });
  const client = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: "POST", headers: { ...headers, "content-length": "100" } });
  client.on("error", () => {});
  client.write("x".repeat(10));
  setTimeout(() => client.destroy(), 30);
  const error = await got;
  expect(`${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`).toMatch(/^WebhookVerificationError/);
});
