// Replay-protection benchmark: claims per second against a real redis-server on loopback,
// with node-redis and ioredis, and what the replay check adds to one verify with the memory
// store.
//
//   npm run bench:replay     builds the package, runs this file (node --expose-gc), writes bench/replay-results.json
//
// It imports the BUILT package (`hookseal/node`), like bench/run.mjs. redis-server (Debian's
// package) is started here on a free 127.0.0.1 port with no persistence and stopped at the
// end, exactly as the tests do. Options: --quick (short runs, for trying changes).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { memoryReplayStore, redisReplayStore, sign, standardWebhooks, verify, verifySync } from "hookseal/node";
import { connectClient, KINDS } from "../test/replay/clients.mjs";
import { startRedis } from "../test/replay/redis-server.mjs";

const quick = process.argv.includes("--quick");
// The machine may be shared: every case runs in several rounds, in alternating orders, and
// the best round is kept (interference only ever slows a round down).
const ROUNDS = quick ? 1 : 3;
const REDIS_MS = quick ? 300 : 1000; // wall time per Redis case and round
const VERIFY_BATCHES = quick ? 200 : 2000; // paired batches per verify comparison
const BATCH = 64; // calls per batch
const IN_FLIGHT = 64; // claims in flight at once in the pipelined case
const root = new URL("..", import.meta.url);
const version = (name) => JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), "utf8")).version;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Claims fresh keys for `ms` with `inFlight` claims outstanding: claims/s and per-claim latency. */
async function claimRate(store, ms, inFlight, tag) {
  let n = 0;
  const latencies = [];
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const won = await store.claim(`${tag}:${n++}`, 60, "bench");
        latencies.push(performance.now() - t0);
        if (won !== true) throw new Error("a fresh key was not claimed");
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { claims: latencies.length, perSecond: latencies.length / seconds, p50us: percentile(latencies, 0.5) * 1000, p99us: percentile(latencies, 0.99) * 1000 };
}

async function redisCases(server) {
  const connections = [];
  try {
    const stores = {};
    for (const kind of KINDS) {
      const connection = await connectClient(kind, server.url);
      connections.push(connection);
      stores[kind] = redisReplayStore(connection.client, { prefix: `bench:${kind}:` });
      await claimRate(stores[kind], 200, 8, "warmup"); // connection and JIT warm-up
    }
    const best = new Map();
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) {
        for (const [mode, inFlight] of [
          ["sequential", 1],
          ["pipelined", IN_FLIGHT],
        ]) {
          const rate = await claimRate(stores[kind], REDIS_MS, inFlight, `${mode}:${round}`);
          const id = `${kind} ${mode}`;
          if (!best.has(id) || rate.perSecond > best.get(id).perSecond) {
            best.set(id, { client: kind, clientVersion: version(kind), mode, inFlight, ...rate });
          }
        }
      }
    }
    return KINDS.flatMap((kind) => [best.get(`${kind} sequential`), best.get(`${kind} pipelined`)]);
  } finally {
    for (const connection of connections) await connection.close();
  }
}

/** verify() alone and with a memory store, over a pool of distinct signed messages. */
async function verifyCases() {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const payload = JSON.stringify({ type: "invoice.paid", data: { id: "in_123", amount: 4200, pad: "x".repeat(900) } }); // ~1 KiB
  const now = 1_700_000_000;
  const POOL = 20_000;
  const pool = [];
  for (let i = 0; i < POOL; i++) pool.push(await sign(standardWebhooks, { secret, payload, id: `msg_${i}`, timestamp: now }));

  // Each message is verified once per store: a new store every POOL calls keeps every claim a
  // first claim (a replayed one would measure the error path instead).
  const cursor = (withStore) => {
    let i = 0;
    let store = withStore ? memoryReplayStore({ maxEntries: POOL }) : undefined;
    return () => {
      if (i === POOL) {
        i = 0;
        if (withStore) store = memoryReplayStore({ maxEntries: POOL });
      }
      const headers = pool[i++];
      return withStore ? { secret, payload, headers, now, replay: store } : { secret, payload, headers, now };
    };
  };
  const next = { plain: cursor(false), store: cursor(true) };
  const cases = {
    async: {
      plain: { label: "verify (async), no replay store", fn: () => verify(standardWebhooks, next.plain()) },
      store: { label: "verify (async) + memoryReplayStore", fn: () => verify(standardWebhooks, next.store()) },
    },
    sync: {
      plain: { label: "verifySync, no replay store", fn: () => verifySync(standardWebhooks, next.plain()) },
      store: { label: "verifySync + memoryReplayStore", fn: () => verifySync(standardWebhooks, next.store()) },
    },
  };
  for (const pair of Object.values(cases)) for (const c of Object.values(pair)) if ((await c.fn()).id === undefined) throw new Error(`${c.label} did not verify`);

  const rows = [];
  const overhead = {};
  for (const [mode, pair] of Object.entries(cases)) {
    const isAsync = mode === "async";
    await paired(pair.plain.fn, pair.store.fn, isAsync, Math.ceil(VERIFY_BATCHES / 4)); // warm-up
    globalThis.gc?.(); // start from a collected heap (run with --expose-gc)
    const result = await paired(pair.plain.fn, pair.store.fn, isAsync, VERIFY_BATCHES);
    rows.push({ id: `${mode}`, label: pair.plain.label, medianUs: result.a * 1000 });
    rows.push({ id: `${mode}+memory`, label: pair.store.label, medianUs: result.b * 1000 });
    overhead[mode] = { ratio: result.ratio, addedUs: (result.b - result.a) * 1000 };
  }
  return { method: `median over ${VERIFY_BATCHES} paired batches of ${BATCH} calls each`, rows, overhead };
}

