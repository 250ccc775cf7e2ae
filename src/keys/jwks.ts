// A remote JSON Web Key Set (RFC 7517 §5): fetched over https, cached, refetched at most once
// per cooldown, and failing closed. It hands out JWKs as fetched; which of them may verify
// which token is the JWT layer's decision (src/jwt/public-keys.ts).
import type { Jwk } from "./types.js";
import { KeySetError } from "./key-set-error.js";
import { fatalDecoder } from "../lib/bytes.js";
import { responseText } from "../lib/response-body.js";

/**
 * Options of {@link jwks}. Times are in seconds, except `timeoutMs`.
 *
 * @example
 * ```ts
 * const options: JwksOptions = { maxAge: 3600, cooldown: 60, timeoutMs: 2000 };
 * const keys = jwks("https://www.googleapis.com/oauth2/v3/certs", options);
 * ```
 */
export interface JwksOptions {
  /** The fetch to use; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How long a fetched set is used before it is fetched again, in seconds; default 600. */
  maxAge?: number;
  /**
   * Least time between two fetches, in seconds; default 30. A token naming a `kid` the set does
   * not have causes at most one fetch per cooldown, however many such tokens arrive.
   */
  cooldown?: number;
  /** Longest wait for the whole answer (headers and body), in milliseconds; default 5000. */
  timeoutMs?: number;
}

/**
 * A JSON Web Key Set that {@link jwks} fetches and caches. Pass it where a verification key
 * goes (`verifyJwt`, the `secret` of a JWT scheme): a token's `kid` selects the key.
 *
 * @example
 * ```ts
 * const keys: KeySet = jwks("https://auth.example.com/.well-known/jwks.json");
 * const { payload } = await verifyJwt(token, keys, { issuer: "https://auth.example.com" });
 * ```
 */
export interface KeySet {
  /** The key set's URL. */
  readonly url: string;
  /**
   * The keys whose `kid` is `kid` (every key when `kid` is undefined), from the cache or after a
   * fetch that the rules of {@link jwks} allow. Answers at once (not a promise) from a fresh
   * cache. Rejects with `KeySetError` when the set cannot be had; an empty list means no such key.
   */
  lookup(kid: string | undefined): readonly Jwk[] | Promise<readonly Jwk[]>;
}

/** Largest key set answer read, in bytes: hundreds of RSA keys fit in a fraction of it. */
export const MAX_KEY_SET_BYTES = 524288; // 512 KiB, written out: an expression would stay in bundles that never fetch a key set
/** Most keys one set may hold; a larger answer is refused whole. */
export const MAX_KEY_SET_KEYS = 1000;

// The key sets jwks() made: verifyJwt tells a key set from a JWK by this, not by its shape.
const keySets = /* @__PURE__ */ new WeakSet<object>();

/** Whether `value` is a key set made by {@link jwks}. */
export const isKeySet = (value: unknown): value is KeySet => typeof value === "object" && value !== null && keySets.has(value);

function seconds(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new TypeError(`jwks(url, options): ${name} must be a number of seconds`);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`jwks(url, options): ${name} must be a finite, non-negative number of seconds`);
  return value;
}

// RFC 6761 §6.3 and RFC 5735: names and addresses that never leave the machine.
const isLoopback = (host: string): boolean => host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

function keySetUrl(url: unknown): URL {
  if (typeof url !== "string") throw new TypeError("jwks(url): url must be a string");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError("jwks(url): url must be an absolute URL, such as https://auth.example.com/.well-known/jwks.json");
  }
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && isLoopback(parsed.hostname))) {
    throw new RangeError("jwks(url): the key set must be fetched over https: (plain http: only from localhost or 127.0.0.1, for tests)");
  }
  if (parsed.username !== "" || parsed.password !== "") throw new RangeError("jwks(url): the URL must not carry credentials");
  return parsed;
}

interface Snapshot {
  readonly keys: readonly Jwk[];
  readonly byKid: ReadonlyMap<string, readonly Jwk[]>;
  readonly fetchedAt: number;
}

const NONE: readonly Jwk[] = /* @__PURE__ */ Object.freeze([]);

/** Reads at most `limit` bytes of the body as UTF-8; `KeySetError` past it. */
function boundedText(response: Response, limit: number, where: string): Promise<string> {
  const tooLarge = () => new KeySetError(`The key set at ${where} is larger than ${limit} bytes.`);
  return responseText(response, limit, tooLarge, (bytes) => {
    try {
      return fatalDecoder.decode(bytes);
    } catch (cause) {
      throw new KeySetError(`The key set at ${where} is not UTF-8 text.`, { cause });
    }
  });
}

/** The JWK Set in `text`, indexed by `kid`; `KeySetError` for anything else. */
function parseKeySet(text: string, where: string, fetchedAt: number): Snapshot {
  const bad = (why: string, cause?: unknown) => new KeySetError(`The answer from ${where} is not a JSON Web Key Set: ${why}.`, { cause });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw bad("it is not JSON", cause);
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== "object" || value === null || !Array.isArray(keys)) throw bad('it has no "keys" array');
  if (keys.length > MAX_KEY_SET_KEYS) throw bad(`it has ${keys.length} keys, more than the ${MAX_KEY_SET_KEYS} allowed`);
  const byKid = new Map<string, Jwk[]>();
  for (const key of keys as unknown[]) {
    if (typeof key !== "object" || key === null || Array.isArray(key)) throw bad("an entry of keys is not an object");
    const kid = (key as { kid?: unknown }).kid;
    if (typeof kid === "string") {
      const list = byKid.get(kid);
      if (list === undefined) byKid.set(kid, [key as Jwk]);
      else list.push(key as Jwk);
    }
  }
  return { keys: keys as Jwk[], byKid, fetchedAt };
}

