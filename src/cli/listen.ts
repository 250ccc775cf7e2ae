// `hookseal listen`: a local receiver for development. It verifies every delivery with the
// library's own Node request helper, answers as the helpers do, prints what was proven (or the
// error code and what to check), and with --forward relays verified deliveries to the app.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as api from "../node.js";
import { DEFAULT_MAX_BODY_BYTES } from "../receive/request.js";
import {
  type Command,
  DEFAULT_SECRET_ENV,
  err,
  httpUrl,
  numberOption,
  OK,
  out,
  readSecrets,
  schemeNamed,
  SECRET_OPTIONS,
  type SecretValues,
  secondsOption,
  UsageError,
} from "./common.js";
import { relay } from "./relay.js";
import { hint, indent, printable, showBody, verdict } from "./show.js";

const DEFAULT_PORT = 8788;

/** After Ctrl-C or SIGTERM, how long deliveries under way may still finish. */
const CLOSE_GRACE_MS = 2_000;

function portOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || port > 65535) throw new UsageError("--port must be a port number from 0 to 65535 (0: any free port)", "listen");
  return port;
}

const time = () => new Date().toISOString().slice(11, 19);

/**
 * The request target for the log: the path, and the query's parameter names without their
 * values (some senders put a token there).
 */
function shownTarget(target: string | undefined): string {
  if (target === undefined || !target.startsWith("/")) return "(no path)";
  const url = new URL(target, "http://localhost");
  const names = [...url.searchParams.keys()].map((name) => `${name}=…`);
  return printable(url.pathname + (names.length > 0 ? `?${names.join("&")}` : target.includes("?") ? "?…" : ""));
}

/** The helpers' answer to a refusal: JSON `{ "error": code }`, closing the connection after an unread body. */
function refuse(res: ServerResponse, status: number, code: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json", ...(status === 413 || status === 408 ? { connection: "close" } : {}) }).end(JSON.stringify({ error: code }));
}

