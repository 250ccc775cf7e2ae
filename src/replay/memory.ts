import type { ReplayStore } from "../options.js";

/**
 * Options of {@link memoryReplayStore}.
 *
 * @example
 * ```ts
 * // In a test: a fake clock, so claims expire without waiting.
 * let now = Date.now();
 * const options: MemoryReplayStoreOptions = { maxEntries: 1000, clock: () => now };
 * const replay = memoryReplayStore(options);
 * now += 25 * 60 * 60 * 1000; // a day later, every claim has expired
 * ```
 */
export interface MemoryReplayStoreOptions {
  /** Most live claims held at once (default 10,000). A full store refuses new claims. */
  maxEntries?: number;
  /** Clock in milliseconds, for tests; defaults to `Date.now`. */
  clock?: () => number;
}

// Expired entries dropped from the oldest end on every claim: keeps the map near its live size.
const SWEEP_PER_CLAIM = 4;

/**
 * A replay store in this process's memory: bounded, O(1) per operation while there is room,
 * expired claims swept lazily (a full store sweeps everything, but only when some claim has
 * expired). Right for a single receiver process and for tests; several receiver instances need a
 * shared store such as `redisReplayStore()`. A full store with no expired claim to drop
 * refuses the claim (so `verify` rejects): it never forgets a live claim to make room.
 *
 * @example
 * ```ts
 * const replay = memoryReplayStore({ maxEntries: 50_000 });
 * const verified = await verify(standardWebhooks, { secret, payload, headers, replay });
 * ```
 */
export function memoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError("maxEntries must be a positive integer");
  const clock = options.clock ?? Date.now;
  const expiries = new Map<string, number>(); // key → expiry time (ms); Map order = claim order
  let earliestExpiry = Infinity; // a lower bound: no entry expires before it

  function sweepOldest(now: number): void {
    let dropped = 0;
    for (const [key, expiry] of expiries) {
      if (expiry > now || dropped === SWEEP_PER_CLAIM) return;
      expiries.delete(key);
      dropped++;
    }
  }

  function sweepAll(now: number): void {
    earliestExpiry = Infinity;
    for (const [key, expiry] of expiries) {
      if (expiry <= now) expiries.delete(key);
      else earliestExpiry = Math.min(earliestExpiry, expiry);
    }
  }

  return {
    claim(key, ttlSeconds) {
      if (typeof ttlSeconds !== "number" || !(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) {
        throw new RangeError("ttlSeconds must be a positive, finite number of seconds");
      }
      const now = clock();
      sweepOldest(now);
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > now) return false;
      expiries.delete(key); // an expired claim of the same key: re-insert at the newest end
      // Full: drop expired claims, if any exists; never a live one.
      if (expiries.size >= maxEntries && earliestExpiry <= now) sweepAll(now);
      if (expiries.size >= maxEntries) {
        throw new Error(`memoryReplayStore is full (${maxEntries} live claims): raise maxEntries or use a shared store`);
      }
      const until = now + ttlSeconds * 1000;
      expiries.set(key, until);
      earliestExpiry = Math.min(earliestExpiry, until);
      return true;
    },
    release(key) {
      expiries.delete(key);
    },
  };
}
