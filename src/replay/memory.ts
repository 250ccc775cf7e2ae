import type { ReplayStore } from "../options.js";

/** Options of {@link memoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Most live claims held at once (default 10,000). A full store refuses new claims. */
  maxEntries?: number;
  /** Clock in milliseconds, for tests; defaults to `Date.now`. */
  clock?: () => number;
}

// When full, a complete sweep for expired entries runs at most this often, so a store under a
// flood of new ids costs O(1) per claim rather than a scan each time.
const FULL_SWEEP_INTERVAL_MS = 1000;
// Expired entries dropped from the oldest end on every claim: keeps the map near its live size.
const SWEEP_PER_CLAIM = 4;

/**
 * A replay store in this process's memory: bounded, O(1) per operation, expired claims swept
 * lazily. Right for a single receiver process and for tests; several receiver instances need a
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
  let lastFullSweep = -Infinity;

  function sweepOldest(now: number): void {
    let dropped = 0;
    for (const [key, expiry] of expiries) {
      if (expiry > now || dropped === SWEEP_PER_CLAIM) return;
      expiries.delete(key);
      dropped++;
    }
  }

  function sweepAll(now: number): void {
    lastFullSweep = now;
    for (const [key, expiry] of expiries) if (expiry <= now) expiries.delete(key);
  }

  return {
    claim(key, ttlSeconds) {
      const now = clock();
      sweepOldest(now);
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > now) return false;
      expiries.delete(key); // an expired claim of the same key: re-insert at the newest end
      if (expiries.size >= maxEntries && now - lastFullSweep >= FULL_SWEEP_INTERVAL_MS) sweepAll(now);
      if (expiries.size >= maxEntries) {
        throw new Error(`memoryReplayStore is full (${maxEntries} live claims): raise maxEntries or use a shared store`);
      }
      expiries.set(key, now + ttlSeconds * 1000);
      return true;
    },
    release(key) {
      expiries.delete(key);
    },
  };
}
