// Receiving a Node request (http.IncomingMessage, Express, Fastify, Koa's ctx.req): the raw
// body from the stream within a size limit, or from a raw `req.body` a framework left.
import { Buffer } from "node:buffer";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { nodeCrypto } from "../crypto/node.js";
import { WebhookVerificationError } from "../engine/errors.js";
import { isArrayBuffer, isUint8Array } from "../lib/bytes.js";
import {
  assertRequestOptions,
  bodyTimeout,
  bodyTimeoutMsOf,
  deadline,
  declaredTooLarge,
  maxBodyBytesOf,
  payloadTooLarge,
  withBody,
  type VerifiedRequest,
  type VerifyRequestOptions,
} from "./request.js";
import { assertScheme, type Scheme, type SchemeTraits, type TraitsOf } from "../schemes/scheme.js";
import type { ReplayStore, SecretOptions } from "../engine/options.js";
import { verifyWith } from "../engine/verify.js";
import type { Verifier } from "../engine/verifier.js";
import { observed } from "../engine/observe.js";

/**
 * The request shapes `verifyNodeRequest()` reads: a Node `http.IncomingMessage`, or a
 * framework's request around one (Express's `req`, Fastify's `request` with `raw`).
 *
 * @example
 * ```ts
 * // A helper for any Node server: http.IncomingMessage, Express's req, Fastify's request, Koa's ctx.req.
 * function verifyGithub(incoming: NodeRequestLike) {
 *   return verifyNodeRequest(github, incoming, { secret: process.env.GITHUB_WEBHOOK_SECRET! });
 * }
 * const webhook = await verifyGithub(req);
 * ```
 */
export interface NodeRequestLike {
  /** The request headers (Node lower-cases their names). */
  headers: IncomingHttpHeaders;
  /** What a body parser left: a raw `Buffer`/`Uint8Array` (`express.raw()`) or string is used as is. */
  body?: unknown;
  /** The underlying `IncomingMessage` of a framework request (Fastify). */
  raw?: IncomingMessage;
  /** The request target, as Node saw it. */
  url?: string;
  /** The full request target under an Express router. */
  originalUrl?: string;
  /** `"http"` or `"https"`, as a framework derived it (honouring its proxy settings). */
  protocol?: string;
  /** Host and port, as a framework derived it (Express 5, Fastify 5); Express 4's, without the port, is completed from the Host header. */
  host?: string;
  /** The connection; a TLS one (`encrypted`) means https. */
  socket?: unknown;
}

/**
 * Options of `verifyNodeRequest()`: those of `verifyRequest()`.
 *
 * @example
 * ```ts
 * // Behind a reverse proxy: the public URL that Twilio signed, and a smaller body limit.
 * const options: VerifyNodeRequestOptions = { secret: env.TWILIO_AUTH_TOKEN, url: `https://example.com${req.url}`, maxBodyBytes: 64 * 1024 };
 * const webhook = await verifyNodeRequest(twilio, req, options);
 * ```
 */
export type VerifyNodeRequestOptions<Replay extends ReplayStore | undefined = ReplayStore | undefined> = VerifyRequestOptions<Replay>;

/**
 * What `verifyNodeRequest()` resolves to; `body` is a `Buffer`.
 *
 * @example
 * ```ts
 * const webhook: VerifiedNodeRequest = await verifyNodeRequest(stripe, req, { secret });
 * await queue.push({ raw: webhook.body.toString("base64"), event: webhook.json() }); // body is a Buffer
 * ```
 */
export type VerifiedNodeRequest<
  Traits extends SchemeTraits = SchemeTraits,
  Replay extends ReplayStore | undefined = ReplayStore | undefined,
> = VerifiedRequest<Traits, Replay> & { body: Buffer };

const PARSED_BODY =
  "verifyNodeRequest: req.body is already a parsed object, so the raw body is gone: a body parser " +
  "(express.json(), bodyParser.json(), express.urlencoded() or Fastify's default JSON parser) ran before verification, " +
  "and re-serializing it cannot give back the bytes that were signed. Fix: give the webhook route its raw body. " +
  'In Express, register the route before app.use(express.json()), or use express.raw({ type: "application/json" }) on it; ' +
  'in Fastify, addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body, done) => done(null, body)) ' +
  "in the webhook route's plugin.";

const CONSUMED =
  "verifyNodeRequest: the request stream was already read and no raw body was left on req.body. " +
  'Call verifyNodeRequest before anything else reads the body, or keep the raw body with express.raw({ type: "application/json" }).';

