// How a verification claims its message in a replay store (see options.ts ReplayStore).
import type { ReplayStore } from "./options.js";
import { isThenable } from "./lib/thenable.js";

/**
 * A replay store failed (for example Redis is down, or a full memory store has nothing
 * expired to drop). The delivery was NOT accepted: hookseal fails closed. `cause` holds the
 * store's own error.
 *
 * @example
 * ```ts
 * try {
 *   await verifyRequest(github, request, { secret, replay: memoryReplayStore() });
 * } catch (error) {
 *   // Not the sender's fault: answer 503 so the provider retries once the store is back.
 *   if (error instanceof ReplayStoreError) return new Response(null, { status: 503 });
 *   throw error;
 * }
 * ```
 */
export class ReplayStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ReplayStoreError";
  }
}

/** Default claim lifetime for schemes without a timestamp: a day covers providers' retry schedules. */
export const DEFAULT_REPLAY_TTL = 24 * 60 * 60;

const failed = (cause: unknown) =>
  new ReplayStoreError("The replay store failed, so the delivery was not accepted; see `cause`.", { cause });

function checked(answer: unknown): boolean {
  if (typeof answer !== "boolean") throw failed(new TypeError(`claim() answered ${typeof answer}, not a boolean`));
  return answer;
}

/** `store.claim`, answering a boolean or failing with `ReplayStoreError`; never "accepted" by default. */
export function claimIn(store: ReplayStore, key: string, ttlSeconds: number): boolean | Promise<boolean> {
  let answer: unknown;
  try {
    answer = store.claim(key, ttlSeconds);
  } catch (error) {
    throw failed(error);
  }
  if (isThenable(answer)) {
    return Promise.resolve(answer).then(checked, (error: unknown) => Promise.reject(failed(error)));
  }
  return checked(answer);
}

/** `store.release` as a promise, with failures as `ReplayStoreError`. */
export async function releaseIn(store: ReplayStore, key: string): Promise<void> {
  try {
    await store.release(key);
  } catch (error) {
    throw failed(error);
  }
}

/** Checks the shape of a `replay` option. */
export function assertReplayStore(store: unknown): asserts store is ReplayStore {
  const candidate = store as Partial<ReplayStore> | null;
  if (candidate === null || typeof candidate !== "object" || typeof candidate.claim !== "function" || typeof candidate.release !== "function") {
    throw new TypeError("replay must be a replay store with claim(key, ttl) and release(key), such as memoryReplayStore()");
  }
}
