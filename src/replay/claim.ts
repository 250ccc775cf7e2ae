// How a verification claims its message in a replay store (see options.ts ReplayStore).
import type { ReplayStore } from "../engine/options.js";
import { base64Digit } from "../lib/base64.js";
import { isThenable } from "../lib/thenable.js";

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
export const DEFAULT_REPLAY_TTL = 86_400; // 24 hours

/** Length of the random token that owns one verification's claim: one base64url character per random byte. */
export const OWNER_CHARS = 22;

/**
 * The owner token made of `random` bytes: each byte's low six bits as a base64url digit (22 of
 * them carry 132 random bits, more than 16 bytes in base64url), with no base64 encoder needed.
 */
export function ownerToken(random: Uint8Array): string {
  let owner = "";
  for (let i = 0; i < random.length; i++) owner += String.fromCharCode(base64Digit(random[i]! & 63, true));
  return owner;
}

const failed = (cause: unknown) =>
  new ReplayStoreError("The replay store failed, so the delivery was not accepted; see `cause`.", { cause });

function checked(answer: unknown): boolean {
  if (typeof answer !== "boolean") throw failed(new TypeError(`claim() answered ${typeof answer}, not a boolean`));
  return answer;
}

/** `store.claim`, answering a boolean or failing with `ReplayStoreError`; never "accepted" by default. */
export function claimIn(store: ReplayStore, key: string, ttlSeconds: number, owner: string): boolean | Promise<boolean> {
  let answer: unknown;
  try {
    answer = store.claim(key, ttlSeconds, owner);
  } catch (error) {
    throw failed(error);
  }
  if (isThenable(answer)) {
    return Promise.resolve(answer).then(checked, (error: unknown) => Promise.reject(failed(error)));
  }
  return checked(answer);
}

/**
 * `release()` of one verification: gives back `owner`'s claim, once, with a store failure as
 * `ReplayStoreError`. A second call (a handler that released, then a helper that sees its 5xx)
 * resolves without asking the store.
 */
export function releaseOnce(store: ReplayStore, key: string, owner: string): () => Promise<void> {
  // Every call gets the one release's promise: a later caller waits for it and hears of its failure.
  let released: Promise<void> | undefined;
  return () =>
    (released ??= (async () => {
      try {
        await store.release(key, owner);
      } catch (error) {
        throw failed(error);
      }
    })());
}

/** Checks the shape of a `replay` option. */
export function assertReplayStore(store: unknown): asserts store is ReplayStore {
  const candidate = store as Partial<ReplayStore> | null;
  if (candidate === null || typeof candidate !== "object" || typeof candidate.claim !== "function" || typeof candidate.release !== "function") {
    throw new TypeError("replay must be a replay store with claim(key, ttl, owner) and release(key, owner), such as memoryReplayStore()");
  }
}

const MAX_SCOPE_LENGTH = 128;
const SCOPE_SHAPE = /^[\x20-\x7e]+$/;

/** The `replayScope` option, checked: undefined, or 1 to 128 printable ASCII characters. */
export function replayScopeOf(scope: unknown): string | undefined {
  if (scope === undefined) return undefined;
  if (typeof scope !== "string") throw new TypeError(`replayScope must be a string naming the receiver (a route, a tenant), got ${typeof scope}`);
  if (scope.length === 0 || scope.length > MAX_SCOPE_LENGTH || !SCOPE_SHAPE.test(scope)) {
    throw new RangeError(`replayScope must be 1 to ${MAX_SCOPE_LENGTH} printable ASCII characters, such as a route path or a tenant id`);
  }
  return scope;
}

// "%" and ":" escaped, so a name or a scope can never end early and be read as another one.
const escapeKeyPart = (part: string): string => part.replace(/[%:]/g, (c) => (c === "%" ? "%25" : "%3A"));

/**
 * The replay key of a message: `<scheme>:[scope:<scope>:]<message>`, where `message` is
 * `id:<id>` or `sig:<hex digest of the signed content>`. It never depends on which secret
 * matched: a replay stripped down to another signature of a rotating sender gets the same
 * key, and is refused. Without a scope the key is what it was before scopes existed.
 */
export function replayKey(schemeName: string, scope: string | undefined, message: string): string {
  return scope === undefined ? `${escapeKeyPart(schemeName)}:${message}` : `${escapeKeyPart(schemeName)}:scope:${escapeKeyPart(scope)}:${message}`;
}