const isReadable = (value: unknown): value is Readable =>
  value !== null && typeof value === "object" && typeof (value as Readable).on === "function" && typeof (value as Readable).pause === "function";

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** The stream to read: the request itself, or the IncomingMessage inside a framework's request. */
function streamOf(req: NodeRequestLike): Readable | undefined {
  if (isReadable(req)) return req;
  if (isReadable(req.raw)) return req.raw;
  return undefined;
}

/** True once something else consumed the stream (a body parser, a `for await`). */
const consumed = (stream: Readable): boolean => stream.readableEnded || (stream as Readable & { _body?: unknown })._body === true;

/** True when the stream can no longer deliver its body (aborted, destroyed, failed). */
const dead = (stream: Readable): boolean =>
  stream.destroyed || stream.closed || stream.errored !== null || (stream as Readable & { readableAborted?: boolean }).readableAborted === true;

/**
 * Reads a request stream to its end, or refuses with `payload_too_large` as soon as more than
 * `limit` bytes arrived, or with `body_timeout` once `timeoutMs` have passed. The rest is then
 * drained without being kept, so the connection stays usable for the answer (which should
 * close it: the request helpers answer with `Connection: close`).
 */
function readStream(stream: Readable, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const clear = deadline(timeoutMs, () => {
      stop();
      chunks.length = 0;
      stream.resume(); // drain, keeping nothing
      reject(bodyTimeout(timeoutMs));
    });
    const stop = () => {
      clear();
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        stop();
        stream.resume(); // drain, keeping nothing
        reject(payloadTooLarge(limit));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: unknown) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error("verifyNodeRequest: the request was aborted before its body was complete."));
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
    stream.resume();
  });
}

