// A replay store on Redis, shared by every receiver instance. It only calls the client it is
// given (no import of `redis`, `ioredis` or node:*), so it stays in the web build.
import type { ReplayStore } from "../engine/options.js";
import { decoder } from "../lib/bytes.js";
import { MAX_TIMER_MS } from "../lib/time.js";

/**
 * Options of {@link redisReplayStore}.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { redisReplayStore, type RedisReplayStoreOptions } from "hookseal";
 *
 * const options: RedisReplayStoreOptions = { prefix: "billing:webhooks:", timeoutMs: 250 };
 * const replay = redisReplayStore(new Redis(process.env.REDIS_URL!), options);
 * ```
 */
export interface RedisReplayStoreOptions {
  /** Prepended to every key (default `"hookseal:replay:"`); give each application its own. */
  prefix?: string;
  /**
   * Milliseconds to wait for Redis to answer one command before the claim (or release)
   * fails (default 1000; `Infinity` waits for as long as the client does). A claim that
   * times out but lands later is deleted again (if it still holds the key) when its answer
   * arrives, so the provider's retry is not refused as a replay.
   */
  timeoutMs?: number;
}

const DEFAULT_PREFIX = "hookseal:replay:";
const DEFAULT_TIMEOUT_MS = 1000;

// Statuses in which an ioredis client (or cluster) has no connection and would only queue
// the command until it reconnects: refused at once instead.
const IOREDIS_DOWN = new Set(["reconnecting", "close", "end", "disconnecting"]);

type Reply = unknown;
interface Commands {
  set(...args: unknown[]): Reply;
  eval(...args: unknown[]): Reply;
}
type Client = Commands & {
  isOpen?: unknown;
  isReady?: unknown;
  status?: unknown;
  v4?: unknown;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  (typeof value === "object" || typeof value === "function") && value !== null;

const hasCommands = (value: unknown): value is Commands =>
  isObject(value) && typeof value.set === "function" && typeof value.eval === "function";

// Compare-and-delete: the key goes only while it still holds this claim's owner token.
const RELEASE_SCRIPT = 'if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0';


/** The promise API of a node-redis v4 `legacyMode` client (its `v4` getter throws on others). */
function legacyCommands(client: Client): Commands | undefined {
  try {
    const v4 = client.v4;
    return hasCommands(v4) ? v4 : undefined;
  } catch {
    return undefined;
  }
}

const isOk = (reply: unknown): boolean => (reply instanceof Uint8Array ? decoder.decode(reply) : reply) === "OK";

/** "OK" → claimed, null → already claimed; anything else is not a SET NX answer. */
function claimed(reply: unknown): boolean {
  if (reply === null) return false;
  if (isOk(reply)) return true;
  throw new TypeError(`Redis answered SET … NX with ${typeof reply === "string" ? JSON.stringify(reply) : typeof reply}, not "OK" or null`);
}

/** `pending`, or a rejection once `ms` passed; `late` sees the answer that came too late. */
function bounded(pending: Promise<unknown>, ms: number, what: string, late?: (reply: unknown) => void): Promise<unknown> {
  if (ms === Infinity) return pending;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`Redis did not answer ${what} within ${ms} ms`));
    }, ms);
    pending.then(
      (reply) => {
        clearTimeout(timer);
        if (!timedOut) resolve(reply);
        else late?.(reply); // nothing waits for this answer any more
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!timedOut) reject(error);
      },
    );
  });
}

