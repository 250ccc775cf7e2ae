// Receiving a Fetch `Request`: read the raw body once, within a size limit, and verify it with
// the request's headers and URL. Portable (Deno, Bun, workerd, browsers, Node's fetch): no node:*.
import type { CryptoProvider } from "../crypto/types.js";
import { WebhookVerificationError } from "../engine/errors.js";
import { concatBytes, isUint8Array, decoder } from "../lib/bytes.js";
import type { ReplayStore, Verified, VerifyOptions } from "../engine/options.js";
import { assertOptionsObject } from "../lib/options-object.js";
import { ReplayStoreError } from "../replay/claim.js";
import { KeySetError } from "../keys/key-set-error.js";
import { HandshakeCallbackError } from "../handshake/callback-error.js";
import { MAX_REPLAY_TTL, MAX_TIMER_MS, MAX_TOLERANCE, secondsOption, toUnixSeconds } from "../lib/time.js";
import { assertScheme, type Scheme, type SchemeTraits, type TraitsOf } from "../schemes/scheme.js";
import { assertSecretGiven } from "../engine/keys.js";
import { urlOf, verifyConfiguration } from "../engine/engine.js";
import { verifyWith } from "../engine/verify.js";
import { createVerifierWith, type Verifier } from "../engine/verifier.js";
import { assertObserver, observed } from "../engine/observe.js";
import { answerResponse, fetchHandshakeRequest, handshakeContext, runHandshake } from "../handshake/run.js";

/** Default `maxBodyBytes`: 1 MiB, far above what webhook providers send. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/**
 * Default `bodyTimeoutMs`: 10 s. A provider sends a body of at most a few hundred KiB at once;
 * a body still arriving after 10 s is a stalled or hostile client holding a handler.
 */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * Options of `verifyRequest()` and `verifyNodeRequest()`: those of `verify()` without `payload` and `headers`.
 *
 * @example
 * ```ts
 * // Behind a proxy, pass the public URL that the sender signed (Twilio signs it).
 * const options: VerifyRequestOptions = { secret, url: "https://example.com/webhooks/twilio", maxBodyBytes: 64 * 1024 };
 * const webhook = await verifyRequest(twilio, request, options);
 * ```
 */
export interface VerifyRequestOptions<Replay extends ReplayStore | undefined = ReplayStore | undefined>
  extends Omit<VerifyOptions<Replay>, "payload" | "headers"> {
  /**
   * The request URL as the sender addressed it, for schemes that sign it. Defaults to the URL
   * the server saw; behind a proxy or load balancer that differs from the public one, so pass it.
   */
  url?: string;
  /** Largest body accepted, in bytes; default 1 MiB. A bigger one rejects with `payload_too_large`. */
  maxBodyBytes?: number;
  /**
   * Most time reading the whole body may take, in milliseconds, from when the helper starts
   * reading; default 10,000 (`Infinity`: no limit). A body still arriving then rejects with
   * `body_timeout` (answered 408) and the rest is not read.
   */
  bodyTimeoutMs?: number;
  /**
   * The status `webhookHandler()` and `webhookMiddleware()` answer a `replayed` delivery with:
   * 409 (the default), or a 2xx status so the provider stops retrying an event you handled
   * already (with `replayKey: "event"`, a provider's retry after a lost answer). The body is
   * `{ "error": "replayed" }` either way.
   */
  replayedStatus?: number;
}

/**
 * What the request helpers resolve to: the verified result (typed by the scheme's traits and
 * the `replay` option, as {@link Verified}), plus the raw body it was computed over.
 *
 * @example
 * ```ts
 * const webhook: VerifiedRequest = await verifyRequest(stripe, request, { secret });
 * const event = webhook.json() as { type: string };
 * console.log(event.type, webhook.body.byteLength, webhook.timestamp);
 * ```
 */
