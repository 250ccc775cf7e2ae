// `hookseal listen --forward`: relay a verified delivery to the app byte for byte (method,
// target, headers, body) and pass the app's answer (status, headers, body) back to the sender.
import * as http from "node:http";
import * as https from "node:https";
import { isIP } from "node:net";
import { pipeline } from "node:stream";

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, not to the message: they are
// not relayed either way. The body is relayed whole, so its length is set anew and a
// `Expect: 100-continue` has already been answered.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect", "content-length"]);

/** Raw headers (name, value, name, value …) without the hop-by-hop ones, and those `Connection` names. */
function endToEnd(raw: readonly string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === "connection") for (const name of raw[i + 1]!.split(",")) named.add(name.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name) && !named.has(name)) kept.push(raw[i]!, raw[i + 1]!);
  }
  return kept;
}

/**
 * Where a delivery goes: `--forward` as given when it names a path (as `stripe listen
 * --forward-to` does), else its origin with the delivery's own path and query.
 */
export function forwardTarget(forward: URL, requestTarget: string): URL {
  if (forward.pathname !== "/" || forward.search !== "") return forward;
  return new URL(requestTarget.startsWith("/") ? requestTarget : "/", forward);
}

/** A failure to reach a peer, for a person: the cause without a URL or anything sent. */
export function networkProblem(error: unknown, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ETIMEDOUT: `no complete answer within ${timeoutMs / 1000} s`,
    ECONNREFUSED: "connection refused: is anything listening on that port?",
    ECONNRESET: "the connection was reset",
    ENOTFOUND: "no such host",
    EAI_AGAIN: "the host name could not be resolved",
    EPIPE: "the connection closed while sending",
  };
  if (code !== undefined && reasons[code] !== undefined) return `${reasons[code]} (${code})`;
  return code !== undefined ? `network error (${code})` : error instanceof Error ? error.message : "network error";
}

/** How a relay ended: the app's status, or why there was none (then the sender got 502 or 504). */
export type Relayed = { status: number; statusText: string; bytes: number; ms: number } | { failed: string; status?: 502 | 504; ms: number };

/**
 * Sends the verified `body` with the delivery's method and headers to the app, and streams the
 * app's answer back on `res`, all within `timeoutMs`. The Host header is the sender's, so an app
 * that checks a URL-signing scheme (Twilio, Square) sees the URL the sender signed.
 */
export function relay(req: http.IncomingMessage, body: Uint8Array, res: http.ServerResponse, forward: URL, timeoutMs: number): Promise<Relayed> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const target = forwardTarget(forward, req.url ?? "/");
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Relayed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (status: 502 | 504, error: unknown) => {
      const failed = networkProblem(error, timeoutMs);
      if (!res.headersSent) res.writeHead(status, { "content-type": "application/json", connection: "close" }).end(JSON.stringify({ error: status === 504 ? "forward_timeout" : "forward_failed" }));
      else res.destroy(); // the answer was under way: the sender sees it cut, not completed
      settle({ failed, status, ms: ms() });
    };
    const headers = [...endToEnd(req.rawHeaders), "Content-Length", String(body.byteLength)];
    const secure = target.protocol === "https:";
    const request = (secure ? https : http).request(target, {
      method: req.method,
      headers,
      agent: false, // no pooled socket outlives the listener
      // The Host header is the sender's: name the app's own host for TLS (SNI takes names, not addresses).
      ...(secure && isIP(target.hostname) === 0 ? { servername: target.hostname } : {}),
    });
    const timer = setTimeout(() => {
      const timeout = Object.assign(new Error("timed out"), { code: "ETIMEDOUT" });
      fail(504, timeout);
      request.destroy(timeout);
    }, timeoutMs);
    request.on("error", (error) => fail(502, error));
    // The sender hung up, or listen is stopping: the exchange with the app ends too (bounded exit).
    res.on("close", () => {
      if (settled || res.writableFinished) return;
      settle({ failed: "the sender's connection closed before the app's answer was passed back", ms: ms() });
      request.destroy();
    });
    request.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders).concat(answer.headers["content-length"] !== undefined ? ["Content-Length", answer.headers["content-length"]] : []));
      let bytes = 0;
      answer.on("data", (chunk: Buffer) => (bytes += chunk.length));
      pipeline(answer, res, (error) => {
        if (error) fail(502, error);
        else settle({ status: answer.statusCode ?? 502, statusText: answer.statusMessage ?? "", bytes, ms: ms() });
      });
    });
    request.end(body);
  });
}
