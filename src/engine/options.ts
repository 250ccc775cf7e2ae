// The public option and result types of sign() and verify().
import type { KeySet } from "../keys/jwks.js";
import type { PrivateKeyInput } from "../keys/private-key.js";
import type { PublicKeyInput } from "../keys/public-key.js";
import type { CryptoProvider } from "../crypto/types.js";
import type { HeadersLike } from "../lib/headers.js";
import type { Timestamp } from "../lib/time.js";
import type { SchemeTraits } from "../schemes/scheme.js";
import type { VerificationEvent } from "./observe.js";

/**
 * Raw bytes: a `Uint8Array` (Node `Buffer` included) or an `ArrayBuffer`.
 *
 * @example
 * ```ts
 * const raw: Bytes = await request.arrayBuffer();
 * await verify(github, { secret, payload: raw, headers: request.headers });
 * ```
 */
export type Bytes = Uint8Array | ArrayBuffer;
/**
 * The RAW body, exactly as sent on the wire.
 *
 * @example
 * ```ts
 * const raw: Payload = rawBody; // a Buffer from express.raw(), or the string from request.text()
 * await verify(github, { secret, payload: raw, headers });
 * ```
 */
export type Payload = string | Bytes;
/**
 * A secret; how a string is turned into key bytes is the scheme's rule.
 *
 * @example
 * ```ts
 * const fromEnv: Secret = process.env.STANDARD_WEBHOOKS_SECRET!; // "whsec_…", decoded by the scheme
 * const fromVault: Secret = secret64Bytes; // key bytes, used as given
 * await verify(standardWebhooks, { secret: fromEnv, payload, headers });
 * ```
 */
export type Secret = string | Bytes;
/**
 * One secret, or several during rotation (any one may match).
 *
 * @example
 * ```ts
 * // During a rotation, accept the new secret and the old one; secretIndex says which matched.
 * const accepted: Secrets = [newSecret, oldSecret];
 * const { secretIndex } = await verify(github, { secret: accepted, payload, headers });
 * if (secretIndex === 1) console.warn("the sender still signs with the old secret");
 * ```
 */
export type Secrets = Secret | readonly Secret[];

/**
 * Remembers claimed message keys so a verified delivery is accepted once. `claim` answers
 * `true` only for the first claim of a key within `ttlSeconds`, and remembers `owner` with it
 * (a random token unique to one verification); `release` gives the key back **only while
 * `owner` still holds it**, so a late or repeated release never frees the claim of the
 * provider's retry. See `memoryReplayStore()` and `redisReplayStore()`.
 *
 * @example
 * ```ts
 * // A store on any shared key-value service with an atomic "set if absent" with an expiry,
 * // and an atomic "delete if the value is still this one" (compare-and-delete).
 * interface KeyValue {
 *   setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
 *   deleteIfEquals(key: string, value: string): Promise<void>;
 * }
 * function keyValueReplayStore(kv: KeyValue): ReplayStore {
 *   return {
 *     claim: (key, ttlSeconds, owner) => kv.setIfAbsent(`webhooks:${key}`, owner, ttlSeconds),
 *     release: (key, owner) => kv.deleteIfEquals(`webhooks:${key}`, owner),
 *   };
 * }
 * ```
 */
export interface ReplayStore {
  /** Claims `key` for `ttlSeconds` on behalf of `owner`: true for the first claim, false while someone holds it. */
  claim(key: string, ttlSeconds: number, owner: string): Promise<boolean> | boolean;
  /** Removes the claim of `key` only while `owner` still holds it (a compare-and-delete). */
  release(key: string, owner: string): Promise<void> | void;
}

/**
 * Options of `sign()`.
 *
 * @example
 * ```ts
 * const options: SignOptions = { secret, payload, timestamp: new Date(), id: "msg_2b7c3a" };
 * const signed = await sign(standardWebhooks, options);
 * ```
 */
