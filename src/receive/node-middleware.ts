// An Express-style (Connect) middleware around verifyNodeRequest: verify, answer the failures,
// and give a replay claim back when the handler after it fails.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Buffer } from "node:buffer";
import { WebhookVerificationError } from "../engine/errors.js";
import { ReplayStoreError } from "../replay/claim.js";
import { KeySetError } from "../keys/key-set-error.js";
import { HandshakeCallbackError } from "../handshake/callback-error.js";
import { assertHelperOptions, HANDSHAKE_CALLBACK_FAILED, KEY_SET_UNAVAILABLE, releaseAfterFailure, REPLAY_STORE_FAILED, replayedStatusOf, webhookErrorStatus } from "./request.js";
import { assertScheme, type Scheme, type TraitsOf } from "../schemes/scheme.js";
import type { SecretOptions } from "../engine/options.js";
import { assertNodeRequest, readNodeBody, requestUrl, verifyNodeRequestBy, type NodeRequestLike, type VerifiedNodeRequest, type VerifyNodeRequestOptions } from "./node-request.js";
import { handshakeContext, runHandshake } from "../handshake/run.js";
import type { HandshakeRequest } from "../schemes/scheme.js";
import { bodyTimeoutMsOf, maxBodyBytesOf } from "./request.js";
import { createVerifierWith } from "../engine/verifier.js";
import { directDeliverySteps } from "../engine/remembered.js";
import { runAsyncOrDone } from "../engine/steps.js";
import { nodeCrypto } from "../crypto/node.js";
import { isThenable } from "../lib/thenable.js";
import { observed } from "../engine/observe.js";

/**
 * Options of `webhookMiddleware()`: those of `verifyNodeRequest()`, plus a report hook.
 *
 * @example
 * ```ts
 * const options: WebhookMiddlewareOptions = {
 *   secret: [currentSecret, previousSecret],
 *   replay: memoryReplayStore(),
 *   onReleaseError: (error) => console.error("a claim could not be given back: the provider's retry will be refused", error),
 * };
 * app.post("/webhooks/standard", webhookMiddleware(standardWebhooks, options));
 * ```
 */
export interface WebhookMiddlewareOptions extends VerifyNodeRequestOptions {
  /**
   * Called when giving a message back to the replay store failed after the response was sent
   * with a 5xx status or the connection closed first (the provider's retry will be refused as
   * `replayed` until the claim expires). Default: `console.error`.
   */
  onReleaseError?: (error: unknown) => void;
}

/**
 * A request after `webhookMiddleware()` accepted it.
 *
 * @example
 * ```ts
 * import { createServer, type ServerResponse } from "node:http";
 * import { github, webhookMiddleware, type WebhookRequest } from "hookseal/node";
 *
 * function onGithubEvent(req: WebhookRequest, res: ServerResponse): void {
 *   console.log(req.headers["x-github-event"], req.rawBody.byteLength, req.webhook.json());
 *   res.writeHead(204).end();
 * }
 * const verifyGithub = webhookMiddleware(github, { secret: process.env.GITHUB_WEBHOOK_SECRET! });
 * createServer((req, res) => verifyGithub(req, res, () => onGithubEvent(req as WebhookRequest, res)));
 * ```
 */
export type WebhookRequest = IncomingMessage & {
  /** The verified delivery: result, raw body, `text()` and `json()`. */
  webhook: VerifiedNodeRequest;
  /** The raw body. */
  rawBody: Buffer;
  /** The raw body too, unless a body parser had already set it. */
  body?: unknown;
};

/**
 * The `next` callback of Express and Connect: no argument to go on, an error to fail.
 *
 * @example
 * ```ts
 * // webhookMiddleware() in a plain Node server: next() is where the route goes on.
 * const verifyGithub = webhookMiddleware(github, { secret });
 * const next: NextFunction = (error) => {
 *   if (error !== undefined) return res.writeHead(500).end();
 *   console.log(webhookOf(req).json());
 *   res.writeHead(204).end();
 * };
 * verifyGithub(req, res, next);
 * ```
 */
export type NextFunction = (error?: unknown) => unknown;

/**
 * The middleware `webhookMiddleware()` returns.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { github, shopify, webhookMiddleware, webhookOf, type WebhookMiddleware } from "hookseal/node";
 *
 * const app = express();
 * const verifiers: Record<string, WebhookMiddleware> = {
 *   "/webhooks/github": webhookMiddleware(github, { secret: process.env.GITHUB_WEBHOOK_SECRET! }),
 *   "/webhooks/shopify": webhookMiddleware(shopify, { secret: process.env.SHOPIFY_WEBHOOK_SECRET! }),
 * };
 * for (const [path, verifyWebhook] of Object.entries(verifiers)) {
 *   app.post(path, verifyWebhook, (req, res) => {
 *     console.log(webhookOf(req).scheme);
 *     res.sendStatus(204);
 *   });
 * }
 * ```
 */
