// verifyNodeRequest and webhookMiddleware on real http.IncomingMessage streams (a Node server
// on 127.0.0.1), and on the shapes frameworks leave on req.body.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateSecret, github, memoryReplayStore, sign, standardWebhooks, verifyNodeRequest, webhookMiddleware, type WebhookRequest } from "../../src/node.js";
import { defineScheme } from "../../src/schemes/define-scheme.js";
import type { Scheme } from "../../src/schemes/scheme.js";
import { utf8Secret } from "../../src/schemes/secrets.js";

const SECRET = generateSecret();
const NOW = 1_700_000_000;
const MiB = 1024 * 1024;

type Route = (req: IncomingMessage, res: ServerResponse) => unknown;
let route: Route = (_req, res) => res.end();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    Promise.resolve(route(req, res)).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ thrown: error.name, message: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** A route that verifies with `options` and answers what it got (or the error code). */
const verifying = (scheme: Scheme = github, options: Record<string, unknown> = {}, prepare?: (req: IncomingMessage & { body?: unknown }) => unknown): Route =>
  async (req, res) => {
    await prepare?.(req);
    try {
      const webhook = await verifyNodeRequest(scheme, req, { secret: SECRET, ...options });
      json(res, 200, { scheme: webhook.scheme, text: webhook.text(), isBuffer: Buffer.isBuffer(webhook.body) });
    } catch (error) {
      const e = error as Error & { code?: string };
      json(res, e.code ? 401 : 500, e.code ? { error: e.code } : { thrown: e.name, message: e.message });
    }
  };