export interface SignOptions {
  /** The secret to sign with; several emit several signatures where the scheme's header allows. A private key for public-key schemes. */
  secret: Secrets | PrivateKeyInput;
  /** The raw body that will be sent. */
  payload: Payload;
  /** Signing time for timestamped schemes; defaults to now. A number is Unix seconds. */
  timestamp?: Timestamp;
  /** Message id for schemes that carry one; defaults to a fresh random `msg_…` id. */
  id?: string;
  /** The full request URL, for schemes that sign it. */
  url?: string;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

/**
 * Options of `verify()`.
 *
 * @example
 * ```ts
 * const options: VerifyOptions = {
 *   secret: [currentSecret, previousSecret],
 *   payload,
 *   headers,
 *   tolerance: 600, // seconds, either way
 *   replay: memoryReplayStore(),
 * };
 * const verified = await verify(stripe, options);
 * ```
 */
export interface VerifyOptions<Replay extends ReplayStore | undefined = ReplayStore | undefined> {
  /** The secret(s) to accept; `secretIndex` in the result says which one matched. Public key(s) for public-key schemes. */
  secret: Secrets | PublicKeyInput | readonly PublicKeyInput[] | KeySet;
  /** The raw body, exactly as received. Never a parsed object. */
  payload: Payload;
  /** The request headers. */
  headers: HeadersLike;
  /** Seconds a timestamp may differ from `now`, either way; default: the scheme's window (300 for most; Paddle 5, Linear 60). */
  tolerance?: number;
  /** The verifier's clock; defaults to now. A number is Unix seconds. */
  now?: Timestamp;
  /** The full request URL as the sender addressed it, for schemes that sign it. */
  url?: string;
  /** Claims each verified message once; a second delivery of it rejects with `replayed`. */
  replay?: Replay;
  /**
   * Names this receiver (a route, a tenant) in its replay keys, so receivers that share one
   * store but not their secrets cannot burn each other's message ids: 1 to 128 printable
   * ASCII characters. Set it wherever one store serves several receivers; give every
   * instance of one receiver the same scope.
   */
  replayScope?: string;
  /**
   * Seconds a claim lasts for schemes without a timestamp (and, with `replayKey: "event"`, for
   * every scheme); default 24 hours.
   */
  replayTtl?: number;
  /**
   * What a replay store claims. `"message"` (the default): the delivery (its signed id, or a
   * digest of its signed content), for as long as it could be accepted again. `"event"`: the
   * provider's event id (`Verified.eventId`, else a SHA-256 digest of the body) for `replayTtl`
   * seconds, so a provider's retry of an event already handled, signed again with a fresh
   * timestamp, is refused as `replayed` too. Set `replayTtl` to the provider's retry horizon
   * (Stripe retries for up to 3 days).
   */
  replayKey?: "message" | "event";
  /**
   * Called once per verification with its outcome, scheme, duration and (when accepted) the
   * secret index and ids: never a secret, signature, token or payload. What it throws is ignored.
   */
  observe?: (event: VerificationEvent) => void;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

/**
 * The options a scheme requires on top of the common ones: `url` where it signs the URL.
 *
 * @example
 * ```ts
 * // sign() and verify() take SignOptions & RequiredOptions<Traits>: Twilio's options need the url.
 * const options: VerifyOptions & RequiredOptions<{ timestamp: false; id: false; url: true }> = {
 *   secret, payload: rawBody, headers: req.headers, url: "https://example.com/sms",
 * };
 * await verify(twilio, options);
 * ```
 */
export type RequiredOptions<Traits extends SchemeTraits> = Traits["url"] extends true
  ? {
      /** The full request URL as the sender addressed it: this scheme signs it. */
      url: string;
    }
  : unknown;

/**
 * A receiver's options for a scheme: `Options` as they are, except that `secret` may be left
 * out for a scheme whose keys come from the scheme itself ({@link SchemeTraits.keyless}:
 * `awsSns`, `googlePubSub`, `plaid`).
 *
 * @example
 * ```ts
 * // awsSns() takes its key from the certificate AWS names: no secret.
 * const options: SecretOptions<VerifyOptions, { timestamp: boolean; id: true; url: false; keyless: true }> = { payload: rawBody, headers };
 * await verify(awsSns(), options);
 * ```
 */
export type SecretOptions<Options extends { readonly secret?: unknown }, Traits extends SchemeTraits> = [Traits] extends [{ readonly keyless: true }]
  ? Omit<Options, "secret"> & { secret?: Options["secret"] }
  : Options;

/**
 * What `verify()` resolves to once a delivery is proven authentic and fresh. With a scheme's
 * {@link SchemeTraits} and the type of the `replay` option, the fields it always has are
 * required (`verify(stripe, …)` has `timestamp: number`; with `replay`, `release` is there)
 * and those it never has are absent; a plain `Verified` promises only `scheme` and `secretIndex`.
 *
 * @example
 * ```ts
 * const verified = await verify(standardWebhooks, { secret, payload, headers, replay: memoryReplayStore() });
 * console.log(verified.scheme, verified.id, verified.timestamp); // string, number: always there
 * try {
 *   await handle(JSON.parse(payload));
 * } catch (error) {
 *   await verified.release(); // so the provider's retry is accepted
 *   throw error;
 * }
 * ```
 */
export type Verified<
  Traits extends SchemeTraits = SchemeTraits,
  Replay extends ReplayStore | undefined = ReplayStore | undefined,
> = VerifiedFields & TimestampField<Traits["timestamp"]> & IdField<Traits["id"]> & ReleaseField<Replay>;

/** What every verified result has. */
interface VerifiedFields {
  /** The scheme's name. */
  scheme: string;
  /** Index of the secret (in the order given) that matched. */
  secretIndex: number;
  /**
   * The provider's own id of the event, read only from signed content (Stripe's body `id`,
   * Standard Webhooks' `webhook-id`, Paddle's and Square's `event_id`…), for the schemes whose
   * provider signs one (see the provider pages). The same on every retry of the event: the key
   * to process each event once. A body field is read the first time `eventId` is read.
   */
  eventId?: string;
}

type TimestampField<Has extends boolean> = [Has] extends [true]
  ? {
      /** The signed timestamp (Unix seconds). */
      timestamp: number;
    }
  : [Has] extends [false]
    ? { timestamp?: never }
    : {
        /** The signed timestamp (Unix seconds), for timestamped schemes. */
        timestamp?: number;
      };

type IdField<Has extends boolean> = [Has] extends [true]
  ? {
      /** The signed message id. */
      id: string;
    }
  : [Has] extends [false]
    ? { id?: never }
    : {
        /** The signed message id, for schemes that carry one. */
        id?: string;
      };

type ReleaseField<Replay extends ReplayStore | undefined> = [Replay] extends [undefined]
  ? { release?: never }
  : [Replay] extends [ReplayStore]
    ? {
        /**
         * Gives the claim back, so the provider's retry of a message whose handling failed is
         * accepted. Call it when you answer with an error. It acts once (a second call does
         * nothing), and only removes this verification's own claim: never the claim of a retry
         * that came after it.
         */
        release: () => Promise<void>;
      }
    : {
        /**
         * Present when a replay store was given: gives the claim back, so the provider's retry of a
         * message whose handling failed is accepted. Call it when you answer with an error. It
         * acts once, and only removes this verification's own claim.
         */
        release?: () => Promise<void>;
      };

/**
 * The headers to send with the payload, lower-case names.
 *
 * @example
 * ```ts
 * const signed: SignedHeaders = await sign(github, { secret, payload });
 * await fetch(url, { method: "POST", headers: { ...signed, "content-type": "application/json" }, body: payload });
 * ```
 */
export type SignedHeaders = Record<string, string>;
