// redisReplayStore against a real redis-server (started here on a free loopback port, no
// persistence, stopped afterwards), with both node-redis and ioredis.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateSecret, github, redisReplayStore, ReplayStoreError, sign, standardWebhooks, stripe, verify } from "../../src/index.js";
import { webhookMiddleware, webhookOf } from "../../src/node.js";
import { bundleHookseal } from "./bundle.mjs";
import { connectClient, KINDS, type Connected } from "./clients.mjs";
import { redisCommand, startRedis, type RedisServer } from "./redis-server.mjs";

type Kind = (typeof KINDS)[number];
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const secret = generateSecret();
const NOW = 1_700_000_000;

let server: RedisServer;
let bundle: { file: string; remove(): void };
const clients = {} as Record<Kind, Connected>;
const children: ChildProcessWithoutNullStreams[] = [];
let prefixes = 0;
const freshPrefix = () => `test:${process.pid}:${++prefixes}:`;

beforeAll(async () => {
  server = await startRedis();
  bundle = await bundleHookseal();
  for (const kind of KINDS) clients[kind] = await connectClient(kind, server.url);
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const kind of KINDS) await clients[kind]?.close();
  await server?.stop();
  bundle?.remove();
});

/** Spawns `node <script> …args`, kept for cleanup; `line()` resolves with its next stdout line. */
function node(script: string, args: string[]) {
  const child = spawn(process.execPath, [here(script), ...args], { stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async line(): Promise<string> {
      const next = await lines.next();
      if (next.done) throw new Error(`${script} ended without output:\n${stderr}`);
      return next.value;
    },
  };
}

/** A Redis URL nothing serves: port 1 (tcpmux), which nothing serves: a port freed by closing a server may meanwhile be taken by another test file's listen(0). */
const CLOSED = "redis://127.0.0.1:1";

const other = (kind: Kind): Kind => (kind === "redis" ? "ioredis" : "redis");

/**
 * Runs `claim`, then reads the key's PTTL, and says how long that took. Redis's TTL command
 * rounds to the nearest second, so "TTL is 1" fails when a loaded machine takes 500 ms between
 * the two; a claim of `seconds` set in between has instead a PTTL of at least seconds * 1000
 * minus the time taken, whatever that is.
 */
async function pttlAfter(claim: () => Promise<unknown>, key: string): Promise<{ pttl: number; least: number }> {
  const started = Date.now();
  await claim();
  const pttl = Number(await redisCommand(server.port, "PTTL", key));
  return { pttl, least: -(Date.now() - started) - 2 }; // (-2: Redis and this process round ms differently)
}

describe.each(KINDS)("redisReplayStore with %s", (kind) => {
  it("the first claim wins, for every client on the same Redis; only its owner's release gives the key back", async () => {
    const prefix = freshPrefix();
    const mine = redisReplayStore(clients[kind].client, { prefix });
    const theirs = redisReplayStore(clients[other(kind)].client, { prefix });
    expect(await mine.claim("k", 60, "owner-a")).toBe(true);
    expect(await theirs.claim("k", 60, "owner-b")).toBe(false);
    expect(await mine.claim("k", 60, "owner-c")).toBe(false);
    expect(await redisCommand(server.port, "GET", prefix + "k")).toBe("owner-a");
    await theirs.release("k", "owner-b"); // not the owner: nothing happens
    expect(await redisCommand(server.port, "GET", prefix + "k")).toBe("owner-a");
    await theirs.release("k", "owner-a"); // any instance may release on the owner's behalf
    expect(await redisCommand(server.port, "EXISTS", prefix + "k")).toBe(0);
    expect(await mine.claim("k", 60, "owner-d")).toBe(true);
  });

  it("verify claims <prefix><scheme>:id:<id> for the acceptance window; a replay is refused; release lets the retry through", async () => {
    const replay = redisReplayStore(clients[kind].client); // the default prefix
    const id = `msg_${kind}_${process.pid}_${Date.now()}`;
    const headers = await sign(standardWebhooks, { secret, payload: "hello", id, timestamp: NOW });
    const options = { secret, payload: "hello", headers, now: NOW, replay };
    const key = `hookseal:replay:standardWebhooks:id:${id}`;
    let first!: Awaited<ReturnType<typeof verify>>;
    const { pttl, least } = await pttlAfter(async () => (first = await verify(standardWebhooks, options)), key);
    expect(pttl).toBeGreaterThanOrEqual(301_000 + least); // tolerance 300 s + 1
    expect(pttl).toBeLessThanOrEqual(301_000);
    await expect(verify(standardWebhooks, options)).rejects.toMatchObject({ code: "replayed" });
    await first.release!(); // the handler failed
    const retry = await verify(standardWebhooks, { ...options, now: NOW + 60 });
    expect(retry.id).toBe(id);
    await expect(verify(standardWebhooks, options)).rejects.toMatchObject({ code: "replayed" });
    await retry.release!();
  });

  it("a scheme without id or timestamp is claimed by a digest of the signed content for replayTtl", async () => {
    const prefix = freshPrefix();
    const replay = redisReplayStore(clients[kind].client, { prefix });
    const headers = await sign(github, { secret, payload: `gh ${prefix}` });
    const contentDigest = createHash("sha256").update(`gh ${prefix}`).digest("hex"); // GitHub signs the body alone
    const { pttl, least } = await pttlAfter(() => verify(github, { secret, payload: `gh ${prefix}`, headers, replay, replayTtl: 7200 }), `${prefix}github:sig:${contentDigest}`);
    expect(pttl).toBeGreaterThanOrEqual(7_200_000 + least);
    expect(pttl).toBeLessThanOrEqual(7_200_000);
    await expect(verify(github, { secret, payload: `gh ${prefix}`, headers, replay, replayTtl: 7200 })).rejects.toMatchObject({ code: "replayed" });
  });

  it("a late release (the claim expired and a retry claimed the key) never frees the retry's claim", async () => {
    const prefix = freshPrefix();
    const replay = redisReplayStore(clients[kind].client, { prefix });
    const headers = await sign(github, { secret, payload: `late ${prefix}` });
    const options = { secret, payload: `late ${prefix}`, headers, replay, replayTtl: 1 };
    const first = await verify(github, options); // its handler hangs…
    const key = `${prefix}github:sig:${createHash("sha256").update(`late ${prefix}`).digest("hex")}`;
    await sleep(1150); // …until its claim expired in Redis
    expect(await redisCommand(server.port, "EXISTS", key)).toBe(0);
    await verify(github, options); // the provider's retry claims the key again
    const retryOwner = await redisCommand(server.port, "GET", key);
    await first.release!(); // the first attempt fails at last: compare-and-delete leaves the retry's claim
    expect(await redisCommand(server.port, "GET", key)).toBe(retryOwner);
    await expect(verify(github, options)).rejects.toMatchObject({ code: "replayed" });
  });

  it("keys are scoped by replayScope, and a replay stripped down to another signature of a rotating sender is refused", async () => {
    const prefix = freshPrefix();
    const replay = redisReplayStore(clients[kind].client, { prefix });
    const [current, previous] = [generateSecret(), generateSecret()];
    const payload = `rotating ${prefix}`;
    const headers = await sign(stripe, { secret: [current, previous], payload, timestamp: NOW });
    const options = { secret: [current, previous], payload, now: NOW, replay, replayScope: "billing:eu" };
    await verify(stripe, { ...options, headers });
    const contentDigest = createHash("sha256").update(`${NOW}.${payload}`).digest("hex");
    expect(await redisCommand(server.port, "EXISTS", `${prefix}stripe:scope:billing%3Aeu:sig:${contentDigest}`)).toBe(1);
    const [t, v1current, v1previous] = headers["stripe-signature"]!.split(",");
    for (const signature of [v1previous, v1current]) {
      await expect(verify(stripe, { ...options, headers: { "stripe-signature": `${t},${signature}` } })).rejects.toMatchObject({ code: "replayed" });
    }
    // The same delivery at another receiver (another scope) sharing the store is its own message.
    await expect(verify(stripe, { ...options, headers, replayScope: "billing:us" })).resolves.toBeDefined();
  });

  it("TTLs are whole seconds, rounded up; an expired claim lets the id through again", async () => {
    const prefix = freshPrefix();
    const replay = redisReplayStore(clients[kind].client, { prefix });
    for (const [key, ttl] of [["fraction", 0.2], ["zero", 0]] as const) {
      let claimed: unknown;
      const { pttl, least } = await pttlAfter(async () => (claimed = await replay.claim(key, ttl, "o")), prefix + key);
      expect(claimed).toBe(true);
      expect(pttl, key).toBeGreaterThanOrEqual(1000 + least); // a whole second…
      expect(pttl, key).toBeLessThanOrEqual(1000); // …and no more
    }
    await expect(replay.claim("bad", Number.NaN, "o")).rejects.toBeInstanceOf(RangeError);

    expect(await replay.claim("expiring", 1, "o1")).toBe(true);
    expect(await replay.claim("expiring", 1, "o2")).toBe(false);
    await sleep(1150);
    expect(await replay.claim("expiring", 1, "o3")).toBe(true);
  });
});

describe("a race of two processes × 1,000 claims of the same ids", () => {
  const COUNT = 1000;
  it.each([
    ["redis", "redis"],
    ["ioredis", "ioredis"],
    ["redis", "ioredis"],
  ] as const)("%s vs %s: exactly one winner per id", async (kindA, kindB) => {
    // Exactly one winner per id, in every attempt. The workers start each slice together
    // (race-worker.mjs), so slices are contested (44-50 of 50, measured); should a busy machine
    // still leave none contested (no real race happened), the race runs again.
    let contested = 0;
    for (let attempt = 1; attempt <= 3 && contested === 0; attempt++) {
      const prefix = freshPrefix();
      const workers = [kindA, kindB].map((kind) => node("race-worker.mjs", [bundle.file, kind, server.url, prefix, secret, String(COUNT), String(NOW)]));
      for (const worker of workers) expect(await worker.line()).toBe("ready");
      for (const worker of workers) worker.child.stdin.write("go\n");
      const [a, b] = (await Promise.all(workers.map((worker) => worker.line()))).map(
        (line) => JSON.parse(line) as { won: number[]; replayed: number; errors: string[] },
      );
      expect(a!.errors).toEqual([]);
      expect(b!.errors).toEqual([]);
      const wonA = new Set(a!.won);
      const wonB = new Set(b!.won);
      const union = new Set([...wonA, ...wonB]);
      const both = [...wonA].filter((i) => wonB.has(i));
      expect(union.size).toBe(COUNT);
      expect(both).toEqual([]);
      expect(a!.won.length + a!.replayed).toBe(COUNT);
      expect(b!.won.length + b!.replayed).toBe(COUNT);
      // The workers claim slices of 20 ids together (race-worker.mjs): a slice in which both won
      // some ids was a real concurrent race of the two processes over the same keys.
      const slices = Array.from({ length: COUNT / 20 }, (_, s) => [s * 20, s * 20 + 20] as const);
      contested = slices.filter(([lo, hi]) => a!.won.some((i) => i >= lo && i < hi) && b!.won.some((i) => i >= lo && i < hi)).length;
      console.log(
        `race ${kindA} vs ${kindB} (attempt ${attempt}): ${wonA.size} + ${wonB.size} winners = ${union.size} ids, ${both.length} won twice; ` +
          `${contested}/${slices.length} slices contested`,
      );
    }
    expect(contested).toBeGreaterThan(0);
  });
});

describe("two receiver processes sharing one Redis", () => {
  it("a message accepted by A is refused by B as replayed; a failed handler's message is accepted on the retry", async () => {
    const prefix = freshPrefix();
    const start = async (kind: Kind, name: string) => {
      const receiver = node("receiver.mjs", [bundle.file, kind, server.url, prefix, secret, name]);
      const { port } = JSON.parse(await receiver.line()) as { port: number };
      return `http://127.0.0.1:${port}/webhooks`;
    };
    const [A, B] = await Promise.all([start("redis", "A"), start("ioredis", "B")]);
    const deliver = async (url: string, payload: string, headers: Record<string, string>) => {
      const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: payload });
      return `${response.status} ${await response.text()}`.trim();
    };

    const payload = JSON.stringify({ type: "invoice.paid" });
    const headers = await sign(standardWebhooks, { secret, payload });
    expect(await deliver(A, payload, headers)).toBe("204");
    expect(await deliver(B, payload, headers)).toBe("409 replayed"); // the replay, at the other instance
    expect(await deliver(A, payload, headers)).toBe("409 replayed");

    for (const [failing, retrying] of [
      [A, B],
      [B, A],
    ] as const) {
      const failOn = failing === A ? "A" : "B";
      const flaky = JSON.stringify({ type: "invoice.paid", failOn });
      const flakyHeaders = await sign(standardWebhooks, { secret, payload: flaky });
      expect(await deliver(failing, flaky, flakyHeaders)).toBe("500 handler_failed"); // handler failed → release()
      expect(await deliver(retrying, flaky, flakyHeaders)).toBe("204"); // the provider's retry is accepted
      expect(await deliver(failing, flaky, flakyHeaders)).toBe("409 replayed"); // and only once
    }
  });
});