export type VerifiedRequest<
  Traits extends SchemeTraits = SchemeTraits,
  Replay extends ReplayStore | undefined = ReplayStore | undefined,
> = Verified<Traits, Replay> & VerifiedBody;

/** The raw body of a verified request, and its decoders. */
interface VerifiedBody {
  /** The raw body, exactly as received (a `Buffer` in `hookseal/node` helpers). */
  body: Uint8Array;
  /** The body decoded as UTF-8. */
  text(): string;
  /**
   * The body parsed as JSON: trustworthy, since it was verified. Name the type you expect, such
   * as the provider's own event type (`webhook.json<Stripe.Event>()`): it is not checked, only
   * named (hookseal bundles no provider types).
   */
  json<T = unknown>(): T;
}

/**
 * A Fetch handler that answers with a `Response`, as `Deno.serve`, `Bun.serve` and Workers take.
 *
 * @example
 * ```ts
 * const handler: FetchHandler = webhookHandler(github, { secret }, async (webhook) => {
 *   await queue.push(webhook.json());
 *   return new Response(null, { status: 204 });
 * });
 * Deno.serve(handler);
 * ```
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * What `webhookHandler()` calls once a request verified.
 *
 * @example
 * ```ts
 * const onGithubEvent: WebhookHandlerCallback = async (webhook, request) => {
 *   if (request.headers.get("x-github-event") === "ping") return new Response("pong");
 *   await queue.push(webhook.json());
 *   return new Response(null, { status: 202 });
 * };
 * Deno.serve(webhookHandler(github, { secret }, onGithubEvent));
 * ```
 */
export type WebhookHandlerCallback<
  Traits extends SchemeTraits = SchemeTraits,
  Replay extends ReplayStore | undefined = ReplayStore | undefined,
> = (webhook: VerifiedRequest<Traits, Replay>, request: Request) => Response | Promise<Response>;


/**
 * Adds the raw body and its decoders to a verified result: to the result itself, which is the
 * verification's own, so a scheme's lazily read `eventId` (event-id.ts) stays lazy.
 */
export function withBody<V extends Verified, B extends Uint8Array>(verified: V, body: B): V & VerifiedBody & { body: B } {
  const result = verified as V & VerifiedBody & { body: B };
  result.body = body;
  result.text = () => decoder.decode(body);
  result.json = <T>() => JSON.parse(decoder.decode(body)) as T;
  return result;
}

/** The `maxBodyBytes` option, checked: a non-negative integer (or `Infinity`, for no limit). */
export function maxBodyBytesOf(options: { maxBodyBytes?: unknown }): number {
  const value = options.maxBodyBytes;
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (typeof value !== "number" || Number.isNaN(value)) throw new TypeError("maxBodyBytes must be a number of bytes");
  if (value < 0 || (value !== Infinity && !Number.isInteger(value))) {
    throw new RangeError(`maxBodyBytes must be a non-negative integer number of bytes, got ${value}`);
  }
  return value;
}

/** The `bodyTimeoutMs` option, checked: a positive number of milliseconds a timer can hold, or `Infinity`. */
export function bodyTimeoutMsOf(options: { bodyTimeoutMs?: unknown }): number {
  const value = options.bodyTimeoutMs;
  if (value === undefined) return DEFAULT_BODY_TIMEOUT_MS;
  if (typeof value !== "number" || Number.isNaN(value)) throw new TypeError("bodyTimeoutMs must be a number of milliseconds");
  if (value <= 0 || (value !== Infinity && value > MAX_TIMER_MS)) {
    throw new RangeError(`bodyTimeoutMs must be a positive number of milliseconds, at most ${MAX_TIMER_MS} (or Infinity for no limit), got ${value}`);
  }
  return value;
}

/** The typed error for a body that did not arrive in time. */
export function bodyTimeout(timeoutMs: number): WebhookVerificationError {
  return new WebhookVerificationError(
    "body_timeout",
    `The request body did not arrive within bodyTimeoutMs (${timeoutMs} ms); the rest was not read. Raise bodyTimeoutMs if this sender is legitimate but slow.`,
  );
}

