// bodyTimeoutMs: a body that trickles in is refused with body_timeout (408) instead of holding
// a handler until the server's own timeout; timers never outlive their request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateSecret, github, sign, verifyRequest, webhookErrorStatus, webhookHandler, WebhookVerificationError } from "../../src/index.js";
import { verifyNodeRequest, webhookMiddleware } from "../../src/node.js";

const SECRET = generateSecret();
const TIMEOUT_MS = 150;

type Route = (req: IncomingMessage, res: ServerResponse) => unknown;
let route: Route = (_req, res) => res.end();
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * A raw HTTP client that announces a 10,000-byte body and sends one byte of it every 20 ms.
 * Resolves with the answer once the server closes the connection.
 */
function trickle(headers: Record<string, string>): Promise<{ status: number; body: string; bytesSent: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let bytesSent = 0;
    let received = "";
    const head = Object.entries({ ...headers, host: `127.0.0.1:${port}`, "content-length": "10000" })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    socket.write(`POST /hook HTTP/1.1\r\n${head}\r\n`);
    const interval = setInterval(() => {
      if (!socket.writable) return;
      socket.write("a");
      bytesSent++;
    }, 20);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    socket.on("error", () => {}); // a write racing the server's close
    socket.on("close", () => {
      clearInterval(interval);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (status === null) return reject(new Error(`no HTTP answer: ${JSON.stringify(received.slice(0, 200))}`));
      const [head, raw = ""] = [received.slice(0, received.indexOf("\r\n\r\n")), received.slice(received.indexOf("\r\n\r\n") + 4)];
      resolve({ status: Number(status[1]), body: /transfer-encoding: chunked/i.test(head) ? dechunk(raw) : raw, bytesSent });
    });
  });
}