describe("two receivers sharing one Redis: webhookMiddleware, owner tokens, replayScope", () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** What a handler does with one message id: signals, and waits on gates the test opens. */
  interface Script {
    mode: "ok" | "hang-up-then-fail" | "stuck-then-fail";
    started: Promise<void>;
    finished: Promise<void>;
    begin(): void;
    end(): void;
    gate: Promise<void>;
    open(): void;
  }
  const scripts = new Map<string, Script>();
  function script(id: string, mode: Script["mode"]): Script {
    const parts = {} as Script;
    parts.mode = mode;
    parts.started = new Promise<void>((resolve) => (parts.begin = resolve));
    parts.finished = new Promise<void>((resolve) => (parts.end = resolve));
    parts.gate = new Promise<void>((resolve) => (parts.open = resolve));
    scripts.set(id, parts);
    return parts;
  }

  /** One receiver instance: a Standard Webhooks route behind webhookMiddleware with a Redis store. */
  async function receiver(kind: Kind, prefix: string, replayScope: string, secrets: string[]): Promise<string> {
    const replay = redisReplayStore(clients[kind].client, { prefix });
    const verifyWebhook = webhookMiddleware(standardWebhooks, { secret: secrets, replay, replayScope });
    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const { id } = webhookOf(req);
      const plan = scripts.get(id!);
      scripts.delete(id!); // a plan applies to the first attempt only
      if (plan === undefined || plan.mode === "ok") {
        res.writeHead(204).end();
        return;
      }
      const gone = new Promise<void>((resolve) => res.once("close", () => setImmediate(resolve)));
      plan.begin();
      if (plan.mode === "hang-up-then-fail") await gone; // slow: the sender gives up meanwhile
      else await plan.gate;
      plan.end();
      throw new Error("the handler failed");
    };
    const server = createServer((req, res) =>
      verifyWebhook(req, res, (error?: unknown) => {
        if (error !== undefined) return void (res.headersSent || res.writeHead(500).end());
        return handle(req, res);
      }),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  }

  const deliver = async (url: string, payload: string, headers: Record<string, string>) => {
    const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: payload });
    return `${response.status} ${await response.text()}`.trim();
  };

  /** Sends a delivery and hangs up once `started` resolves (the sender timed out). */
  const deliverAndHangUp = (url: string, payload: string, headers: Record<string, string>, started: Promise<void>) =>
    new Promise<void>((resolve) => {
      const client = request(url, { method: "POST", headers: { ...headers, "content-type": "application/json" } });
      client.on("error", () => resolve());
      client.on("response", () => resolve());
      client.end(payload);
      void started.then(() => client.destroy());
    });

  it("no claim survives an aborted, failed delivery; a late release never frees a retry's claim; scopes never collide; a stripped replay is refused", async () => {
    const prefix = freshPrefix();
    const shopA = [generateSecret(), generateSecret()]; // shop A's sender is rotating: it signs with both
    const shopB = [generateSecret()];
    // Receiver A (scope "shop-a") runs as two instances, on node-redis and ioredis; receiver B is another route.
    const [a1, a2, b] = await Promise.all([
      receiver("redis", prefix, "shop-a", shopA),
      receiver("ioredis", prefix, "shop-a", shopA),
      receiver("ioredis", prefix, "shop-b", shopB),
    ]);
    const keyOf = (scope: string, id: string) => `${prefix}standardWebhooks:scope:${scope}:id:${id}`;
    const exists = (key: string) => redisCommand(server.port, "EXISTS", key);
    const nowSeconds = () => Math.floor(Date.now() / 1000);

    // Scopes: whoever holds shop B's secret uses the id shop A's sender will use; A still accepts it, once.
    const forB = await sign(standardWebhooks, { secret: shopB, payload: '{"to":"b"}', id: "msg_shared" });
    expect(await deliver(b, '{"to":"b"}', forB)).toBe("204");
    const forA = await sign(standardWebhooks, { secret: shopA, payload: '{"to":"a"}', id: "msg_shared" });
    expect(await deliver(a1, '{"to":"a"}', forA)).toBe("204");
    expect(await deliver(a2, '{"to":"a"}', forA)).toBe('409 {"error":"replayed"}');
    expect(await deliver(b, '{"to":"b"}', forB)).toBe('409 {"error":"replayed"}');

    // A replay stripped down to the other signature of the rotating sender: still refused.
    const [newer, older] = forA["webhook-signature"]!.split(" ");
    for (const entry of [older!, newer!]) {
      expect(await deliver(a2, '{"to":"a"}', { ...forA, "webhook-signature": entry })).toBe('409 {"error":"replayed"}');
    }

    // The sender hangs up while A1's handler is slow, and the handler then fails: no claim survives.
    const aborted = script("msg_aborted", "hang-up-then-fail");
    const abortedHeaders = await sign(standardWebhooks, { secret: shopA, payload: "{}", id: "msg_aborted" });
    await deliverAndHangUp(a1, "{}", abortedHeaders, aborted.started);
    await aborted.finished;
    await vi.waitFor(async () => expect(await exists(keyOf("shop-a", "msg_aborted"))).toBe(0), { timeout: 10_000 }); // (waitFor's default: 1 s)
    const retryHeaders = await sign(standardWebhooks, { secret: shopA, payload: "{}", id: "msg_aborted" }); // a retry is re-signed
    expect(await deliver(a2, "{}", retryHeaders)).toBe("204");
    expect(await deliver(a1, "{}", retryHeaders)).toBe('409 {"error":"replayed"}');

    // A1's handler is stuck until its claim expires; the retry is accepted by A2; A1's late failure
    // then releases: the compare-and-delete leaves the retry's claim, and the message is processed once.
    const stuck = script("msg_late", "stuck-then-fail");
    const lateHeaders = await sign(standardWebhooks, { secret: shopA, payload: "{}", id: "msg_late", timestamp: nowSeconds() - 298 }); // claim of ~3 s
    const firstAnswer = deliver(a1, "{}", lateHeaders);
    await stuck.started;
    // (The claim ends ~3 s from now; the wait allows a loaded machine several seconds more.)
    await vi.waitFor(async () => expect(await exists(keyOf("shop-a", "msg_late"))).toBe(0), { timeout: 10_000, interval: 100 });
    const lateRetry = await sign(standardWebhooks, { secret: shopA, payload: "{}", id: "msg_late" });
    expect(await deliver(a2, "{}", lateRetry)).toBe("204");
    const retryOwner = await redisCommand(server.port, "GET", keyOf("shop-a", "msg_late"));
    stuck.open(); // A1's handler fails at last, and its release runs
    expect(await firstAnswer).toBe("500");
    expect(await redisCommand(server.port, "GET", keyOf("shop-a", "msg_late"))).toBe(retryOwner);
    expect(await deliver(a1, "{}", lateRetry)).toBe('409 {"error":"replayed"}');
  }, 30_000);
});