/**
 * A remote JSON Web Key Set, such as an issuer's `/.well-known/jwks.json`, for `verifyJwt` and
 * the JWT schemes (a token's `kid` selects the key).
 *
 * - Only `https:` URLs (plain `http:` only for `localhost`, `127.x.x.x` and `[::1]`, for tests);
 *   redirects are not followed.
 * - Fetched when first needed, then used for `maxAge` seconds (default 600).
 * - A token naming a `kid` the cached set lacks causes one refetch, at most once per `cooldown`
 *   seconds (default 30): a flood of tokens with made-up `kid`s costs at most one fetch per
 *   cooldown, and concurrent verifications share one fetch in flight. Within the cooldown such
 *   a token is refused with `JwtError` `unknown_key`.
 * - Bounded: the whole answer within `timeoutMs` (default 5000), at most 512 KiB and 1000 keys.
 * - Fails closed: when the set cannot be fetched (network, HTTP status, timeout, an answer that
 *   is not a JWK Set) and no fresh copy is cached, verification rejects with
 *   {@link KeySetError} (the request helpers answer 503), never accepts. A failed fetch is not
 *   retried within the cooldown either: the same error is given until then.
 *
 * No fetch happens here; a wrong URL or option throws at once (`TypeError`/`RangeError`).
 *
 * @example
 * ```ts
 * const fusionauthKeys = jwks("https://auth.example.com/.well-known/jwks.json");
 * const { payload } = await verifyJwt(token, fusionauthKeys, { issuer: "auth.example.com" });
 * ```
 */
export function jwks(url: string, options: JwksOptions = {}): KeySet {
  const parsed = keySetUrl(url);
  if (typeof options !== "object" || options === null) throw new TypeError("jwks(url, options): options must be an object");
  const maxAgeMs = seconds(options.maxAge, 600, "maxAge") * 1000;
  const cooldownMs = seconds(options.cooldown, 30, "cooldown") * 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  if (typeof timeoutMs !== "number") throw new TypeError("jwks(url, options): timeoutMs must be a number of milliseconds");
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new RangeError("jwks(url, options): timeoutMs must be a positive, finite number of milliseconds");
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new TypeError("jwks(url, options): fetch must be a function");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new TypeError("jwks(url, options): there is no global fetch here; pass options.fetch");
  // Said in errors: where the set lives, without a query string that might hold a token.
  const where = parsed.origin + parsed.pathname;
  const href = parsed.href;

  let snapshot: Snapshot | undefined;
  let lastAttempt = -Infinity;
  let lastError: KeySetError | undefined;
  let inflight: Promise<void> | undefined;

  async function load(): Promise<Snapshot> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Raced, not only signalled: a fetch that ignores its signal cannot hang a verification.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new KeySetError(`The key set at ${where} did not arrive within ${timeoutMs} ms.`));
      }, timeoutMs);
    });
    const fetched = (async () => {
      let response: Response;
      try {
        response = await fetchImpl(href, { signal: controller.signal, redirect: "manual", headers: { accept: "application/json" } });
      } catch (cause) {
        throw new KeySetError(`The key set at ${where} could not be fetched.`, { cause });
      }
      if (typeof response?.status !== "number") throw new KeySetError(`fetch(${where}) did not give a Response.`);
      if (response.status < 200 || response.status > 299) {
        void response.body?.cancel().catch(() => {});
        throw new KeySetError(`The key set at ${where} answered HTTP ${response.status}.`);
      }
      let text: string;
      try {
        text = await boundedText(response, MAX_KEY_SET_BYTES, where);
      } catch (cause) {
        throw cause instanceof KeySetError ? cause : new KeySetError(`The key set at ${where} could not be read.`, { cause });
      }
      return parseKeySet(text, where, Date.now());
    })();
    fetched.catch(() => {}); // when the timeout wins, the fetch's own failure is not unhandled
    try {
      return await Promise.race([fetched, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  function refresh(): Promise<void> {
    lastAttempt = Date.now();
    inflight = load().then(
      (loaded) => {
        snapshot = loaded;
        lastError = undefined;
      },
      (error: unknown) => {
        lastError = error instanceof KeySetError ? error : new KeySetError(`The key set at ${where} could not be had.`, { cause: error });
      },
    );
    void inflight.then(() => (inflight = undefined));
    return inflight;
  }

  const select = (from: Snapshot | undefined, kid: string | undefined): readonly Jwk[] =>
    from === undefined ? NONE : kid === undefined ? from.keys : (from.byKid.get(kid) ?? NONE);

  /** The answer once the latest fetch settled: its error (rejected, never thrown), or the keys. */
  function settled(kid: string | undefined): readonly Jwk[] | Promise<never> {
    return lastError !== undefined ? Promise.reject(lastError) : select(snapshot, kid);
  }

  const set: KeySet = {
    url: href,
    lookup(kid) {
      if (kid !== undefined && typeof kid !== "string") return Promise.reject(new TypeError("keySet.lookup(kid): kid must be a string or undefined"));
      if (inflight !== undefined) return inflight.then(() => settled(kid));
      const now = Date.now();
      const canFetch = now - lastAttempt >= cooldownMs;
      if (snapshot !== undefined && now - snapshot.fetchedAt < maxAgeMs) {
        const found = select(snapshot, kid);
        // An unknown kid: maybe the issuer rotated; look again, once per cooldown.
        if (found.length > 0 || kid === undefined) return found;
        if (!canFetch) return settled(kid);
      } else if (!canFetch) {
        // Stale or never had, and fetched (or failed) within the cooldown: no new fetch yet.
        return settled(kid);
      }
      return refresh().then(() => settled(kid));
    },
  };
  keySets.add(set);
  return Object.freeze(set);
}
