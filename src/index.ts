// The root API ("hookseal"), written once for both flavours. `#default-crypto` is the default
// crypto provider, chosen when the entry is built (tsup.config.ts): `node:crypto` for the
// index.node/node builds, Web Crypto for index.web/web. Type-checkers see the Web Crypto one
// (tsconfig paths); both implement the same CryptoProvider.
import { defaultCrypto, deliveryStepsOf, keyPairCrypto, runStepsOf, verifyStepsOf } from "#default-crypto";
import type { CryptoProvider } from "./crypto/types.js";
import type { ReplayStore, RequiredOptions, SecretOptions, SignedHeaders, SignOptions, Verified, VerifyOptions } from "./engine/options.js";
import { keyPairSteps, type KeyPair } from "./utilities/keypair.js";
import { runAsync } from "./engine/steps.js";
import type { Scheme, TraitsOf } from "./schemes/scheme.js";
import { signWith } from "./engine/sign.js";
import { verifyRequestWith, webhookHandlerWith, type FetchHandler, type VerifiedRequest, type VerifyRequestOptions, type WebhookHandlerCallback } from "./receive/request.js";
import { verifyWith } from "./engine/verify.js";
import { createVerifierWith, type Verifier, type VerifierOptions } from "./engine/verifier.js";
import { zoomChallengeResponseWith, type ZoomChallengeResponse } from "./schemes/zoom-challenge.js";
import { signedRequestWith, type SignedRequestOptions } from "./utilities/signed-request.js";
import { handshakeResponseWith, type HandshakeOptions } from "./receive/handshake.js";

export * from "./common.js";
export * from "./jwt.js";

/**
 * Signs a payload and returns the headers to send with it (lower-case names).
 * Several secrets put several signatures in the header where the scheme allows it.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ type: "invoice.paid" });
 * const headers = await sign(standardWebhooks, { secret: "whsec_…", payload: body });
 * await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
 * ```
 */
export function sign<S extends Scheme>(scheme: S, options: SignOptions & RequiredOptions<TraitsOf<S>>): Promise<SignedHeaders> {
  return signWith(defaultCrypto, scheme, options);
}

/**
 * A signed delivery as a Fetch `Request` (method POST), for a receiver's unit tests: pass it
 * to your own handler (a Next.js route handler, `app.request()` in Hono, a Worker's `fetch`)
 * and it verifies as a real one would. The body is `payload`, byte for byte; the headers are
 * `headers` (with `content-type: application/json` unless given) plus the signature headers
 * of `sign()`. Schemes that sign the URL sign `url` (normalized as the `Request` holds it).
 *
 * @example
 * ```ts
 * import { expect, test } from "vitest";
 * import { github, signedRequest, verifyRequest } from "hookseal";
 *
 * // The handler under test, such as a Next.js route handler (app/api/webhooks/route.ts).
 * async function POST(request: Request): Promise<Response> {
 *   await verifyRequest(github, request, { secret: process.env.GITHUB_WEBHOOK_SECRET! });
 *   return new Response(null, { status: 204 });
 * }
 *
 * test("accepts a signed push event", async () => {
 *   const request = await signedRequest(github, {
 *     url: "http://localhost/api/webhooks",
 *     secret: process.env.GITHUB_WEBHOOK_SECRET!,
 *     payload: JSON.stringify({ ref: "refs/heads/main" }),
 *     headers: { "x-github-event": "push" },
 *   });
 *   expect((await POST(request)).status).toBe(204);
 * });
 * ```
 */
export function signedRequest<S extends Scheme>(scheme: S, options: SignedRequestOptions): Promise<Request> {
  return signedRequestWith(defaultCrypto, scheme, options);
}

/**
 * Proves a delivery came from the holder of the secret, unchanged and (for timestamped
 * schemes) recently. Resolves with what was verified; rejects with
 * `WebhookVerificationError` otherwise, or with `TypeError` for a parsed (non-raw) payload.
 * The result is typed by what the scheme proves: `verify(stripe, …)` has `timestamp: number`,
 * a call with `replay` has `release()`; a scheme that signs the URL needs `url`.
 *
 * @example
 * ```ts
 * const payload = await request.text(); // the raw body, never a parsed object
 * const { secretIndex } = await verify(github, { secret, payload, headers: request.headers });
 * ```
 */
export function verify<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  options: SecretOptions<VerifyOptions<Replay>, TraitsOf<S>> & RequiredOptions<TraitsOf<S>>,
): Promise<Verified<TraitsOf<S>, Replay>> {
  return verifyWith(defaultCrypto, scheme, options as VerifyOptions<Replay>, verifyStepsOf, runStepsOf);
}

