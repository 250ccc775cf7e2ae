// Calls hookseal makes to SNS on a message's behalf (its signing certificate, its SubscribeURL):
// each URL called once and its result kept for a while, at most a few new calls a minute, so
// forged or replayed messages cannot make us a fetch amplifier, and every answer read within a bound.
import { decoder } from "../lib/bytes.js";
import { responseText } from "../lib/response-body.js";

/** A call's result: under way or done; `settled` once it resolved (a sync verification reads it). */
interface Cached<T> {
  readonly result: Promise<T>;
  readonly expires: number;
  settled?: T;
}

/** One scheme's calls: what was called (at most {@link MAX_KEPT} URLs, oldest dropped first) and when. */
export interface Calls<T> {
  readonly cache: Map<string, Cached<T>>;
  readonly times: number[];
}

/** Most results kept. SNS uses one certificate per region at a time. */
const MAX_KEPT = 16;
/** Most calls started per minute, per scheme: beyond it, `tooMany()` is thrown (the helpers answer 503). */
const MAX_CALLS_PER_MINUTE = 10;

export const calls = <T>(): Calls<T> => ({ cache: new Map(), times: [] });

/**
 * The result of `load()` for `url`: kept for `ttlMs` once called (a failure is never kept), or
 * rejected with `tooMany()` when {@link MAX_CALLS_PER_MINUTE} calls were started in the last minute.
 */
export function callOnce<T>(state: Calls<T>, url: string, ttlMs: number, load: () => Promise<T>, tooMany: () => Error, nowMs: number = Date.now()): T | Promise<T> {
  const cached = state.cache.get(url);
  if (cached !== undefined && cached.expires > nowMs) return cached.settled ?? cached.result;
  const times = state.times;
  while (times.length > 0 && times[0]! <= nowMs - 60_000) times.shift();
  if (times.length >= MAX_CALLS_PER_MINUTE) return Promise.reject(tooMany());
  times.push(nowMs);
  const entry: Cached<T> = {
    expires: nowMs + ttlMs,
    result: load().then(
      (value) => (entry.settled = value),
      (error: unknown) => {
        if (state.cache.get(url) === entry) state.cache.delete(url); // a failure is never kept
        throw error;
      },
    ),
  };
  state.cache.delete(url);
  if (state.cache.size >= MAX_KEPT) state.cache.delete(state.cache.keys().next().value!);
  state.cache.set(url, entry);
  return entry.result;
}

/**
 * The answer's body as text, read within `limit` bytes (an announced or actual excess cancels
 * the read and throws `fail(…)`): a server cannot make us buffer without end.
 */
export function readBounded(response: Response, limit: number, what: string, fail: (message: string) => Error): Promise<string> {
  return responseText(response, limit, () => fail(`${what} is larger than ${limit} bytes`), (bytes) => decoder.decode(bytes));
}
