// The plain Node http recipe (docs/recipes/node-http.md), served for real on 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { github, verifyNodeRequest } from "../../src/node.js";
import { EVENT, expectRecipeBehaviour, post, SECRET, signed } from "./helpers.js";

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base: string;

beforeAll(async () => {
  const { server } = await import("./apps/node-http.js");
  base = await listen(server);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("Node http recipe", () => {
  it("accepts a signed delivery, refuses a tampered one (401) and an oversized one (413)", async () => {
    await expectRecipeBehaviour(`${base}/webhooks/github`, github, { received: "opened" });
    expect((await post(`${base}/elsewhere`, EVENT, {})).status).toBe(404);
  });

  it("reports a body that some earlier code parsed, or a stream already read", async () => {
    const url = await listen(
      createServer(async (req, res) => {
        let text = "";
        for await (const chunk of req) text += chunk;
        if (req.url === "/parsed") Object.assign(req, { body: JSON.parse(text) });
        const outcome = await verifyNodeRequest(github, req, { secret: SECRET }).catch((error: Error) => ({ name: error.name, message: error.message }));
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(outcome));
      }),
    );
    const headers = await signed(github, EVENT);
    const parsed = await post(`${url}/parsed`, EVENT, headers);
    expect(parsed.body).toMatchObject({ name: "TypeError", message: expect.stringContaining("already a parsed object") });
    const consumed = await post(`${url}/read`, EVENT, headers);
    expect(consumed.body).toMatchObject({ name: "TypeError", message: expect.stringContaining("stream was already read") });
  });
});