/**
 * Calls `onTimeout` after `timeoutMs` unless the returned `clear` runs first; no timer at all
 * for `Infinity`. Every reader clears it on every path, so no timer outlives its request.
 */
export function deadline(timeoutMs: number, onTimeout: () => void): () => void {
  if (timeoutMs === Infinity) return () => {};
  const timer = setTimeout(onTimeout, timeoutMs);
  return () => clearTimeout(timer);
}

/** The typed error for a body over the limit. */
export function payloadTooLarge(limit: number): WebhookVerificationError {
  return new WebhookVerificationError(
    "payload_too_large",
    `The request body is larger than maxBodyBytes (${limit} bytes); it was not read. Raise maxBodyBytes if this sender is legitimate.`,
  );
}

/**
 * The declared body length when it already exceeds the limit. `Content-Length` is only a
 * shortcut for refusing early: the bytes are counted as they are read whatever it says.
 */
export function declaredTooLarge(contentLength: unknown, limit: number): boolean {
  const value = Array.isArray(contentLength) ? contentLength[0] : contentLength;
  if (typeof value !== "string" || !/^[0-9]{1,16}$/.test(value.trim())) return false;
  return Number(value.trim()) > limit;
}

/** Asserts the options argument is an object, and its body limits valid, before any body is read. */
export function assertRequestOptions(options: unknown, fn: string): asserts options is VerifyRequestOptions {
  assertOptionsObject(options, `${fn}(scheme, request, options)`);
  maxBodyBytesOf(options as VerifyRequestOptions);
  bodyTimeoutMsOf(options as VerifyRequestOptions);
  // At creation, not at the first delivery: a tolerance in milliseconds is a RangeError now.
  const { tolerance, replayTtl, observe } = options as VerifyRequestOptions;
  secondsOption(tolerance, "tolerance", 0, MAX_TOLERANCE);
  secondsOption(replayTtl, "replayTtl", 0, MAX_REPLAY_TTL);
  assertObserver(observe);
  replayedStatusOf(options as VerifyRequestOptions);
}

/** The `replayedStatus` option, checked: 409 by default, or a 2xx status. */
export function replayedStatusOf(options: { replayedStatus?: unknown }): number {
  const status = options.replayedStatus;
  if (status === undefined) return 409;
  if (status !== 409 && !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 299)) {
    throw new RangeError(`replayedStatus must be 409 or a 2xx status, got ${String(status)}`);
  }
  return status as number;
}

/**
 * Checks the options of a request helper or middleware when it is created, as `verify()` would
 * at every delivery: a secret that is missing, empty or not in the scheme's format is a
 * `RangeError`, an option of the wrong type a `TypeError`. A server with a bad configuration
 * then fails at start-up instead of answering 500 to every delivery.
 */
export function assertHelperOptions(scheme: Scheme, options: unknown, fn: string): asserts options is VerifyRequestOptions {
  assertOptionsObject(options, `${fn}(scheme, options)`);
  assertRequestOptions(options, fn); // body limits and time ranges
  const checked = options as VerifyRequestOptions;
  assertSecretGiven(scheme, checked.secret, fn);
  verifyConfiguration(scheme, checked, (message) => new RangeError(`${fn}: ${message}`));
  if (checked.url !== undefined) urlOf(scheme, checked.url);
  if (checked.now !== undefined) toUnixSeconds(checked.now, "now");
}

interface RequestLike {
  readonly method?: string;
  readonly headers: Headers;
  readonly url: string;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly bodyUsed: boolean;
}