async function send(path: string, body: BodyInit, headers: Record<string, string>) {
  const response = await fetch(base + path, { method: "POST", headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A chunked request body of up to `total` bytes that counts what the client had to send. */
function counting(total: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
  });
  return { stream, state };
}

describe("verifyNodeRequest", () => {
  it("reads the stream and verifies it; the body is a Buffer", async () => {
    route = verifying();
    const headers = await sign(github, { secret: SECRET, payload: '{"ok":true}' });
    expect(await send("/", '{"ok":true}', headers)).toEqual({ status: 200, body: { scheme: "github", text: '{"ok":true}', isBuffer: true } });
    expect(await send("/", '{"ok":false}', headers)).toEqual({ status: 401, body: { error: "no_matching_signature" } });
  });

  it("refuses on Content-Length before reading, and counts a chunked body while reading", async () => {
    route = verifying(github, { maxBodyBytes: MiB });
    const headers = await sign(github, { secret: SECRET, payload: "x" });
    expect(await send("/", new Uint8Array(5 * MiB), headers)).toEqual({ status: 401, body: { error: "payload_too_large" } });
    const { stream, state } = counting(64 * MiB);
    expect(await send("/", stream, headers)).toEqual({ status: 401, body: { error: "payload_too_large" } });
    expect(state.pulled).toBeLessThan(16 * MiB); // the client stopped long before sending it all
    // The connection pool is still usable afterwards.
    expect((await send("/", "x", headers)).status).toBe(200);
  });

  it("uses a raw req.body left by express.raw() (Buffer), a Uint8Array, an ArrayBuffer or a string", async () => {
    const headers = await sign(github, { secret: SECRET, payload: "raw body" });
    for (const make of [
      () => Buffer.from("raw body"),
      () => new TextEncoder().encode("raw body"),
      () => new TextEncoder().encode("raw body").buffer,
      () => "raw body",
    ]) {
      route = verifying(github, {}, async (req) => {
        for await (const _chunk of req); // the parser consumed the stream
        req.body = make();
      });
      expect(await send("/", "raw body", headers)).toMatchObject({ status: 200, body: { text: "raw body", isBuffer: true } });
    }
    route = verifying(github, { maxBodyBytes: 4 }, (req) => void (req.body = Buffer.from("raw body")));
    expect(await send("/", "raw body", headers)).toEqual({ status: 401, body: { error: "payload_too_large" } });
  });

  it("refuses a parsed req.body with a TypeError naming the cause and the fix", async () => {
    route = verifying(github, {}, async (req) => {
      let text = "";
      for await (const chunk of req) text += chunk;
      req.body = JSON.parse(text); // what express.json() does
    });
    const headers = await sign(github, { secret: SECRET, payload: '{"a":1}' });
    const { status, body } = await send("/", '{"a":1}', headers);
    expect(status).toBe(500);
    expect(body.thrown).toBe("TypeError");
    expect(body.message).toContain("express.json()");
    expect(body.message).toContain('express.raw({ type: "application/json" })');
    expect(body.message).toContain("addContentTypeParser");
  });

  it("reads the stream under an Express 4 placeholder req.body = {} that no parser filled", async () => {
    route = verifying(github, {}, (req) => void (req.body = {}));
    const headers = await sign(github, { secret: SECRET, payload: "form=1" });
    expect(await send("/", "form=1", headers)).toMatchObject({ status: 200, body: { text: "form=1" } });
  });

  it("explains a stream that something else already read", async () => {
    route = verifying(github, {}, async (req) => {
      for await (const _chunk of req);
    });
    const headers = await sign(github, { secret: SECRET, payload: "x" });
    const { body } = await send("/", "x", headers);
    expect(body).toMatchObject({ thrown: "TypeError", message: expect.stringContaining("already read") });
  });

  it("builds the URL for URL-signing schemes from the request, and lets url override it", async () => {
    const urlScheme = defineScheme({
      name: "urlTest",
      hash: "SHA-256",
      encoding: "hex",
      secret: utf8Secret,
      minSecretBytes: 1,
      signatureHeader: "x-test-signature",
      parse: (value) => ({ signatures: [value] }),
      format: ({ signatures }) => signatures[0]!,
      multipleSignatures: false,
      signsUrl: true,
      content: ({ url, body }) => [url!, body],
    });
    const seen = base + "/hook?x=1";
    route = verifying(urlScheme);
    const headers = await sign(urlScheme, { secret: SECRET, payload: "u", url: seen });
    expect(await send("/hook?x=1", "u", headers)).toMatchObject({ status: 200 });
    const publicUrl = "https://hooks.example.com/hook?x=1";
    const proxied = await sign(urlScheme, { secret: SECRET, payload: "u", url: publicUrl });
    expect(await send("/hook?x=1", "u", proxied)).toEqual({ status: 401, body: { error: "no_matching_signature" } });
    route = verifying(urlScheme, { url: publicUrl });
    expect(await send("/hook?x=1", "u", proxied)).toMatchObject({ status: 200 });
    // A framework's own view of protocol and host (Express, Fastify: trust-proxy aware) wins over the Host header.
    const framework = Object.assign(Readable.from([Buffer.from("u")]), {
      headers: { ...proxied, host: "10.0.0.7:8080" },
      protocol: "https",
      host: "hooks.example.com",
      originalUrl: "/hook?x=1",
      url: "/x=1",
    });
    await expect(verifyNodeRequest(urlScheme, framework, { secret: SECRET })).resolves.toMatchObject({ scheme: "urlTest" });
  });

  it("reads a framework request that wraps the IncomingMessage in raw (Fastify)", async () => {
    const headers = await sign(github, { secret: SECRET, payload: "inner" });
    const fastifyLike = { headers, raw: Readable.from([Buffer.from("in"), Buffer.from("ner")]) as unknown as IncomingMessage, body: undefined };
    await expect(verifyNodeRequest(github, fastifyLike, { secret: SECRET })).resolves.toMatchObject({ scheme: "github" });
  });

  it("refuses what is not a request", async () => {
    await expect(verifyNodeRequest(github, null as never, { secret: SECRET })).rejects.toThrow(TypeError);
    await expect(verifyNodeRequest(github, { headers: {} }, { secret: SECRET })).rejects.toThrow(/IncomingMessage/);
    await expect(verifyNodeRequest(github, { headers: {}, body: { a: 1 } }, { secret: SECRET })).rejects.toThrow(/express\.json/);
  });
});

describe("webhookMiddleware", () => {
  /** Mounts the middleware in front of `handler`, with a Connect-style error path. */
  const mount = (options: Parameters<typeof webhookMiddleware>[1], handler: Route, scheme: Scheme = github): Route => {
    const middleware = webhookMiddleware(scheme, options);
    return (req, res) =>
      middleware(req, res, (error?: unknown) => {
        if (error !== undefined) return json(res, 500, { next: (error as Error).name, message: (error as Error).message });
        return handler(req, res);
      });
  };

  it("sets req.webhook, req.rawBody and req.body, then calls next()", async () => {
    route = mount({ secret: SECRET }, (req, res) => {
      const { webhook, rawBody, body } = req as WebhookRequest;
      json(res, 200, { event: webhook.json(), raw: rawBody.toString(), same: body === rawBody });
    });
    const headers = await sign(github, { secret: SECRET, payload: '{"n":7}' });
    expect(await send("/", '{"n":7}', headers)).toEqual({ status: 200, body: { event: { n: 7 }, raw: '{"n":7}', same: true } });
  });

  it("answers 401 with the code, 413 (closing the connection) for an oversized body", async () => {
    route = mount({ secret: SECRET, maxBodyBytes: 1000 }, (_req, res) => json(res, 200, {}));
    const headers = await sign(github, { secret: SECRET, payload: "x" });
    expect(await send("/", "y", headers)).toEqual({ status: 401, body: { error: "no_matching_signature" } });
    expect(await send("/", "x", {})).toEqual({ status: 401, body: { error: "missing_header" } });
    const response = await fetch(base, { method: "POST", headers, body: new Uint8Array(5 * MiB) });
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toEqual({ error: "payload_too_large" });
    // A misconfigured secret is refused when the middleware is made (test/unit/helper-configuration.test.ts).
    expect(() => mount({ secret: "whsec_tooShort" }, (_req, res) => json(res, 200, {}), standardWebhooks)).toThrow(RangeError);
  });

  it("passes an already-parsed body to next(error) as the explaining TypeError", async () => {
    const middleware = webhookMiddleware(github, { secret: SECRET });
    route = async (req, res) => {
      for await (const _chunk of req);
      (req as WebhookRequest).body = { parsed: true };
      middleware(req, res, (error) => json(res, 500, { next: (error as Error).name, message: (error as Error).message }));
    };
    const headers = await sign(github, { secret: SECRET, payload: "{}" });
    const { status, body } = await send("/", "{}", headers);
    expect(status).toBe(500);
    expect(body).toMatchObject({ next: "TypeError", message: expect.stringContaining("express.raw") });
  });

  it("with a replay store, releases the message when the response is a 5xx or next() throws, so retries get through", async () => {
    const replay = memoryReplayStore();
    let behaviour: "500" | "throw" | "reject" | "200" = "500";
    route = mount({ secret: SECRET, replay, now: NOW }, (_req, res) => {
      if (behaviour === "throw") throw new Error("handler threw");
      if (behaviour === "reject") return Promise.reject(new Error("handler rejected"));
      json(res, behaviour === "500" ? 500 : 200, { behaviour });
    }, standardWebhooks);
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "evt", timestamp: NOW });
    expect((await send("/", "evt", headers)).status).toBe(500);
    behaviour = "throw";
    expect(await send("/", "evt", headers)).toEqual({ status: 500, body: { next: "Error", message: "handler threw" } });
    behaviour = "reject";
    expect(await send("/", "evt", headers)).toEqual({ status: 500, body: { next: "Error", message: "handler rejected" } });
    behaviour = "200";
    expect(await send("/", "evt", headers)).toEqual({ status: 200, body: { behaviour: "200" } });
    expect(await send("/", "evt", headers)).toEqual({ status: 409, body: { error: "replayed" } });
  });

  it("reports a release that fails after a 5xx response to onReleaseError", async () => {
    const reported: unknown[] = [];
    const replay = { claim: () => true, release: () => Promise.reject(new Error("redis down")) };
    route = mount({ secret: SECRET, replay, onReleaseError: (error) => reported.push(error) }, (_req, res) => json(res, 503, {}));
    const headers = await sign(github, { secret: SECRET, payload: "x" });
    expect((await send("/", "x", headers)).status).toBe(503);
    // Release runs on the response's "finish"; the wait allows a loaded machine more than waitFor's 1 s default.
    await vi.waitFor(() => expect(reported).toHaveLength(1), { timeout: 10_000 });
    expect((reported[0] as Error).name).toBe("ReplayStoreError");
  });

  it("checks its options when it is made", () => {
    expect(() => webhookMiddleware(github, undefined as never)).toThrow(TypeError);
    expect(() => webhookMiddleware({} as never, { secret: SECRET })).toThrow(/scheme/);
    expect(() => webhookMiddleware(github, { secret: SECRET, onReleaseError: 1 as never })).toThrow(/onReleaseError/);
  });
});
