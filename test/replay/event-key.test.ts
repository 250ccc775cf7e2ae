// replayKey: "event" against a real redis-server (started here on a free loopback port, no
// persistence, stopped afterwards) with two receiver processes: a Stripe event retried with a
// new `t` (so a new signature) is refused by the other instance as replayed, and accepted once
// the instance whose handler failed released it.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret, sign, stripe } from "../../src/index.js";
import { bundleHookseal } from "./bundle.mjs";
import { redisCommand, startRedis, type RedisServer } from "./redis-server.mjs";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const secret = `whsec_${generateSecret().slice(6)}`;

let server: RedisServer;
let bundle: { file: string; remove(): void };
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  server = await startRedis();
  bundle = await bundleHookseal();
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await server?.stop();
  bundle?.remove();
});

/** Starts event-receiver.mjs and resolves with its URL once it listens. */
async function receiver(kind: "redis" | "ioredis", prefix: string, name: string, replayedStatus: number): Promise<string> {
  const child = spawn(process.execPath, [here("event-receiver.mjs"), bundle.file, kind, server.url, prefix, secret, name, String(replayedStatus)], { stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error(`event-receiver.mjs ended without output:\n${stderr}`);
  return `http://127.0.0.1:${(JSON.parse(first.value) as { port: number }).port}/webhooks/stripe`;
}

/** Stripe delivering `payload`, signed now + `later` seconds (a retry is signed again, with a new t). */
async function deliver(url: string, payload: string, later = 0): Promise<string> {
  const timestamp = Math.floor(Date.now() / 1000) + later;
  const headers = await sign(stripe, { secret, payload, timestamp });
  const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: payload });
  return `${response.status} ${await response.text()}`.trim();
}

describe('replayKey: "event" with two receiver processes sharing one Redis', () => {
  it("a Stripe retry with a new t is replayed at the other instance; after release() the retry is accepted", async () => {
    const prefix = `test:${process.pid}:event:`;
    const [A, B] = await Promise.all([receiver("redis", prefix, "A", 409), receiver("ioredis", prefix, "B", 409)]);

    const event = JSON.stringify({ id: "evt_1PxRetryA", object: "event", type: "invoice.paid", data: { object: { id: "in_1" } } });
    expect(await deliver(A, event)).toBe("204");
    expect(await deliver(B, event, 30)).toBe("409 replayed"); // Stripe's retry: a new t, a new signature
    expect(await deliver(A, event, 60)).toBe("409 replayed");
    // Claimed by the event id, for the three days Stripe retries.
    const ttl = Number(await redisCommand(server.port, "TTL", `${prefix}stripe:event:evt_1PxRetryA`));
    expect(ttl).toBeGreaterThan(3 * 24 * 60 * 60 - 60);

    for (const [failing, retrying, failOn] of [
      [A, B, "A"],
      [B, A, "B"],
    ] as const) {
      const flaky = JSON.stringify({ id: `evt_1PxFlaky${failOn}`, object: "event", type: "invoice.paid", failOn });
      expect(await deliver(failing, flaky)).toBe("500 handler_failed"); // the handler failed → release()
      expect(await deliver(retrying, flaky, 30)).toBe("204"); // Stripe's retry, with a new t, is accepted
      expect(await deliver(failing, flaky, 60)).toBe("409 replayed"); // and only once
    }
  });

  it("an application may answer a retry of a handled event 200 instead, so the provider stops retrying", async () => {
    const prefix = `test:${process.pid}:event-200:`;
    const [A, B] = await Promise.all([receiver("redis", prefix, "A", 200), receiver("ioredis", prefix, "B", 200)]);
    const event = JSON.stringify({ id: "evt_1PxTwice", object: "event", type: "invoice.paid" });
    expect(await deliver(A, event)).toBe("204");
    expect(await deliver(B, event, 5)).toBe("200 replayed");
    // A different event is not held up by it.
    expect(await deliver(B, JSON.stringify({ id: "evt_1PxOther", object: "event" }), 5)).toBe("204");
  });
});
