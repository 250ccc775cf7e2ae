// One side of the race test: node race-worker.mjs <bundle> <redis|ioredis> <url> <prefix> <secret> <count> <now>
// Signs messages msg_0 … msg_<count-1> (deterministically, so both workers hold the same
// deliveries), prints "ready", waits for "go" on stdin, then verifies them all with a Redis
// replay store, in step with the other worker as below, and prints
// {"won":[ids],"replayed":n,"errors":[…]}.
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
for await (const line of lines) if (line.trim() === "go") break;
// The ids go in slices of 20 that both workers start together, each in its own random order
// with only 2 claims in flight, so Redis gets the two processes' claims of the same keys
// interleaved (a whole burst sent in one write would be run before the other process's).
// "Together" is a barrier in Redis, not the clock: pacing slices by wall-clock time left one
// process a few ms ahead often enough that it won whole slices (1-5 of 50 slices contested
// in many runs, none in some, measured on an idle machine); with the barrier 44-50 of 50 are.
const SLICE = 20;
const LANES = 2;
/** Waits until both workers have reached slice `slice` (its counter in Redis counts arrivals). */
async function bothAt(slice) {
  const key = `${prefix}barrier:${slice}`;
  await connection.client.incr(key);
  while (Number(await connection.client.get(key)) < 2);
}
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
  await bothAt(slice);
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