export type WebhookMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/**
 * The verified webhook `webhookMiddleware()` left on a request, typed (no cast needed in
 * TypeScript handlers; plain JavaScript can read `req.webhook`). A `TypeError` if the
 * middleware did not run for this request.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { github, webhookMiddleware, webhookOf } from "hookseal/node";
 *
 * const app = express();
 * app.post("/webhooks/github", webhookMiddleware(github, { secret }), (req, res) => {
 *   const event = webhookOf(req).json();
 *   res.sendStatus(204);
 * });
 * ```
 */
export function webhookOf(req: object): VerifiedNodeRequest {
  const webhook = (req as Partial<WebhookRequest> | null)?.webhook;
  if (webhook === undefined) throw new TypeError("webhookOf(req): no verified webhook on this request: mount webhookMiddleware() in front of this handler");
  return webhook;
}

/** A Node request as a handshake rule sees it: the method, the query of its target, its headers. */
function nodeHandshakeRequest(req: IncomingMessage | NodeRequestLike): HandshakeRequest {
  const target = (req as NodeRequestLike).originalUrl ?? req.url ?? "/";
  let url: URL;
  try {
    url = new URL(target, "http://localhost");
  } catch {
    url = new URL("http://localhost/");
  }
  return { method: ((req as IncomingMessage).method ?? "GET").toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers };
}

function answer(res: ServerResponse, status: number, code: string): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  // An oversized or late body was not read whole: close the connection rather than drain the rest.
  if (status === 413 || status === 408) headers.connection = "close";
  res.writeHead(status, headers).end(JSON.stringify({ error: code }));
}

/**
 * Gives the claim back when the delivery did not end in a successful answer: a 5xx status,
 * or a connection that closed before the answer was finished (the sender timed out or hung
 * up, and will retry). Release is once only and owner-checked, so a release that comes late
 * never frees the claim of a retry.
 */
function releaseUnlessAnswered(res: ServerResponse, release: () => Promise<void>, onReleaseError: (error: unknown) => void): void {
  let finished = false;
  res.once("finish", () => {
    finished = true;
    if (res.statusCode >= 500) release().catch(onReleaseError);
  });
  res.once("close", () => {
    if (!finished && res.writableFinished !== true) release().catch(onReleaseError);
  });
  // The connection may be gone already (the sender hung up while the claim was in flight): its
  // "close" has fired, and a 5xx written now never finishes. Give the claim back at once.
  if ((res.destroyed || res.closed === true) && res.writableFinished !== true) release().catch(onReleaseError);
}

/**
 * Express-style middleware that verifies the webhook before the route's handler runs. On
 * success it sets `req.webhook` (the verified result with `body`, `text()` and `json()`) and
 * `req.rawBody`, then calls `next()`. A failed verification is answered at once with JSON
 * `{ "error": code }` and status 401 (413 for `payload_too_large`, 408 for `body_timeout`,
 * 409 for `replayed`; 500 for `invalid_secret`, which means the server's own secret is
 * misconfigured); a replay store that fails (`ReplayStoreError`: the delivery was not
 * accepted) with 503 `{ "error": "replay_store_failed" }`, and a sender's key set that cannot
 * be fetched (`KeySetError`) with 503 `{ "error": "key_set_unavailable" }`, so the provider retries later.
 * Anything else (an already-parsed body) goes to `next(error)`.
 *
 * With a `replay` store, the claim is given back (`release()`) when the response ends with a
 * 5xx status (Express answers 500 when the handler throws), when `next()` itself throws or
 * rejects, or when the connection closes before a response was finished (the sender timed
 * out or hung up, and will retry), so the provider's retry of a message whose handling failed
 * is accepted. A handler still running when the sender hangs up may then see the retry too:
 * keep handlers quick (enqueue, answer 2xx) and their effects idempotent.
 *
 * The options are checked here, not at the first delivery: a missing, empty or malformed secret
 * (an unset environment variable) throws a `RangeError` when the server starts.
 *
 * A provider's endpoint check (a handshake: Slack's `url_verification`, Meta's GET
 * `hub.challenge`, Asana's `X-Hook-Secret`…, see `handshakeResponse`) is answered here and never
 * reaches `next()`; a malformed one is answered 403 `{ "error": "handshake_refused" }`. Signed
 * checks are verified first, without a replay claim. A check that calls the provider back (SNS's
 * subscription confirmation) and fails to is answered 503 `{ "error": "handshake_callback_failed" }`.
 *
 * Mount it without a body parser in front (or after `express.raw()`), since it needs the raw body.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { webhookMiddleware, webhookOf, github } from "hookseal/node";
 *
 * const app = express();
 * app.post("/webhooks/github", webhookMiddleware(github, { secret: process.env.GITHUB_WEBHOOK_SECRET! }), (req, res) => {
 *   const event = webhookOf(req).json(); // or req.webhook in JavaScript
 *   res.sendStatus(204);
 * });
 * app.use(express.json()); // other routes may parse JSON: the webhook route was registered first
 * ```
 */