/**
 * Times `fa` and `fb` in alternating batches of BATCH calls (A B, B A, …), so whatever else
 * slows the machine down slows both alike: the medians of the per-call time of each, and the
 * median of the per-pair ratios b/a (milliseconds).
 */
async function paired(fa, fb, isAsync, batches) {
  const ta = [];
  const tb = [];
  const ratios = [];
  const batch = async (f) => {
    const t0 = performance.now();
    if (isAsync) for (let i = 0; i < BATCH; i++) await f();
    else for (let i = 0; i < BATCH; i++) f();
    return (performance.now() - t0) / BATCH;
  };
  for (let k = 0; k < batches; k++) {
    let a;
    let b;
    if (k % 2 === 0) {
      a = await batch(fa);
      b = await batch(fb);
    } else {
      b = await batch(fb);
      a = await batch(fa);
    }
    ta.push(a);
    tb.push(b);
    ratios.push(b / a);
  }
  return { a: median(ta), b: median(tb), ratio: median(ratios) };
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (n, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits, signDisplay: "auto" });
const signed = (n, digits) => (n >= 0 ? "+" : "") + fmt(n, digits);

const server = await startRedis();
let redis;
try {
  redis = await redisCases(server);
} finally {
  await server.stop();
}
const memory = await verifyCases();

const redisVersion = execFileSync("redis-server", ["--version"], { encoding: "utf8" }).match(/v=(\S+)/)?.[1];
console.log(`\nRedis claims on loopback (redis-server ${redisVersion}, fresh keys, SET NX EX):\n`);
console.log("| client | mode | claims/s | p50 µs | p99 µs |");
console.log("| --- | --- | ---: | ---: | ---: |");
for (const r of redis) console.log(`| ${r.client} ${r.clientVersion} | ${r.mode} (${r.inFlight} in flight) | ${fmt(r.perSecond, 0)} | ${fmt(r.p50us)} | ${fmt(r.p99us)} |`);
console.log(`\nWhat the replay check adds to one Standard Webhooks verify (1 KiB body), memory store (${memory.method}):\n`);
console.log("| case | µs per call |");
console.log("| --- | ---: |");
for (const r of memory.rows) console.log(`| ${r.label} | ${fmt(r.medianUs, 2)} |`);
console.log(
  `\nratio verify+memory / verify: async ${fmt(memory.overhead.async.ratio, 3)}× (${signed(memory.overhead.async.addedUs, 2)} µs), ` +
    `sync ${fmt(memory.overhead.sync.ratio, 3)}× (${signed(memory.overhead.sync.addedUs, 2)} µs)`,
);

const results = {
  date: new Date().toISOString(),
  quick,
  environment: { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, redisServer: redisVersion, redis: version("redis"), ioredis: version("ioredis") },
  redisClaims: redis,
  verifyWithMemoryStore: memory,
};
if (!quick) writeFileSync(new URL("bench/replay-results.json", root), JSON.stringify(results, null, 2) + "\n");
console.log(quick ? "\n(--quick: bench/replay-results.json left as it was)" : "\nwritten: bench/replay-results.json");
