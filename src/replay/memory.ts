import type { ReplayStore } from "../engine/options.js";

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

/** A live claim: when it expires (ms) and the token of the verification that holds it. */
interface Claim {
  readonly until: number;
  readonly owner: string | undefined;
}

// Expired entries dropped from the oldest end on every claim: keeps the map near its live size.
const SWEEP_PER_CLAIM = 4;

/**
 * A replay store in this process's memory: bounded, O(1) per operation while there is room,
 * expired claims swept lazily (a full store sweeps everything, but only when some claim has
 * expired). Right for a single receiver process and for tests; several receiver instances need a
 * shared store such as `redisReplayStore()`. A full store with no expired claim to drop
 * refuses the claim (so `verify` rejects): it never forgets a live claim to make room.
 * `release(key, owner)` removes a claim only while `owner` (the token of the verification that
 * made it) still holds it.
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
  const claims = new Map<string, Claim>(); // key → its claim; Map order = claim order
  let earliestExpiry = Infinity; // a lower bound: no entry expires before it

  function sweepOldest(now: number): void {
    let dropped = 0;
    for (const [key, { until }] of claims) {
      if (until > now || dropped === SWEEP_PER_CLAIM) return;
      claims.delete(key);
      dropped++;
    }
  }

  function sweepAll(now: number): void {
    earliestExpiry = Infinity;
    for (const [key, { until }] of claims) {
      if (until <= now) claims.delete(key);
      else earliestExpiry = Math.min(earliestExpiry, until);
    }
  }

  return {
    claim(key, ttlSeconds, owner) {
      if (typeof ttlSeconds !== "number" || !(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) {
        throw new RangeError("ttlSeconds must be a positive, finite number of seconds");
      }
      const now = clock();
      sweepOldest(now);
      const held = claims.get(key);
      if (held !== undefined && held.until > now) return false;
      claims.delete(key); // an expired claim of the same key: re-insert at the newest end
      // Full: drop expired claims, if any exists; never a live one.
      if (claims.size >= maxEntries && earliestExpiry <= now) sweepAll(now);
      if (claims.size >= maxEntries) {
        throw new Error(`memoryReplayStore is full (${maxEntries} live claims): raise maxEntries or use a shared store`);
      }
      const until = now + ttlSeconds * 1000;
      claims.set(key, { until, owner });
      earliestExpiry = Math.min(earliestExpiry, until);
      return true;
    },
    release(key, owner) {
      // Only the claim `owner` made: a late release must not free a retry's claim of the key.
      if (claims.get(key)?.owner === owner) claims.delete(key);
    },
  };
}