export function webhookMiddleware<S extends Scheme>(scheme: S, options: SecretOptions<WebhookMiddlewareOptions, TraitsOf<S>>): WebhookMiddleware {
  assertScheme(scheme);
  assertHelperOptions(scheme, options, "webhookMiddleware");
  const { onReleaseError = (error: unknown) => console.error("hookseal: release() of a failed webhook failed", error), observe, ...verifyOptions } = options;
  if (typeof onReleaseError !== "function") throw new TypeError("onReleaseError must be a function");
  // Made once: every delivery skips the option checks and secret decoding. The observer hears of
  // each delivery here, body included, not from the verifier.
  const verifier = createVerifierWith(nodeCrypto, scheme, verifyOptions, "webhookMiddleware", directDeliverySteps, runAsyncOrDone);
  const replayedStatus = replayedStatusOf(options);
  // A provider's endpoint check is answered here and never reaches next(); a signed one is
  // verified without a replay claim.
  const handshake = scheme.handshake;
  const checkVerifier = handshake?.claims && createVerifierWith(nodeCrypto, scheme, { ...verifyOptions, replay: undefined }, "webhookMiddleware", directDeliverySteps, runAsyncOrDone);
  const context = handshake && handshakeContext(verifyOptions, nodeCrypto);
  const limit = maxBodyBytesOf(verifyOptions);
  const timeout = bodyTimeoutMsOf(verifyOptions);

  const verified = (req: IncomingMessage, body?: Buffer): Promise<VerifiedNodeRequest> => {
    const run = () => verifyNodeRequestBy(verifier, scheme, req, verifyOptions, body);
    return observe === undefined ? run() : observed(observe, scheme, run);
  };

  /** The verified delivery, or `undefined` once a check was answered. */
  const delivery = async (req: IncomingMessage, res: ServerResponse): Promise<VerifiedNodeRequest | undefined> => {
    if (handshake === undefined) return verified(req);
    assertNodeRequest(req);
    const outcome = await runHandshake(
      handshake,
      nodeHandshakeRequest(req),
      context!,
      () => readNodeBody(req, limit, timeout),
      (payload) => checkVerifier!({ payload, headers: req.headers, url: requestUrl(scheme, req, verifyOptions.url)!, now: verifyOptions.now }),
    );
    if (outcome.answer === undefined) return verified(req, outcome.body as Buffer | undefined);
    const { status, headers, body } = outcome.answer;
    res.writeHead(status, headers).end(status === 204 ? undefined : body);
    return undefined;
  };

  return (req, res, next) => {
    delivery(req, res).then(
      (webhook) => {
        if (webhook === undefined) return; // a check, answered
        const target = req as WebhookRequest;
        target.webhook = webhook;
        target.rawBody = webhook.body;
        if (target.body === undefined) target.body = webhook.body;

        if (webhook.release !== undefined) releaseUnlessAnswered(res, webhook.release, onReleaseError);
        const failed = (error: unknown) => {
          releaseAfterFailure(webhook, error).then(
            () => next(error),
            (both: unknown) => next(both),
          );
        };
        let result: unknown;
        try {
          result = next();
        } catch (error) {
          failed(error);
          return;
        }
        if (isThenable(result)) result.then(undefined, failed);
      },
      (error: unknown) => {
        if (error instanceof WebhookVerificationError && !res.headersSent) answer(res, error.code === "replayed" ? replayedStatus : webhookErrorStatus(error), error.code);
        else if (error instanceof ReplayStoreError && !res.headersSent) answer(res, 503, REPLAY_STORE_FAILED);
        else if (error instanceof KeySetError && !res.headersSent) answer(res, 503, KEY_SET_UNAVAILABLE);
        else if (error instanceof HandshakeCallbackError && !res.headersSent) answer(res, 503, HANDSHAKE_CALLBACK_FAILED);
        else next(error);
      },
    ).then(undefined, () => {
      // next() itself threw while handling an error: never leave the request hanging.
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
