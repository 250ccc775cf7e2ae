import { WebhookVerificationError } from "../engine/errors.js";

/**
 * A point in time: a `Date`, or a number of Unix SECONDS.
 *
 * @example
 * ```ts
 * const signedAt: Timestamp = Math.floor(Date.now() / 1000); // Unix SECONDS, or a Date
 * const signed = await sign(stripe, { secret, payload, timestamp: signedAt });
 * await verify(stripe, { secret, payload, headers: signed, now: new Date() });
 * ```
 */
export type Timestamp = Date | number;

/** Above this a number cannot be Unix seconds (that would be the year 5138): it is milliseconds. */
const MAX_SECONDS = 1e11;

/** Whole Unix seconds of a {@link Timestamp}; `TypeError` for anything that is not one. */
export function toUnixSeconds(value: unknown, what: string): number {
  let seconds: number;
  if (value instanceof Date) {
    seconds = value.getTime() / 1000;
    if (Number.isNaN(seconds)) throw new TypeError(`${what} is an invalid Date`);
    if (seconds > MAX_SECONDS) throw new TypeError(`${what} (${value.toISOString()}) is too far in the future to be a webhook time`);
  } else if (typeof value === "number" && Number.isFinite(value)) {
    seconds = value;
    if (seconds > MAX_SECONDS) {
      throw new TypeError(`${what} (${value}) looks like milliseconds; pass Unix seconds (Math.floor(Date.now() / 1000)) or a Date`);
    }
  } else {
    throw new TypeError(`${what} must be a Date or a number of Unix seconds`);
  }
  if (seconds < 0) throw new TypeError(`${what} must not be before 1970`);
  return Math.floor(seconds);
}

/**
 * Longest `tolerance` accepted: one day. Built-in schemes use 5 to 300 s; a window of days would
 * defeat the timestamp's purpose, so a larger number is milliseconds by mistake (300000 for 5 min).
 */
export const MAX_TOLERANCE = 86_400;
/**
 * Longest `replayTtl` accepted: 30 days, ten times the longest retry schedule of a provider
 * (Stripe: 3 days). A larger number is milliseconds by mistake (86400000 for one day).
 */
export const MAX_REPLAY_TTL = 2_592_000;

/** The longest delay timers honour (2^31 - 1 ms, about 24.8 days); a longer one would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A number of seconds given as an option, or `fallback` when absent: `TypeError` unless a
 * finite, non-negative number, `RangeError` above `max` (it can only be milliseconds).
 */
export function secondsOption(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a finite, non-negative number of seconds`);
  }
  if (value > max) {
    throw new RangeError(`${name} is ${value} seconds, more than ${max}: it is in SECONDS, not milliseconds (${name}: ${value / 1000} for ${value} ms)`);
  }
  return value;
}

/** The current time in whole Unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Rejects a timestamp more than `tolerance` seconds away from `now`, in either direction. */
export function checkFreshness(timestamp: number, now: number, tolerance: number): void {
  const age = now - timestamp;
  if (age > tolerance) {
    throw new WebhookVerificationError(
      "timestamp_too_old",
      `The webhook was signed ${age} seconds ago, more than the tolerance of ${tolerance} seconds: it may be a replay.`,
    );
  }
  if (-age > tolerance) {
    throw new WebhookVerificationError(
      "timestamp_too_new",
      `The webhook timestamp is ${-age} seconds in the future, more than the tolerance of ${tolerance} seconds: check the sender's and this machine's clocks.`,
    );
  }
}