/** The payload of a chunked HTTP/1.1 body (ASCII). */
function dechunk(raw: string): string {
  let out = "";
  for (let at = 0; ; ) {
    const lineEnd = raw.indexOf("\r\n", at);
    const size = parseInt(raw.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += raw.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

describe("bodyTimeoutMs on a real server (127.0.0.1) with a client that trickles the body", () => {
  it("verifyNodeRequest rejects with body_timeout, which webhookErrorStatus maps to 408", async () => {
    let caught: unknown;
    route = async (req, res) => {
      try {
        await verifyNodeRequest(github, req, { secret: SECRET, bodyTimeoutMs: TIMEOUT_MS });
        res.writeHead(200).end();
      } catch (error) {
        caught = error;
        const status = error instanceof WebhookVerificationError ? webhookErrorStatus(error) : 500;
        res.writeHead(status, { connection: "close" }).end(error instanceof WebhookVerificationError ? error.code : "thrown");
      }
    };
    const answer = await trickle({ "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    expect(answer.status).toBe(408);
    expect(answer.body).toBe("body_timeout");
    expect(caught).toBeInstanceOf(WebhookVerificationError);
    expect((caught as Error).message).toContain(`${TIMEOUT_MS} ms`);
    expect(answer.bytesSent).toBeLessThan(10_000); // refused long before the announced body arrived
  });

  it("webhookMiddleware answers 408 { error: body_timeout } and closes the connection", async () => {
    const next = vi.fn();
    const middleware = webhookMiddleware(github, { secret: SECRET, bodyTimeoutMs: TIMEOUT_MS });
    route = (req, res) => middleware(req, res, next);
    const answer = await trickle({ "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({ error: "body_timeout" });
    expect(next).not.toHaveBeenCalled();
  });

  it("a body that arrives in time is verified as before", async () => {
    const middleware = webhookMiddleware(github, { secret: SECRET, bodyTimeoutMs: 5_000 });
    route = (req, res) => middleware(req, res, () => res.writeHead(204).end());
    const headers = await sign(github, { secret: SECRET, payload: "on time" });
    const response = await fetch(`http://127.0.0.1:${port}/hook`, { method: "POST", headers, body: "on time" });
    expect(response.status).toBe(204);
  });
});

describe("bodyTimeoutMs in the Fetch helpers", () => {
  /** A request whose body sends one chunk and then nothing, recording whether it was cancelled. */
  function stalled(headers: Record<string, string>) {
    const state = { cancelled: false };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("partial"));
      },
      cancel() {
        state.cancelled = true;
      },
    });
    const request = new Request("https://example.com/hook", { method: "POST", headers, body, duplex: "half" } as RequestInit);
    return { request, state };
  }

  it("verifyRequest rejects with body_timeout and cancels the stream", async () => {
    const { request, state } = stalled({ "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    await expect(verifyRequest(github, request, { secret: SECRET, bodyTimeoutMs: TIMEOUT_MS })).rejects.toMatchObject({ code: "body_timeout" });
    expect(state.cancelled).toBe(true);
  });

  it("webhookHandler answers 408 { error: body_timeout }", async () => {
    const handler = vi.fn();
    const { request } = stalled({ "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    const response = await webhookHandler(github, { secret: SECRET, bodyTimeoutMs: TIMEOUT_MS }, handler)(request);
    expect([response.status, await response.json()]).toEqual([408, { error: "body_timeout" }]);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("bodyTimeoutMs: timers and configuration", () => {
  /** The ids of timers set with `delay` that were never cleared. */
  function timersLeft(delay: number) {
    const set = vi.spyOn(globalThis, "setTimeout");
    const cleared = vi.spyOn(globalThis, "clearTimeout");
    return () => {
      const ours = set.mock.calls.flatMap((call, i) => (call[1] === delay ? [set.mock.results[i]!.value as unknown] : []));
      const clearedIds = new Set(cleared.mock.calls.map((call) => call[0] as unknown));
      return { set: ours.length, left: ours.filter((id) => !clearedIds.has(id)).length };
    };
  }
  const nodeRequest = (chunks: (string | Error)[], headers: Record<string, string>) => {
    const stream = new Readable({ read() {} });
    for (const chunk of chunks) {
      if (chunk instanceof Error) setImmediate(() => stream.destroy(chunk)); // once reading started
      else stream.push(chunk);
    }
    if (!chunks.some((chunk) => chunk instanceof Error)) stream.push(null);
    return Object.assign(stream, { headers, url: "/hook" });
  };

  it("the timer is cleared on every path: success, too large, a failing stream, a refused signature", async () => {
    const delay = 60_000;
    const report = timersLeft(delay);
    const headers = await sign(github, { secret: SECRET, payload: "body" });
    await expect(verifyNodeRequest(github, nodeRequest(["bo", "dy"], headers), { secret: SECRET, bodyTimeoutMs: delay })).resolves.toBeDefined();
    await expect(verifyNodeRequest(github, nodeRequest(["x".repeat(100)], headers), { secret: SECRET, bodyTimeoutMs: delay, maxBodyBytes: 10 })).rejects.toMatchObject({
      code: "payload_too_large",
    });
    await expect(verifyNodeRequest(github, nodeRequest(["bo", new Error("reset")], headers), { secret: SECRET, bodyTimeoutMs: delay })).rejects.toThrow("reset");
    const post = (body: string) => new Request("https://example.com/hook", { method: "POST", headers, body });
    await expect(verifyRequest(github, post("body"), { secret: SECRET, bodyTimeoutMs: delay })).resolves.toBeDefined();
    await expect(verifyRequest(github, post("tampered"), { secret: SECRET, bodyTimeoutMs: delay })).rejects.toMatchObject({ code: "no_matching_signature" });
    const chunked = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new Uint8Array(100)), c.close()) });
    const large = new Request("https://example.com/hook", { method: "POST", headers, body: chunked, duplex: "half" } as RequestInit);
    await expect(verifyRequest(github, large, { secret: SECRET, bodyTimeoutMs: delay, maxBodyBytes: 10 })).rejects.toMatchObject({ code: "payload_too_large" });
    expect(report()).toEqual({ set: 6, left: 0 });
  });

  it("defaults to 10 seconds; Infinity sets no timer at all", async () => {
    const headers = await sign(github, { secret: SECRET, payload: "body" });
    const post = () => new Request("https://example.com/hook", { method: "POST", headers, body: "body" });
    const byDefault = timersLeft(10_000);
    await verifyRequest(github, post(), { secret: SECRET });
    expect(byDefault()).toEqual({ set: 1, left: 0 });
    vi.restoreAllMocks();
    const set = vi.spyOn(globalThis, "setTimeout");
    await verifyRequest(github, post(), { secret: SECRET, bodyTimeoutMs: Infinity });
    expect(set.mock.calls.filter((call) => call[1] === Infinity)).toEqual([]);
  });

  it("a wrong bodyTimeoutMs is a TypeError or RangeError when a helper is made or called", async () => {
    const request = () => new Request("https://example.com/hook", { method: "POST", body: "x" });
    for (const [value, type] of [
      ["10000", TypeError],
      [NaN, TypeError],
      [null, TypeError],
      [0, RangeError],
      [-5, RangeError],
      [2 ** 31, RangeError],
      [-Infinity, RangeError],
    ] as const) {
      const options = { secret: SECRET, bodyTimeoutMs: value as unknown as number };
      expect(() => webhookHandler(github, options, () => new Response())).toThrow(type);
      expect(() => webhookMiddleware(github, options)).toThrow(type);
      await expect(verifyRequest(github, request(), options)).rejects.toThrow(type);
      await expect(verifyNodeRequest(github, nodeRequest(["x"], {}), options)).rejects.toThrow(type);
    }
  });
});
