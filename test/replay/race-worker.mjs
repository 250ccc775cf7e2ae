// One side of the race test: node race-worker.mjs <bundle> <redis|ioredis> <url> <prefix> <secret> <count> <now>
// Signs messages msg_0 … msg_<count-1> (deterministically, so both workers hold the same
// deliveries), prints "ready", waits for "go <epoch ms>" on stdin, then verifies them all
// with a Redis replay store, paced as below, and prints {"won":[ids],"replayed":n,"errors":[…]}.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { connectClient } from "./clients.mjs";

const [bundle, kind, url, prefix, secret, countText, nowText] = process.argv.slice(2);
const { redisReplayStore, sign, standardWebhooks, verify, WebhookVerificationError } = await import(pathToFileURL(bundle).href);
const count = Number(countText);
const now = Number(nowText);

const connection = await connectClient(kind, url);
const replay = redisReplayStore(connection.client, { prefix });
const deliveries = [];
for (let i = 0; i < count; i++) {
  const payload = JSON.stringify({ type: "race", i });
  deliveries.push({ i, payload, headers: await sign(standardWebhooks, { secret, payload, id: `msg_${i}`, timestamp: now }) });
}

const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
let startAt = Date.now();
for await (const line of lines) {
  const [word, at] = line.trim().split(" ");
  if (word === "go") {
    startAt = Number(at);
    break;
  }
}
// The ids go in slices of 20 that both workers start at about the same wall-clock instants
// (a slice every 10 ms from "go", plus a random 0-2 ms so neither process is always first),
// each in its own random order with only 2 claims in flight, so Redis gets the two
// processes' claims of the same keys interleaved (a whole burst sent in one write would be
// run before the other process's). 50 slices: a real race, many times over, even if one
// process is scheduled late now and then on a busy machine.
const SLICE = 20;
const SLICE_MS = 10;
const LANES = 2;
const sleepUntil = (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
const shuffled = (items) => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

const won = [];
const errors = [];
let replayed = 0;
for (let first = 0, slice = 0; first < deliveries.length; first += SLICE, slice++) {
  await sleepUntil(startAt + slice * SLICE_MS + Math.random() * 2);
  const queue = shuffled(deliveries.slice(first, first + SLICE));
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        const { i, payload, headers } = next;
        try {
          await verify(standardWebhooks, { secret, payload, headers, now, replay });
          won.push(i);
        } catch (error) {
          if (error instanceof WebhookVerificationError && error.code === "replayed") replayed++;
          else errors.push(String(error));
        }
      }
    }),
  );
}
process.stdout.write(JSON.stringify({ won, replayed, errors }) + "\n");
await connection.close();
lines.close();