/**
 * A replay store on Redis: one atomic `SET <prefix><key> <owner> NX EX <ttl>` per claim and,
 * per release, a compare-and-delete script (`EVAL`) that deletes the key only while it still
 * holds that claim's owner token, so a late release never frees a retry's claim. Every receiver instance behind your load balancer passes a store on the
 * **same** Redis, so a message accepted by one instance is refused as `replayed` by all the
 * others, and a message released by one (its handler failed) is accepted on the provider's
 * retry by whichever instance gets it.
 *
 * `client` is taken structurally, so hookseal depends on no Redis package:
 * - **node-redis** (`redis`, v4 and later: a client from `createClient()`, a cluster from
 *   `createCluster()`, a pool): recognised by its boolean `isOpen`; the store calls
 *   `client.set(key, owner, { NX: true, EX: ttl, condition: "NX", expiration: { type: "EX", value: ttl } })`
 *   (the v4 spelling and the v5+ one together, so every version reads one of them) and
 *   `client.eval(script, { keys: [key], arguments: [owner] })`. A v4 `legacyMode` client is
 *   used through its `client.v4`.
 * - **ioredis** (v4 and later, `Redis` or `Cluster`): recognised by its string `status`;
 *   the store calls `client.set(key, owner, "EX", ttl, "NX")` and `client.eval(script, 1, key, owner)`.
 *
 * The typed `set` / `eval` methods are used rather than the raw command APIs on purpose:
 * node-redis's raw `sendCommand` takes `(args)` on a client but `(firstKey, isReadonly, args)`
 * on a cluster, and ioredis's raw `call` does not exist before v5, whereas `set` and `eval`
 * have kept their shapes across versions and client kinds, and route by key in a cluster.
 * A Redis where scripting is disabled (an ACL without `EVAL`) makes `release()` fail.
 *
 * **Fails closed.** A Redis error, a reply that is neither `"OK"` nor `null`, a command
 * unanswered after `timeoutMs`, or a client that reports itself disconnected (node-redis:
 * `isReady` false, so `await client.connect()` before serving; ioredis: status
 * `reconnecting`, `close` or `end`) makes `claim()` reject, and `verify` then rejects with
 * `ReplayStoreError`: a delivery is never accepted without a claim. Answer it with a 5xx so
 * the provider retries later.
 *
 * TTLs are whole seconds for Redis: `ttlSeconds` is rounded up, and is at least 1.
 * Keys are `prefix` + the engine's key (`<scheme>:id:<message id>`, or
 * `<scheme>:sig:<hex digest of the signed content>` for schemes without an id; with a
 * `replayScope`, `<scheme>:scope:<scope>:…`, where `%` and `:` in the scope are escaped as
 * `%25` and `%3A`).
 *
 * @example node-redis
 * ```ts
 * import { createClient } from "redis";
 * import { redisReplayStore, standardWebhooks, verify } from "hookseal";
 *
 * const client = createClient({ url: process.env.REDIS_URL });
 * client.on("error", (error) => console.error("redis", error)); // node-redis needs a listener
 * await client.connect(); // claims fail while the client is not ready
 * const replay = redisReplayStore(client, { prefix: "billing:webhooks:" });
 *
 * const verified = await verify(standardWebhooks, { secret, payload, headers, replay });
 * try {
 *   await handle(payload);
 * } catch (error) {
 *   await verified.release!(); // the provider's retry of this message will be accepted
 *   throw error;
 * }
 * ```
 *
 * @example ioredis
 * ```ts
 * import { Redis } from "ioredis";
 * import { redisReplayStore, github, verify } from "hookseal";
 *
 * const replay = redisReplayStore(new Redis(process.env.REDIS_URL!));
 * const verified = await verify(github, { secret, payload, headers, replay, replayTtl: 3 * 24 * 3600 });
 * ```
 */
export function redisReplayStore(client: unknown, options: RedisReplayStoreOptions = {}): ReplayStore {
  if (!hasCommands(client)) {
    throw new TypeError("redisReplayStore(client): client must be a node-redis (v4+) or ioredis client, with set() and eval()");
  }
  const source = client as Client;
  const kind = typeof source.isOpen === "boolean" ? "node-redis" : typeof source.status === "string" ? "ioredis" : undefined;
  if (kind === undefined) {
    throw new TypeError("redisReplayStore(client): not a node-redis client (no boolean isOpen) nor an ioredis client (no string status)");
  }
  const commands: Commands = kind === "node-redis" ? legacyCommands(source) ?? source : source;

  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== "string") throw new TypeError("prefix must be a string");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A longer timer fires at once: every claim would time out.
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0 && (timeoutMs <= MAX_TIMER_MS || timeoutMs === Infinity))) {
    throw new RangeError("timeoutMs must be a positive number of milliseconds below 2^31 (or Infinity)");
  }

  function assertConnected(): void {
    if (kind === "node-redis") {
      if (source.isOpen === false || source.isReady === false) {
        throw new Error("The node-redis client is not connected (isReady is false): claims fail closed until it is ready.");
      }
    } else if (IOREDIS_DOWN.has(source.status as string)) {
      throw new Error(`The ioredis client is not connected (status "${String(source.status)}"): claims fail closed until it is ready.`);
    }
  }

  /** Deletes `fullKey` if `owner` still holds it. */
  const compareAndDelete = (fullKey: string, owner: string): Reply =>
    kind === "node-redis"
      ? commands.eval(RELEASE_SCRIPT, { keys: [fullKey], arguments: [owner] })
      : commands.eval(RELEASE_SCRIPT, 1, fullKey, owner);

  return {
    async claim(key, ttlSeconds, owner) {
      if (typeof ttlSeconds !== "number" || !Number.isFinite(ttlSeconds) || ttlSeconds < 0) {
        throw new RangeError("ttlSeconds must be a finite, non-negative number");
      }
      if (typeof owner !== "string" || owner === "") throw new TypeError("owner must be a non-empty string (the token of the verification that claims)");
      const ttl = Math.max(1, Math.ceil(ttlSeconds));
      const fullKey = prefix + key;
      assertConnected();
      const pending = Promise.resolve(
        kind === "node-redis"
          ? commands.set(fullKey, owner, { NX: true, EX: ttl, condition: "NX", expiration: { type: "EX", value: ttl } })
          : commands.set(fullKey, owner, "EX", ttl, "NX"),
      );
      // A claim reported as failed may have landed anyway (a reply lost with its connection, a
      // command resent after a reconnect, a late answer): give it back, owner-checked, so it can
      // never free a retry's claim.
      const giveBack = () => void Promise.resolve().then(() => compareAndDelete(fullKey, owner)).catch(() => {});
      try {
        return claimed(await bounded(pending, timeoutMs, "SET … NX", giveBack));
      } catch (error) {
        giveBack();
        throw error;
      }
    },
    async release(key, owner) {
      if (typeof owner !== "string" || owner === "") throw new TypeError("owner must be a non-empty string (the token of the verification that claimed)");
      assertConnected();
      await bounded(Promise.resolve(compareAndDelete(prefix + key, owner)), timeoutMs, "EVAL (release)");
    },
  };
}
