// The three ways a handshake is answered, driven the same way by every provider test: the
// handshakeResponse() call, webhookHandler() (Fetch) and webhookMiddleware() behind a real
// Node server on 127.0.0.1. Each reports the answer and whether the user's handler ran.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { handshakeResponse, webhookHandler, type HandshakeOptions, type Scheme, type VerifyRequestOptions } from "../../src/index.js";
import { webhookMiddleware, type WebhookMiddlewareOptions } from "../../src/node.js";

export interface Exchange {
  readonly method?: string;
  /** Query string without "?". */
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** Whether the user's handler (or next()) ran. */
  readonly handled: boolean;
}

export const URL_BASE = "https://example.com/webhooks";

export const requestOf = (exchange: Exchange): Request =>
  new Request(`${URL_BASE}${exchange.query ? `?${exchange.query}` : ""}`, {
    method: exchange.method ?? "POST",
    headers: exchange.headers ?? {},
    ...(exchange.body !== undefined && exchange.method !== "GET" ? { body: exchange.body } : {}),
  });

const answerOf = async (response: Response, handled: boolean): Promise<Answer> => ({
  status: response.status,
  headers: response.headers,
  body: await response.text(),
  handled,
});

/** handshakeResponse(): the answer, `undefined` for an ordinary delivery; rejects as it does. */
export async function viaHandshakeResponse(scheme: Scheme, exchange: Exchange, options?: HandshakeOptions): Promise<Answer | undefined> {
  const response = await handshakeResponse(scheme, requestOf(exchange), options);
  return response === undefined ? undefined : answerOf(response, false);
}

/** webhookHandler(): whatever it answers; the handler answers 202 "handled". */
export async function viaHandler(scheme: Scheme, exchange: Exchange, options: VerifyRequestOptions): Promise<Answer> {
  let handled = false;
  const handle = webhookHandler(scheme, options, () => {
    handled = true;
    return new Response("handled", { status: 202 });
  });
  return answerOf(await handle(requestOf(exchange)), handled);
}

/** webhookMiddleware() in front of a route that answers 202 "handled", on a real server. */
export async function viaMiddleware(scheme: Scheme, exchange: Exchange, options: WebhookMiddlewareOptions): Promise<Answer> {
  let handled = false;
  const middleware = webhookMiddleware(scheme, options);
  const server: Server = createServer((req, res) =>
    middleware(req, res, (error) => {
      if (error !== undefined) return res.writeHead(500).end(String(error));
      handled = true;
      res.writeHead(202).end("handled");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/webhooks${exchange.query ? `?${exchange.query}` : ""}`, {
      method: exchange.method ?? "POST",
      headers: exchange.headers ?? {},
      ...(exchange.body !== undefined && exchange.method !== "GET" ? { body: exchange.body } : {}),
    });
    return await answerOf(response, handled);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

interface HandshakeVector {
  readonly provider: string;
  readonly kind?: string;
  readonly [field: string]: unknown;
}

/** The documented handshakes (test/vectors/data/handshakes_doc.json) of one provider. */
export function handshakeVectors(provider: string): HandshakeVector[] {
  const file = JSON.parse(readFileSync(new URL("../vectors/data/handshakes_doc.json", import.meta.url), "utf8")) as { vectors: HandshakeVector[] };
  return file.vectors.filter((vector) => vector.provider === provider);
}

import { expect } from "vitest";
import { WebhookVerificationError } from "../../src/index.js";

export interface Expected {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

type Options = VerifyRequestOptions & WebhookMiddlewareOptions;

/** What webhookHandler and webhookMiddleware answer to `exchange`, each named. */
async function helperAnswers(scheme: Scheme, exchange: Exchange, options: Options) {
  return [
    ["webhookHandler", await viaHandler(scheme, exchange, options)],
    ["webhookMiddleware", await viaMiddleware(scheme, exchange, options)],
  ] as const;
}

/** All three answer `exchange` with exactly `expected`, and none runs the user's handler. */
export async function expectAnswer(scheme: Scheme, exchange: Exchange, options: Options, expected: Expected): Promise<void> {
  const answers = [["handshakeResponse", await viaHandshakeResponse(scheme, exchange, options)], ...(await helperAnswers(scheme, exchange, options))] as const;
  for (const [how, answer] of answers) {
    expect(answer, how).toBeDefined();
    expect(answer!.handled, how).toBe(false);
    expect(answer!.status, how).toBe(expected.status);
    expect(answer!.body, how).toBe(expected.body);
    for (const [name, value] of Object.entries(expected.headers ?? {})) expect(answer!.headers.get(name), `${how}: ${name}`).toBe(value);
  }
}

/** handshakeResponse() rejects with `code`; the helpers answer it with its status and never run the handler. */
export async function expectRefused(scheme: Scheme, exchange: Exchange, options: Options, code = "handshake_refused", status = 403): Promise<void> {
  const error = await viaHandshakeResponse(scheme, exchange, options).then(
    (answer) => expect.fail(`handshakeResponse answered ${JSON.stringify(answer)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect((error as WebhookVerificationError).code).toBe(code);
  for (const [how, answer] of await helperAnswers(scheme, exchange, options)) {
    expect(answer.handled, how).toBe(false);
    expect(answer.status, how).toBe(status);
    expect(JSON.parse(answer.body), how).toEqual({ error: code });
  }
}

/** An ordinary delivery: handshakeResponse() resolves undefined; the helpers verify it and run the handler. */
export async function expectDelivery(scheme: Scheme, exchange: Exchange, options: Options): Promise<void> {
  expect(await viaHandshakeResponse(scheme, exchange, options)).toBeUndefined();
  for (const [how, answer] of await helperAnswers(scheme, exchange, options)) {
    expect(answer.handled, how).toBe(true);
    expect(answer.status, how).toBe(202);
  }
}

/** An ordinary delivery that fails verification: no handshake (undefined), and the helpers refuse it with `code`. */
export async function expectUndelivered(scheme: Scheme, exchange: Exchange, options: Options, code: string, status = 401): Promise<void> {
  expect(await viaHandshakeResponse(scheme, exchange, options)).toBeUndefined();
  for (const [how, answer] of await helperAnswers(scheme, exchange, options)) {
    expect(answer.handled, how).toBe(false);
    expect(answer.status, how).toBe(status);
    expect(JSON.parse(answer.body), how).toEqual({ error: code });
  }
}
