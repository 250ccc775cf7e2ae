// The public option and result types of sign() and verify().
import type { CryptoProvider } from "./crypto/types.js";
import type { HeadersLike } from "./lib/headers.js";
import type { Timestamp } from "./lib/time.js";

/** Raw bytes: a `Uint8Array` (Node `Buffer` included) or an `ArrayBuffer`. */
export type Bytes = Uint8Array | ArrayBuffer;
/** The RAW body, exactly as sent on the wire. */
export type Payload = string | Bytes;
/** A secret; how a string is turned into key bytes is the scheme's rule. */
export type Secret = string | Bytes;
/** One secret, or several during rotation (any one may match). */
export type Secrets = Secret | readonly Secret[];

/**
 * Remembers claimed message keys so a verified delivery is accepted once. `claim` answers
 * `true` only for the first claim of a key within `ttlSeconds`; `release` gives a key back.
 * See `memoryReplayStore()` and `redisReplayStore()`.
 */
export interface ReplayStore {
  claim(key: string, ttlSeconds: number): Promise<boolean> | boolean;
  release(key: string): Promise<void> | void;
}

/** Options of `sign()`. */
export interface SignOptions {
  /** The secret to sign with; several emit several signatures where the scheme's header allows. */
  secret: Secrets;
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

/** Options of `verify()`. */
export interface VerifyOptions {
  /** The secret(s) to accept; `secretIndex` in the result says which one matched. */
  secret: Secrets;
  /** The raw body, exactly as received. Never a parsed object. */
  payload: Payload;
  /** The request headers. */
  headers: HeadersLike;
  /** Seconds a timestamp may differ from `now`, either way; default 300. */
  tolerance?: number;
  /** The verifier's clock; defaults to now. A number is Unix seconds. */
  now?: Timestamp;
  /** The full request URL as the sender addressed it, for schemes that sign it. */
  url?: string;
  /** Claims each verified message once; a second delivery of it rejects with `replayed`. */
  replay?: ReplayStore;
  /** Seconds a claim lasts for schemes without a timestamp; default 24 hours. */
  replayTtl?: number;
  /** Overrides the default crypto provider. */
  crypto?: CryptoProvider;
}

/** What `verify()` resolves to once a delivery is proven authentic and fresh. */
export interface Verified {
  /** The scheme's name. */
  scheme: string;
  /** The signed timestamp (Unix seconds), for timestamped schemes. */
  timestamp?: number;
  /** The signed message id, for schemes that carry one. */
  id?: string;
  /** Index of the secret (in the order given) that matched. */
  secretIndex: number;
  /**
   * Present when a replay store was given: gives the claim back, so the provider's retry of a
   * message whose handling failed is accepted. Call it when you answer with an error.
   */
  release?: () => Promise<void>;
}

/** The headers to send with the payload, lower-case names. */
export type SignedHeaders = Record<string, string>;