export const listen: Command = {
  summary: "run a local receiver that verifies, shows and forwards deliveries",
  usage: `Usage: hookseal listen --scheme NAME [--secret-env VAR | --secret-file FILE] [--port P] [--forward URL] [options]

Runs a receiver on this machine that verifies every delivery as hookseal's request helpers do.
For each one it prints a line with the verdict (the scheme, which secret matched, and the
signed id and timestamp) and the body (JSON indented, text as is, binary summarized), or the
error code and what to check. It answers the sender as the helpers do: 204 for a verified
delivery (with --forward: the app's answer), 401 with {"error": code} for a refused one,
413 for a body over --max-body-bytes (not read), 408 for a body that stalls.

  --scheme NAME           the scheme, by export name (see: hookseal schemes)
  --secret-env VAR        read the secret from the environment variable VAR (default: ${DEFAULT_SECRET_ENV});
                          repeat for several secrets (rotation): any one may match
  --secret-file FILE      read the secret from FILE (one trailing newline is ignored)
  --port P                the port to listen on (default: ${DEFAULT_PORT}; 0: any free port)
  --host HOST             the address to listen on (default: 127.0.0.1, this machine only)
  --path PATH             accept deliveries on this path only (default: any path)
  --forward URL           relay each verified delivery to your app at URL, byte for byte (method,
                          headers, body), and pass the app's answer back to the sender. A URL
                          without a path gets the delivery's own path and query. The Host
                          header stays the sender's, so an app that checks a scheme signing
                          the URL sees the signed one. An app that cannot be reached: 502
  --forward-timeout S     most seconds the app may take to answer (default: 10; then 504)
  --url URL               the public URL senders sign, for schemes that sign it (behind a
                          tunnel); default: the URL this receiver was addressed with
  --tolerance SECONDS     how far a signed timestamp may be from now (default: the scheme's own)
  --max-body-bytes N      largest body accepted (default: ${DEFAULT_MAX_BODY_BYTES}, as the helpers)
  -h, --help              show this help

The secret, the signatures and query values are never printed; refused bodies are not
shown or forwarded. Stop it with Ctrl-C (or SIGTERM): it stops accepting, lets deliveries under way
finish for up to ${CLOSE_GRACE_MS / 1000} s, and exits 0.

Example:
  export HOOKSEAL_SECRET=whsec_...
  hookseal listen --scheme github --port 8788 --forward http://127.0.0.1:3000
  hookseal send --scheme github --url http://127.0.0.1:8788/webhooks/github --file event.json`,
  options: {
    scheme: { type: "string" },
    ...SECRET_OPTIONS,
    port: { type: "string" },
    host: { type: "string" },
    path: { type: "string" },
    forward: { type: "string" },
    "forward-timeout": { type: "string" },
    url: { type: "string" },
    tolerance: { type: "string" },
    "max-body-bytes": { type: "string" },
  },
  async run(values) {
    const scheme = schemeNamed(values.scheme as string | undefined, "listen");
    const port = portOption(values.port as string | undefined);
    const host = (values.host as string | undefined) ?? "127.0.0.1";
    const path = values.path as string | undefined;
    if (path !== undefined && !path.startsWith("/")) throw new UsageError("--path must start with /", "listen");
    const forward = httpUrl(values.forward as string | undefined, "forward", "listen");
    const forwardTimeoutMs = secondsOption(values["forward-timeout"] as string | undefined, "forward-timeout", 10, 3600, "listen") * 1000;
    const url = httpUrl(values.url as string | undefined, "url", "listen")?.href;
    const maxBodyBytes = numberOption(values["max-body-bytes"] as string | undefined, "max-body-bytes", "listen") ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(maxBodyBytes)) throw new UsageError("--max-body-bytes must be a whole number of bytes", "listen");
    const secrets = readSecrets(values as SecretValues, "listen");
    const options: api.VerifyNodeRequestOptions = {
      secret: secrets.length === 1 ? secrets[0]! : secrets,
      tolerance: numberOption(values.tolerance as string | undefined, "tolerance", "listen"),
      maxBodyBytes,
      ...(url !== undefined ? { url } : {}),
    };
    // The helpers check their configuration when made: an unusable secret is refused now, not at the first delivery.
    api.webhookMiddleware(scheme, options);

    const receive = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const head = `${time()} ${printable(req.method ?? "?")} ${shownTarget(req.url)}`;
      if (path !== undefined && new URL(req.url ?? "/", "http://localhost").pathname !== path) {
        refuse(res, 404, "not_found");
        out(`${head}  not found (404): not the --path this receiver listens on`);
        return;
      }
      let webhook: api.VerifiedNodeRequest;
      try {
        webhook = await api.verifyNodeRequest(scheme, req, options);
      } catch (error) {
        if (!(error instanceof api.WebhookVerificationError)) {
          refuse(res, 400, "unreadable_request"); // an aborted upload: nothing proven, nothing shown
          out(`${head}  unreadable: ${printable(error instanceof Error ? error.message : String(error))}`);
          return;
        }
        const status = api.webhookErrorStatus(error);
        refuse(res, status, error.code);
        out(`${head}  refused (${status}): ${error.code}\n  ${printable(error.message)}\n  check: ${hint(error.code, scheme, { maxBodyBytes, url })}`);
        return;
      }
      const lines = [`${head}  verified: ${verdict(webhook)}`, indent(showBody(webhook.body))];
      if (forward === undefined) {
        res.writeHead(204).end();
        lines.push("  answered 204");
      } else {
        const relayed = await relay(req, webhook.body, res, forward, forwardTimeoutMs);
        lines.push(
          "failed" in relayed
            ? `  forward failed${relayed.status === undefined ? "" : ` (answered ${relayed.status})`}: ${relayed.failed}`
            : `  forwarded: the app answered ${relayed.status} ${printable(relayed.statusText)} (${relayed.bytes} bytes, ${relayed.ms} ms), passed back to the sender`,
        );
      }
      out(lines.join("\n"));
    };

    const server = createServer((req, res) => {
      receive(req, res).catch((error: unknown) => {
        err(`hookseal listen: internal error: ${error instanceof Error ? error.message : String(error)}`);
        refuse(res, 500, "internal_error");
      });
    });
    // Bounded: a sender gets 10 s for its headers and 30 s for the whole request (the body
    // itself is bounded by the helper's own 10 s).
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;

    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EADDRINUSE") reject(new UsageError("--port is in use: pick another (0: any free port)", "listen"));
        else if (error.code === "EACCES") reject(new UsageError("--port needs privileges here: pick one above 1023", "listen"));
        else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") reject(new UsageError("--host is not an address of this machine", "listen"));
        else reject(error);
      });
      server.listen(port, host, resolve);
    });
    const address = server.address() as AddressInfo;
    const origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
    out(`hookseal listen: listening on ${origin}${path ?? "/"} (${scheme.name}, ${secrets.length === 1 ? "1 secret" : `${secrets.length} secrets`})`);
    if (forward !== undefined) out(`hookseal listen: verified deliveries go to ${forward.origin}${forward.pathname === "/" && forward.search === "" ? " (with their own path)" : forward.pathname}`);
    if (!/^(127\.|::1$|localhost$)/.test(host)) err("hookseal listen: warning: --host is not a loopback address, so other machines can reach this receiver");

    // Ctrl-C / SIGTERM: stop accepting, let deliveries under way finish (bounded), exit 0.
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        process.once("SIGINT", () => process.exit(130)); // a second Ctrl-C: now
        err(`hookseal listen: ${signal}: stopping`);
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    err("hookseal listen: stopped");
    return OK;
  },
};