/**
 * Prepares the verification of many deliveries with one scheme and configuration: the
 * options are checked and the secrets decoded once, here, and each call of the returned
 * function does only the work of one delivery. A configuration error throws at once (a
 * `RangeError` for a missing, empty or malformed secret or an impossible option, a
 * `TypeError` for an option of the wrong type), so a server with a bad secret fails when it
 * starts. The verifier resolves and rejects exactly as `verify()` with the same options.
 *
 * @example
 * ```ts
 * const verifyGithub = createVerifier(github, { secret: process.env.GITHUB_WEBHOOK_SECRET! }); // at start-up
 *
 * export async function POST(request: Request) {
 *   const payload = await request.text();
 *   await verifyGithub({ payload, headers: request.headers }); // rejects with WebhookVerificationError
 *   return new Response(null, { status: 204 });
 * }
 * ```
 */
export function createVerifier<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  options: SecretOptions<VerifierOptions<Replay>, TraitsOf<S>>,
): Verifier<S, Replay> {
  return createVerifierWith(defaultCrypto, scheme, options as VerifierOptions<Replay>, "createVerifier", deliveryStepsOf, runStepsOf);
}

/**
 * A fresh Ed25519 key pair for Standard Webhooks' asymmetric signatures (`v1a`). The sender
 * signs with `secretKey`; receivers verify with `publicKey` and can never forge a delivery.
 *
 * @example
 * ```ts
 * const { secretKey, publicKey } = await generateKeyPair();
 * const headers = await sign(standardWebhooks, { secret: secretKey, payload }); // "v1a,…"
 * await verify(standardWebhooks, { secret: publicKey, payload, headers });
 * ```
 */
export async function generateKeyPair(options: { crypto?: CryptoProvider } = {}): Promise<KeyPair> {
  const crypto = options.crypto ?? keyPairCrypto;
  return runAsync(keyPairSteps(crypto), crypto);
}

/**
 * Verifies a webhook delivered as a Fetch `Request` (Deno, Bun, Cloudflare Workers, Next.js
 * route handlers, Hono's `c.req.raw`): reads the raw body once, within `maxBodyBytes`
 * (default 1 MiB; a bigger body rejects with `payload_too_large` without being read whole),
 * and verifies it with the request's headers and, for schemes that sign it, `request.url`
 * (pass `url` when a proxy changes the public URL). Resolves with the verified result plus
 * the raw `body` and `text()` / `json()`; rejects with `WebhookVerificationError` otherwise.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request: Request, env: { STRIPE_WEBHOOK_SECRET: string }) {
 *     const webhook = await verifyRequest(stripe, request, { secret: env.STRIPE_WEBHOOK_SECRET });
 *     const event = webhook.json(); // parsed only now, from the verified bytes
 *     return new Response(null, { status: 204 });
 *   },
 * };
 * ```
 */
export function verifyRequest<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  request: Request,
  options: SecretOptions<VerifyRequestOptions<Replay>, TraitsOf<S>>,
): Promise<VerifiedRequest<TraitsOf<S>, Replay>> {
  return verifyRequestWith(defaultCrypto, scheme, request, options as VerifyRequestOptions<Replay>);
}

/**
 * Wraps a Fetch handler so it runs only for verified webhooks. A failed verification is
 * answered with JSON `{ "error": code }` and status 401 (413 for `payload_too_large`, 409 for
 * `replayed`; 500 for `invalid_secret`, a misconfigured server secret); a replay store that
 * fails (`ReplayStoreError`) with 503 `{ "error": "replay_store_failed" }`, and a key set that
 * cannot be fetched (`KeySetError`) with 503 `{ "error": "key_set_unavailable" }`. With a `replay`
 * store, the message is given back (`release()`) when the handler throws, answers with a
 * 5xx status, or the client hangs up (`request.signal` aborts) while it runs, so the
 * provider's retry is accepted. The options are checked here, not at the first delivery: a
 * missing, empty or malformed secret throws a `RangeError`. A provider's endpoint check (a
 * handshake: Slack's `url_verification`, Zoom's `endpoint.url_validation`, Meta's GET
 * `hub.challenge`…, see `handshakeResponse`) is answered here and never reaches the handler;
 * a malformed one is answered 403 `{ "error": "handshake_refused" }`, and one whose call back to the
 * provider fails (SNS's subscription confirmation, `HandshakeCallbackError`) 503
 * `{ "error": "handshake_callback_failed" }`.
 *
 * @example
 * ```ts
 * const handle = webhookHandler(github, { secret: process.env.GITHUB_WEBHOOK_SECRET!, replay: memoryReplayStore() }, async (webhook) => {
 *   await queue.push(webhook.json());
 *   return new Response(null, { status: 204 });
 * });
 * Deno.serve(handle); // or Bun.serve({ fetch: handle }), or app.post("/hook", (c) => handle(c.req.raw)) in Hono
 * ```
 */