/** Narrows an argument to a Fetch `Request` whose body is unread; a `TypeError` that names the fix otherwise. */
export function assertRequest(request: unknown): asserts request is RequestLike {
  const candidate = request as Partial<RequestLike> | null;
  if (candidate === null || typeof candidate !== "object" || typeof candidate.headers?.get !== "function" || typeof candidate.url !== "string") {
    throw new TypeError(
      "verifyRequest(scheme, request, options): request must be a Fetch Request (in Hono: c.req.raw). " +
        'For a Node http.IncomingMessage or an Express request, use verifyNodeRequest from "hookseal/node".',
    );
  }
  if (candidate.bodyUsed === true) {
    throw new TypeError(
      "verifyRequest: the request body was already read (request.json(), .text() or .formData() ran first). " +
        "verifyRequest must read the raw body itself: call it before anything else reads the body, or pass request.clone().",
    );
  }
}

/**
 * The whole body of a stream, or `payload_too_large` as soon as more than `limit` bytes have
 * arrived, or `body_timeout` once `timeoutMs` have passed; the stream is then cancelled, so the
 * rest is never read.
 */
async function readLimited(stream: ReadableStream<Uint8Array>, limit: number, timeoutMs: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let expired = false;
  // Fails the pending read: set anew for each read, never one promise raced by every read (each
  // race would leave a reaction on it until the body ended: hundreds of bytes per tiny chunk).
  let timedOut: (error: WebhookVerificationError) => void = () => {};
  const clear = deadline(timeoutMs, () => {
    expired = true;
    timedOut(bodyTimeout(timeoutMs));
    // Not awaited: some platforms settle cancel() only once the sender stops.
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      // Settles even where cancel() leaves a pending read unsettled; `expired` covers a read
      // that cancel() settled as done first.
      const { done, value } = await new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => {
        timedOut = reject;
        reader.read().then(resolve, reject);
      });
      if (expired) throw bodyTimeout(timeoutMs);
      if (done) break;
      if (!isUint8Array(value)) throw new TypeError("the request body stream must yield Uint8Array chunks");
      size += value.byteLength;
      if (size > limit) {
        // Not awaited: some platforms settle cancel() only once the sender stops.
        reader.cancel().catch(() => {});
        throw payloadTooLarge(limit);
      }
      chunks.push(value);
    }
  } finally {
    clear();
    reader.releaseLock();
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** The raw body of a Fetch `Request`, read once within `limit` bytes and `timeoutMs` milliseconds. */
export async function readRequestBody(request: RequestLike, limit: number, timeoutMs: number): Promise<Uint8Array> {
  if (declaredTooLarge(request.headers.get("content-length"), limit)) {
    request.body?.cancel().catch(() => {});
    throw payloadTooLarge(limit);
  }
  if (request.body === null) return new Uint8Array(0);
  return readLimited(request.body, limit, timeoutMs);
}

/**
 * `verifyRequest()` with the entry point's default crypto provider; `options.crypto` wins. An
 * observer hears of the delivery once, whatever its outcome (a body too large, or late, too).
 */
export function verifyRequestWith<S extends Scheme, Replay extends ReplayStore | undefined>(
  defaultCrypto: CryptoProvider,
  scheme: S,
  request: Request,
  options: VerifyRequestOptions<Replay>,
): Promise<VerifiedRequest<TraitsOf<S>, Replay>> {
  const observe = (options as VerifyRequestOptions | null)?.observe;
  const run = () => readAndVerify(defaultCrypto, scheme, request, options);
  return observe === undefined ? run() : observed(observe, scheme, run);
}

async function readAndVerify<S extends Scheme, Replay extends ReplayStore | undefined>(
  defaultCrypto: CryptoProvider,
  scheme: S,
  request: Request,
  options: VerifyRequestOptions<Replay>,
): Promise<VerifiedRequest<TraitsOf<S>, Replay>> {
  assertScheme(scheme);
  assertRequest(request);
  assertRequestOptions(options, "verifyRequest");
  const payload = await readRequestBody(request, maxBodyBytesOf(options), bodyTimeoutMsOf(options));
  const { maxBodyBytes: _limit, bodyTimeoutMs: _timeout, observe: _observe, ...rest } = options;
  const verified = await verifyWith(defaultCrypto, scheme, { ...rest, url: options.url ?? request.url, payload, headers: request.headers });
  return withBody(verified, payload);
}

/**
 * The HTTP status to answer a failed verification with, as the request helpers do: 500 for
 * `invalid_secret` (the server's own secret is misconfigured: page whoever owns it), 413 for
 * `payload_too_large`, 408 for `body_timeout`, 409 for `replayed` (authentic, but already
 * accepted once: not an authentication failure), 403 for `handshake_refused` (an endpoint check
 * that is not well formed, or a Meta verify token that does not match), 401 for every other code;
 * and 503 for a `KeySetError` (the sender's key set could not be fetched: nothing was accepted,
 * and the provider should retry later) or a `HandshakeCallbackError` (a handshake that calls the
 * provider back, such as SNS's subscription confirmation, could not).
 *
 * @example
 * ```ts
 * try {
 *   await verifyRequest(github, request, { secret });
 * } catch (error) {
 *   if (error instanceof WebhookVerificationError) return Response.json({ error: error.code }, { status: webhookErrorStatus(error) });
 *   throw error;
 * }
 * ```
 */
export function webhookErrorStatus(error: WebhookVerificationError | KeySetError | HandshakeCallbackError): 401 | 403 | 408 | 409 | 413 | 500 | 503 {
  if (error instanceof KeySetError || error instanceof HandshakeCallbackError) return 503;
  if (error.code === "invalid_secret") return 500;
  if (error.code === "handshake_refused") return 403;
  if (error.code === "payload_too_large") return 413;
  if (error.code === "body_timeout") return 408;
  if (error.code === "replayed") return 409;
  return 401;
}

const jsonError = (error: string, status: number): Response =>
  new Response(JSON.stringify({ error }), { status, headers: { "content-type": "application/json" } });

/**
 * The body the helpers answer a failed replay store with, status 503: the delivery was not
 * accepted, and the provider should retry once the store is back.
 */
export const REPLAY_STORE_FAILED = "replay_store_failed";

/** The body the helpers answer a `KeySetError` with, status 503: the sender's keys could not be fetched. */
export const KEY_SET_UNAVAILABLE = "key_set_unavailable";

/** The body the helpers answer a `HandshakeCallbackError` with, status 503: a handshake's call to the provider failed. */
export const HANDSHAKE_CALLBACK_FAILED = "handshake_callback_failed";

/**
 * Gives a verified message back to its replay store after the handler failed with `error`. A
 * store that fails here too is reported with both errors: the provider's retry will then be
 * refused as `replayed` until the claim expires, which someone should know about.
 */
export async function releaseAfterFailure(webhook: Verified, error: unknown): Promise<void> {
  if (webhook.release === undefined) return;
  try {
    await webhook.release();
  } catch (releaseError) {
    throw new AggregateError(
      [error, releaseError],
      "The webhook handler failed, and giving the message back to the replay store failed too: " +
        "the provider's retry will be refused as replayed until the claim expires.",
    );
  }
}

/** A request verified by a prepared verifier: its options were checked when that was made. */
async function verifyRequestBy<S extends Scheme, Replay extends ReplayStore | undefined>(
  verifier: Verifier<S, Replay>,
  request: Request,
  options: VerifyRequestOptions<Replay>,
  body?: Uint8Array,
): Promise<VerifiedRequest<TraitsOf<S>, Replay>> {
  // A body the handshake check read already is this request's own: it was checked unread then.
  if (body === undefined) assertRequest(request);
  const payload = body ?? (await readRequestBody(request, maxBodyBytesOf(options), bodyTimeoutMsOf(options)));
  const verified = await verifier({ payload, headers: request.headers, url: options.url ?? request.url, now: options.now });
  return withBody(verified, payload);
}

/** `webhookHandler()` with the entry point's default crypto provider. */
export function webhookHandlerWith<S extends Scheme, Replay extends ReplayStore | undefined>(
  defaultCrypto: CryptoProvider,
  scheme: S,
  options: VerifyRequestOptions<Replay>,
  handler: WebhookHandlerCallback<TraitsOf<S>, Replay>,
): FetchHandler {
  assertScheme(scheme);
  assertHelperOptions(scheme, options, "webhookHandler");
  if (typeof handler !== "function") throw new TypeError("webhookHandler(scheme, options, handler): handler must be a function");
  // Made once: every delivery skips the option checks and secret decoding. The observer hears of
  // each delivery here, body included, not from the verifier.
  const { observe, ...verifierOptions } = options;
  const verifier = createVerifierWith<S, Replay>(defaultCrypto, scheme, verifierOptions, "webhookHandler");
  const replayedStatus = replayedStatusOf(options);
  // A provider's endpoint check is answered here, never handed to the handler; a signed one is
  // verified without a replay claim (its answer is the same however often it comes).
  const handshake = scheme.handshake;
  const checkVerifier = handshake?.claims && createVerifierWith(defaultCrypto, scheme, { ...verifierOptions, replay: undefined }, "webhookHandler");
  const context = handshake && handshakeContext(options, defaultCrypto);
  return async (request) => {
    let webhook: VerifiedRequest<TraitsOf<S>, Replay>;
    try {
      let body: Uint8Array | undefined;
      if (handshake !== undefined) {
        assertRequest(request);
        const outcome = await runHandshake(
          handshake,
          fetchHandshakeRequest(request),
          context!,
          () => readRequestBody(request, maxBodyBytesOf(options), bodyTimeoutMsOf(options)),
          (payload) => checkVerifier!({ payload, headers: request.headers, url: options.url ?? request.url, now: options.now }),
        );
        if (outcome.answer !== undefined) return answerResponse(outcome.answer);
        body = outcome.body;
      }
      const run = () => verifyRequestBy(verifier, request, options, body);
      webhook = await (observe === undefined ? run() : observed(observe, scheme, run));
    } catch (error) {
      if (error instanceof WebhookVerificationError) return jsonError(error.code, error.code === "replayed" ? replayedStatus : webhookErrorStatus(error));
      // Not accepted, and not the sender's fault: 503, so the provider retries once the store is back.
      if (error instanceof ReplayStoreError) return jsonError(REPLAY_STORE_FAILED, 503);
      if (error instanceof KeySetError) return jsonError(KEY_SET_UNAVAILABLE, 503);
      if (error instanceof HandshakeCallbackError) return jsonError(HANDSHAKE_CALLBACK_FAILED, 503);
      throw error;
    }
    // A sender that hangs up while the handler runs counts the delivery as failed and retries
    // it: give the message back, or the retry is refused as replayed. (Release is once only and
    // owner-checked, so the releases below can never free a retry's claim.)
    const signal = (request as { signal?: AbortSignal }).signal;
    const onAbort = () => void webhook.release?.().catch(() => {});
    if (webhook.release !== undefined) {
      if (signal?.aborted === true) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    }
    let response: Response;
    try {
      response = await handler(webhook, request);
    } catch (error) {
      // The handler failed: give the message back, so the provider's retry is accepted.
      await releaseAfterFailure(webhook, error);
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    if (!(response instanceof Response)) {
      await releaseAfterFailure(webhook, undefined);
      throw new TypeError("webhookHandler: the handler must return (or resolve to) a Response");
    }
    if (response.status >= 500) {
      // The handler answered with a failure: give the message back. If the store fails too, the
      // answer still goes out; the claim then expires on its own (its TTL).
      await webhook.release?.().catch(() => {});
    }
    return response;
  };
}