describe("a Redis that is down fails closed", () => {
  const deliveries = async (count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const payload = `down ${i} ${Math.random()}`;
        return { payload, headers: await sign(standardWebhooks, { secret, payload }) };
      }),
    );
  const expectRefused = async (replay: ReturnType<typeof redisReplayStore>, count = 3) => {
    const started = Date.now();
    for (const { payload, headers } of await deliveries(count)) {
      const outcome = await verify(standardWebhooks, { secret, payload, headers, replay }).then(
        () => "accepted",
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(ReplayStoreError);
      expect((outcome as Error).cause).toBeInstanceOf(Error);
    }
    // Promptly, not hung in an offline queue: ioredis gives up after its 20 retries (about 1 s
    // here, measured), node-redis at once; the bound leaves a loaded machine room.
    expect(Date.now() - started).toBeLessThan(10_000);
  };

  it.each(KINDS)("%s: a server that stops while the client is connected", async (kind) => {
    const doomed = await startRedis();
    const connection = await connectClient(kind, doomed.url);
    try {
      const replay = redisReplayStore(connection.client, { prefix: freshPrefix() });
      const [live] = await deliveries(1);
      await expect(verify(standardWebhooks, { secret, ...live!, replay })).resolves.toBeDefined();
      await doomed.stop();
      await expectRefused(replay);
    } finally {
      await connection.close();
      await doomed.stop();
    }
  });

  it("node-redis: a client that was never connected, or cannot connect", async () => {
    const closed = CLOSED;
    const never = createClient({ url: closed });
    await expectRefused(redisReplayStore(never), 1);
    const failing = createClient({ url: closed, socket: { reconnectStrategy: 50 } });
    failing.on("error", () => {});
    failing.connect().catch(() => {});
    try {
      await expectRefused(redisReplayStore(failing));
    } finally {
      if (failing.isOpen) failing.destroy();
    }
  });

  it("ioredis: a client pointed at a closed port", async () => {
    const failing = new Redis(CLOSED, { retryStrategy: () => 50 });
    failing.on("error", () => {});
    try {
      await expectRefused(redisReplayStore(failing));
    } finally {
      failing.disconnect();
    }
  });
});
