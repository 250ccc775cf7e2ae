// Reporting each verification to an `observe` callback: what it came to, how long it took, and
// the ids it proved — never a secret, a signature, a token or the payload. The drivers reach
// this only when an observer is given, so a verification without one does no extra work.
import { WebhookVerificationError, type VerificationErrorCode } from "./errors.js";
import type { Verified } from "./options.js";

/**
 * What an `observe` callback receives once per verification (per delivery, in the request
 * helpers and the middleware). It carries no secret, signature, token or payload, so it can go
 * to metrics and logs as it is. `secretIndex`, `id` and `eventId` are there only for an
 * accepted delivery: they are proven then, and anything a refused delivery says is the sender's
 * word.
 *
 * @example
 * ```ts
 * const outcomes = new Map<string, number>();
 * const observe = (event: VerificationEvent) => {
 *   const key = `${event.scheme}:${event.outcome}`;
 *   outcomes.set(key, (outcomes.get(key) ?? 0) + 1); // alert on a rise of "stripe:no_matching_signature"
 *   if (event.outcome === "accepted" && event.secretIndex! > 0) console.warn("the sender still signs with an old secret");
 * };
 * await verify(stripe, { secret: [currentSecret, previousSecret], payload, headers, observe });
 * ```
 */
export interface VerificationEvent {
  /** The scheme's name (`Verified.scheme`). */
  scheme: string;
  /**
   * `"accepted"`, the `WebhookVerificationError` code of a refused delivery, or `"error"` for
   * anything else that went wrong (a replay store that failed, a parsed body, a bad argument).
   */
  outcome: "accepted" | VerificationErrorCode | "error";
  /** For `"error"`: the error's name (`"ReplayStoreError"`, `"TypeError"`…), never its message. */
  error?: string;
  /** Which configured secret matched (accepted deliveries). */
  secretIndex?: number;
  /** The signed message id, for schemes that carry one (accepted deliveries). */
  id?: string;
  /** The provider's event id, read from signed content (accepted deliveries; see `Verified.eventId`). */
  eventId?: string;
  /** Milliseconds from the call to its outcome; in the request helpers, reading the body included. */
  durationMs: number;
}

/** The `observe` option: called once per verification, synchronously; what it throws is ignored. */
export type Observer = (event: VerificationEvent) => void;

/** Checks an `observe` option: undefined or a function. */
export function assertObserver(observe: unknown): asserts observe is Observer | undefined {
  if (observe !== undefined && typeof observe !== "function") throw new TypeError("observe must be a function (event) => void");
}

/**
 * Reports a verification that started at `start` (`performance.now()`) and ended with
 * `verified` or `error` to `observe`. Whatever the observer throws (or an async one rejects
 * with) changes nothing: the verification's result stands.
 */
function report(observe: Observer, scheme: unknown, start: number, verified: Verified | undefined, error?: unknown): void {
  // All of it guarded: it runs in a promise callback, where any throw (the observer's, or a
  // scheme name that cannot be made a string) would be an unhandled rejection.
  try {
    const event: VerificationEvent = {
      scheme: String((scheme as { name?: unknown } | null)?.name),
      outcome: verified !== undefined ? "accepted" : error instanceof WebhookVerificationError ? error.code : "error",
      durationMs: performance.now() - start,
    };
    if (verified !== undefined) {
      event.secretIndex = verified.secretIndex;
      if (verified.id !== undefined) event.id = verified.id;
      const eventId = verified.eventId;
      if (eventId !== undefined) event.eventId = eventId;
    } else if (event.outcome === "error") {
      event.error = error instanceof Error ? error.name : typeof error;
    }
    (observe(event) as unknown as Promise<void> | undefined)?.catch?.(() => {});
  } catch {
    // The observer's failure is its own.
  }
}

/**
 * `run()`, reported to `observe` once it settles. The caller gets the very promise `run()`
 * returned; the report, registered first, runs before the caller's continuation.
 */
export function observed<T extends Verified>(observe: unknown, scheme: unknown, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  if (typeof observe !== "function") return Promise.reject(new TypeError("observe must be a function (event) => void"));
  const result = run();
  result.then(
    (verified) => report(observe as Observer, scheme, start, verified),
    (error: unknown) => report(observe as Observer, scheme, start, undefined, error),
  );
  return result;
}

/** `run()` reported to `observe`, synchronously (verifySync, createVerifierSync). */
export function observedSync<T extends Verified>(observe: unknown, scheme: unknown, run: () => T): T {
  const start = performance.now();
  assertObserver(observe);
  let verified: T;
  try {
    verified = run();
  } catch (error) {
    report(observe!, scheme, start, undefined, error);
    throw error;
  }
  report(observe!, scheme, start, verified);
  return verified;
}
