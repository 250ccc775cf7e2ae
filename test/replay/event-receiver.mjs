// A Stripe receiver as an application writes it, for the replayKey: "event" end-to-end test:
// node event-receiver.mjs <bundle> <redis|ioredis> <url> <prefix> <secret> <name> <replayed status>
// Listens on 127.0.0.1 (a free port, printed as {"port":N}); verifies Stripe deliveries with a
// Redis replay store shared with the other receivers, claiming each EVENT (its signed `id`) for
// Stripe's three days of retries; its handler fails for an event whose "failOn" is this
// receiver's name, and then releases the claim. A retry of a handled event is answered with
// <replayed status>: 409, or 200 so the provider stops retrying (the application's choice).
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { connectClient } from "./clients.mjs";

const [bundle, kind, url, prefix, secret, name, replayedStatus] = process.argv.slice(2);
const { redisReplayStore, ReplayStoreError, stripe, verify, WebhookVerificationError } = await import(pathToFileURL(bundle).href);

const connection = await connectClient(kind, url);
const replay = redisReplayStore(connection.client, { prefix });

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const payload = Buffer.concat(chunks); // the raw body

  let verified;
  try {
    verified = await verify(stripe, { secret, payload, headers: req.headers, replay, replayKey: "event", replayTtl: 3 * 24 * 60 * 60 });
  } catch (error) {
    if (error instanceof WebhookVerificationError && error.code === "replayed") res.writeHead(Number(replayedStatus)).end("replayed");
    else if (error instanceof WebhookVerificationError) res.writeHead(400).end(error.code);
    else if (error instanceof ReplayStoreError) res.writeHead(503).end("replay_store_failed"); // fail closed: retry later
    else res.writeHead(500).end("error");
    return;
  }
  try {
    const event = JSON.parse(payload.toString("utf8"));
    if (event.failOn === name) throw new Error("the handler failed");
    res.writeHead(204, { "x-receiver": name, "x-event-id": verified.eventId }).end();
  } catch {
    await verified.release(); // give the event back: Stripe's retry must be accepted
    res.writeHead(500, { "x-receiver": name }).end("handler_failed");
  }
});
server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n"));
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  connection.close().finally(() => process.exit(0));
});
