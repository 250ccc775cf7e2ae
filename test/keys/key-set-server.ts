// A real JWKS server on 127.0.0.1 for the key set tests: each test sets how it answers, and
// it counts the requests it served. Started and stopped by the tests that use it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface KeySetServer {
  readonly url: string;
  /** Requests served since start (or the last reset). */
  readonly requests: number;
  handle(handler: Handler): void;
  /** Answers 200 with this JSON text (or object). */
  serve(body: unknown): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startKeySetServer(path = "/.well-known/jwks.json"): Promise<KeySetServer> {
  let handler: Handler = (_req, res) => res.writeHead(404).end();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    get requests() {
      return requests;
    },
    handle(next) {
      handler = next;
    },
    serve(body) {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      handler = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(text);
    },
    reset() {
      requests = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
