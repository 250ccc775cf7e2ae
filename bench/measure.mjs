// Timing (mitata) and allocation measurement for one case.
import { performance, PerformanceObserver } from "node:perf_hooks";
import { setImmediate as tick } from "node:timers/promises";
import { measure } from "mitata";

/** Resolves to true when the function accepts its input, false when it rejects it. */
export async function accepts(fn) {
  try {
    return (await fn()) !== false;
  } catch {
    return false;
  }
}

/** Calls `fn` for about `ms` milliseconds, so the JIT has settled before anything is sampled. */
export async function warmUp(fn, ms) {
  const until = performance.now() + ms;
  while (performance.now() < until) await fn();
}

/**
 * mitata's statistics of one case, in nanoseconds per call, from `budgetMs` of CPU time (and
 * at least 12 samples). Samples are batches of up to 64 calls (mitata's default, 4096, would
 * make one sample of a 60 µs call take a quarter of a second, and rounds could not be short).
 */
export async function time(fn, budgetMs) {
  // gc: false: mitata would otherwise run a full collection before every measurement, which
  // costs more than the measurement itself; run.mjs collects once per block instead.
  const stats = await measure(fn, { min_cpu_time: budgetMs * 1e6, batch_samples: 64, gc: false });
  return { p50: stats.p50, avg: stats.avg, min: stats.min, p75: stats.p75, p99: stats.p99, samples: stats.samples.length };
}

/** The median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const gc = globalThis.gc;
// Every collection, counted: entries reach the callback asynchronously, and takeRecords()
// hands over those not delivered yet.
let collections = 0;
const gcEvents = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
if (gc) gcEvents.observe({ entryTypes: ["gc"] });
const collectionsSoFar = () => (collections += gcEvents.takeRecords().length);

/** Collects garbage and lets the GC observer catch up with it. */
async function settle() {
  gc();
  await tick();
  await tick();
}

const allocated = (before, after) => after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);

async function round(fn, n, isAsync) {
  await settle();
  const seen = collectionsSoFar();
  const before = process.memoryUsage();
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
  const after = process.memoryUsage();
  // GC entries reach the observer a tick or two late; a shrinking heap or ArrayBuffer total
  // also betrays a collection the observer has not reported yet.
  await tick();
  await tick();
  const collected = collectionsSoFar() > seen || after.heapUsed < before.heapUsed || after.arrayBuffers < before.arrayBuffers;
  return collected ? undefined : allocated(before, after) / n;
}

async function gross(fn, calls, rounds, isAsync) {
  const clean = [];
  let n = calls;
  let dirty = 0;
  while (clean.length < rounds && n >= 1) {
    const bytes = await round(fn, n, isAsync);
    if (bytes === undefined) {
      dirty++;
      n = Math.floor(n / 2);
    } else clean.push(bytes);
  }
  return { bytes: clean.length === 0 ? undefined : median(clean), calls: n, dirty };
}

const floors = new Map();

/**
 * Bytes allocated per call: V8 heap plus ArrayBuffer backing stores (`process.memoryUsage()`),
 * over `calls` calls between two forced collections, net of an empty call of the same kind
 * (sync, or async and awaited). A round during which the GC ran (seen by a
 * PerformanceObserver) would undercount, so it is retried with half the calls; the result is
 * the median of three clean rounds. Memory that Node's crypto allocates natively (outside
 * the V8 heap and ArrayBuffers, such as the copy Web Crypto takes of its input) is not
 * visible here. Needs `node --expose-gc`.
 */
export async function allocation(fn, { calls, rounds = 3 }) {
  if (!gc) return undefined;
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  if (!floors.has(isAsync)) {
    const empty = isAsync ? async () => true : () => true;
    floors.set(isAsync, (await gross(empty, 10_000, 5, isAsync)).bytes ?? 0);
  }
  const measured = await gross(fn, calls, rounds, isAsync);
  const bytesPerCall = measured.bytes === undefined ? undefined : Math.max(0, measured.bytes - floors.get(isAsync));
  return { bytesPerCall, calls: measured.calls, dirty: measured.dirty };
}
