// A webhook receiver as an application writes it, for the end-to-end test:
// node receiver.mjs <bundle> <redis|ioredis> <url> <prefix> <secret> <name>
// Listens on 127.0.0.1 (a free port, printed as {"port":N}); verifies Standard Webhooks
// deliveries with a Redis replay store shared with the other receivers; its handler fails
// for an event whose "failOn" is this receiver's name, and then releases the claim.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { connectClient } from "./clients.mjs";

const [bundle, kind, url, prefix, secret, name] = process.argv.slice(2);
const { redisReplayStore, ReplayStoreError, standardWebhooks, verify, WebhookVerificationError } = await import(pathToFileURL(bundle).href);

const connection = await connectClient(kind, url);
const replay = redisReplayStore(connection.client, { prefix });

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const payload = Buffer.concat(chunks); // the raw body

  let verified;
  try {
    verified = await verify(standardWebhooks, { secret, payload, headers: req.headers, replay });
  } catch (error) {
    if (error instanceof WebhookVerificationError) res.writeHead(error.code === "replayed" ? 409 : 400).end(error.code);
    else if (error instanceof ReplayStoreError) res.writeHead(503).end("replay_store_failed"); // fail closed: retry later
    else res.writeHead(500).end("error");
    return;
  }
  try {
    const event = JSON.parse(payload.toString("utf8"));
    if (event.failOn === name) throw new Error("the handler failed");
    res.writeHead(204, { "x-receiver": name }).end();
  } catch {
    await verified.release(); // give the message back: the provider's retry must be accepted
    res.writeHead(500, { "x-receiver": name }).end("handler_failed");
  }
});
server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n"));
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  connection.close().finally(() => process.exit(0));
});