export function webhookHandler<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  options: SecretOptions<VerifyRequestOptions<Replay>, TraitsOf<S>>,
  handler: WebhookHandlerCallback<TraitsOf<S>, Replay>,
): FetchHandler {
  return webhookHandlerWith(defaultCrypto, scheme, options as VerifyRequestOptions<Replay>, handler);
}

/**
 * Answers a provider's endpoint check (a "handshake") as the provider documents it, byte for
 * byte, or resolves `undefined` when the request is an ordinary delivery (verify it then, with
 * `verifyRequest()`: its body is still unread). Checks the provider signs (Slack's
 * `url_verification`, Twitch's `webhook_callback_verification`, Zoom's `endpoint.url_validation`,
 * Okta's challenge, Discord's PING, SNS's `SubscriptionConfirmation` with
 * `awsSns({ confirmSubscription: true })`) are verified first with the scheme's normal
 * verification, without a replay claim; unsigned ones (Meta's and Dropbox's GET challenges, X's CRC, Asana's `X-Hook-Secret`)
 * are answered only when well formed. A check that is not well formed rejects with
 * `WebhookVerificationError` code `handshake_refused` (answer 403, as `webhookErrorStatus()`
 * says); a failed verification with its usual code; a check whose call back to the provider
 * fails (SNS's `SubscribeURL`) with `HandshakeCallbackError` (503). Nothing of a caller's choosing is echoed or
 * signed beyond the shape the provider documents. A scheme without a handshake resolves
 * `undefined` at once. `webhookHandler()` and `webhookMiddleware()` do all this themselves.
 *
 * @example
 * ```ts
 * const route = meta({ verifyToken: env.META_VERIFY_TOKEN });
 * export async function receive(request: Request): Promise<Response> {
 *   try {
 *     const answer = await handshakeResponse(route, request, { secret: env.META_APP_SECRET });
 *     if (answer !== undefined) return answer; // the GET hub.challenge, echoed
 *     const webhook = await verifyRequest(route, request, { secret: env.META_APP_SECRET });
 *     await queue.push(webhook.json());
 *     return new Response(null, { status: 200 });
 *   } catch (error) {
 *     if (error instanceof WebhookVerificationError) return Response.json({ error: error.code }, { status: webhookErrorStatus(error) });
 *     throw error;
 *   }
 * }
 * ```
 */
export function handshakeResponse(scheme: Scheme, request: Request, options?: HandshakeOptions): Promise<Response | undefined> {
  return handshakeResponseWith(defaultCrypto, scheme, request, options);
}

/**
 * The answer to Zoom's `endpoint.url_validation` event: `{ plainToken, encryptedToken }`,
 * where `encryptedToken` is the hex HMAC-SHA256 of the plain token keyed with the app's Secret
 * Token. Send it as the JSON body of a 200 response. Zoom sends the challenge when the
 * endpoint is added and every 72 hours; the request is signed like any other Zoom event, so
 * verify it with the `zoom` scheme first. Only a token shaped like Zoom's (16 to 64 base64url
 * characters, such as `"qgg8vlvZRS6UYooatFL8Aw"`) is answered: any other rejects with a
 * `RangeError`, so the secret never signs text of a caller's choosing (such as `"v0:<ts>:<body>"`,
 * which would be a valid `x-zm-signature`).
 *
 * @example
 * ```ts
 * const webhook = await verifyRequest(zoom, request, { secret: env.ZOOM_WEBHOOK_SECRET_TOKEN });
 * const event = webhook.json() as { event: string; payload: { plainToken?: string } };
 * if (event.event === "endpoint.url_validation") {
 *   return Response.json(await zoomChallengeResponse(event.payload.plainToken!, env.ZOOM_WEBHOOK_SECRET_TOKEN));
 * }
 * ```
 */
export function zoomChallengeResponse(
  plainToken: string,
  secret: string | Uint8Array | ArrayBuffer,
  options: { crypto?: CryptoProvider } = {},
): Promise<ZoomChallengeResponse> {
  return zoomChallengeResponseWith(defaultCrypto, plainToken, secret, options);
}