/** The raw body of a Node request: `req.body` when a framework left it raw, else the stream (within `timeoutMs`). */
export async function readNodeBody(req: NodeRequestLike, limit: number, timeoutMs: number): Promise<Buffer> {
  const body = req.body;
  if (isUint8Array(body) || isArrayBuffer(body) || typeof body === "string") {
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : isArrayBuffer(body) ? Buffer.from(body) : asBuffer(body);
    if (bytes.length > limit) throw payloadTooLarge(limit);
    return bytes;
  }
  const stream = streamOf(req);
  const parsed = body !== undefined && body !== null;
  if (stream === undefined) {
    throw new TypeError(parsed ? PARSED_BODY : "verifyNodeRequest: req must be an http.IncomingMessage or a framework request around one");
  }
  // An object on req.body with the stream unread is a placeholder (Express 4 sets {}), not a parse.
  if (consumed(stream)) throw new TypeError(parsed ? PARSED_BODY : CONSUMED);
  if (parsed && stream.readableDidRead) throw new TypeError(PARSED_BODY);
  if (declaredTooLarge(req.headers["content-length"], limit)) throw payloadTooLarge(limit);
  if (dead(stream)) throw new Error("verifyNodeRequest: the request was aborted or closed before its body could be read.");
  return readStream(stream, limit, timeoutMs);
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

// A host as it may appear in a URL authority: name or IPv4, or [IPv6], and an optional port.
const HOST_SHAPE = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** The host name of an authority ("example.com:8080" → "example.com", "[::1]:3000" → "[::1]"). */
const hostName = (authority: string): string => authority.replace(/:[0-9]*$/, "");

/**
 * Host and port: the framework's `req.host` (trust-proxy aware) when it carries a port or
 * names another host than the Host header (a proxy's X-Forwarded-Host); else the Host header.
 * Express 4's `req.host` is the bare host name, so on a non-default port it would lose the port
 * that URL-signing senders (Twilio, Square) signed.
 */
function hostOf(req: NodeRequestLike): string | undefined {
  const header = first(req.headers.host) ?? first(req.headers[":authority"]);
  const framework = typeof req.host === "string" && req.host !== "" ? req.host : undefined;
  if (framework === undefined) return header;
  if (header === undefined || hostName(framework) !== framework) return framework; // it has a port
  return hostName(header).toLowerCase() === framework.toLowerCase() ? header : framework;
}

/**
 * The URL the request was addressed to, from what the server saw; undefined when it cannot
 * tell. The host comes from the framework (trust-proxy aware) or the Host header, which the
 * client chooses: pass `url` explicitly where that matters (see the security guide).
 */
export function nodeRequestUrl(req: NodeRequestLike): string | undefined {
  let target = req.originalUrl ?? req.url;
  if (typeof target !== "string" || target === "") return undefined;
  // An absolute-form target names a host of the client's choosing: keep only its path.
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  if (absolute !== null) target = target.slice(absolute[0].length) || "/";
  if (!target.startsWith("/")) return undefined;
  const host = hostOf(req);
  if (host === undefined || !HOST_SHAPE.test(host)) return undefined;
  const protocol = typeof req.protocol === "string" && req.protocol !== "" ? req.protocol.replace(/:$/, "") : (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted ? "https" : "http";
  return `${protocol}://${host}${target}`;
}

/**
 * Verifies a webhook delivered to a Node server: reads the raw body once, within
 * `maxBodyBytes` (default 1 MiB; a bigger body rejects with `payload_too_large`, refused on its
 * `Content-Length` before anything is read) and `bodyTimeoutMs` (default 10 s; a body still
 * arriving then rejects with `body_timeout`: answer 408 with `Connection: close`), and verifies it with the request's headers and,
 * for schemes that sign it, its URL (`protocol://host` + `originalUrl`; pass `url` when a
 * proxy changes it). A raw `req.body` left by `express.raw()` or Fastify's `parseAs: "buffer"`
 * is used as is; an already-parsed one is refused with a `TypeError` that names the fix.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { verifyNodeRequest, github } from "hookseal/node";
 *
 * createServer(async (req, res) => {
 *   const webhook = await verifyNodeRequest(github, req, { secret: process.env.GITHUB_WEBHOOK_SECRET! });
 *   const event = webhook.json(); // parsed only now, from the verified bytes
 *   res.writeHead(204).end();
 * });
 * ```
 */
export function verifyNodeRequest<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  req: IncomingMessage | NodeRequestLike,
  options: SecretOptions<VerifyNodeRequestOptions<Replay>, TraitsOf<S>>,
): Promise<VerifiedNodeRequest<TraitsOf<S>, Replay>> {
  // An observer hears of the delivery once, whatever its outcome (a body too large, or late, too).
  const observe = (options as VerifyNodeRequestOptions | null)?.observe;
  const run = () => readAndVerify(scheme, req, options as VerifyNodeRequestOptions<Replay>);
  return observe === undefined ? run() : observed(observe, scheme, run);
}

async function readAndVerify<S extends Scheme, Replay extends ReplayStore | undefined>(
  scheme: S,
  req: IncomingMessage | NodeRequestLike,
  options: VerifyNodeRequestOptions<Replay>,
): Promise<VerifiedNodeRequest<TraitsOf<S>, Replay>> {
  assertScheme(scheme);
  assertNodeRequest(req);
  assertRequestOptions(options, "verifyNodeRequest");
  const payload = await readNodeBody(req, maxBodyBytesOf(options), bodyTimeoutMsOf(options));
  const { maxBodyBytes: _limit, bodyTimeoutMs: _timeout, observe: _observe, ...rest } = options;
  const url = requestUrl(scheme, req, options.url);
  const verified = await verifyWith(nodeCrypto, scheme, { ...rest, url, payload, headers: req.headers });
  return withBody(verified, payload);
}

export function assertNodeRequest(req: unknown): asserts req is IncomingMessage | NodeRequestLike {
  const candidate = req as Partial<NodeRequestLike> | null;
  if (candidate === null || typeof candidate !== "object" || candidate.headers === null || typeof candidate.headers !== "object") {
    throw new TypeError("verifyNodeRequest(scheme, req, options): req must be an http.IncomingMessage or a framework request around one");
  }
}

/** The URL a scheme that signs it verifies against: the `url` option, or the one the request was addressed to. */
export function requestUrl(scheme: Scheme, req: IncomingMessage | NodeRequestLike, url: string | undefined): string | undefined {
  if (url !== undefined || !scheme.signsUrl) return url;
  const addressed = nodeRequestUrl(req);
  if (addressed === undefined) {
    throw new WebhookVerificationError(
      "malformed_header",
      `${scheme.name} signs the request URL, and this request's target and Host header do not form one; pass the public URL as the url option.`,
    );
  }
  return addressed;
}

/** `verifyNodeRequest()` by a verifier prepared once (webhookMiddleware): its options were checked when it was made. */
export async function verifyNodeRequestBy<S extends Scheme, Replay extends ReplayStore | undefined>(
  verifier: Verifier<S, Replay>,
  scheme: S,
  req: IncomingMessage | NodeRequestLike,
  options: VerifyNodeRequestOptions<Replay>,
  body?: Buffer,
): Promise<VerifiedNodeRequest<TraitsOf<S>, Replay>> {
  assertNodeRequest(req);
  const payload = body ?? (await readNodeBody(req, maxBodyBytesOf(options), bodyTimeoutMsOf(options)));
  const url = requestUrl(scheme, req, options.url);
  const verified = await verifier({ payload, headers: req.headers, url: url!, now: options.now });
  return withBody(verified, payload);
}
