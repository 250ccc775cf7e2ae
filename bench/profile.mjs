// CPU profile of one hookseal verification case, for finding where its time goes.
//
//   npm run build && node bench/profile.mjs [sync|node|web] [github|stripe|standardWebhooks] [bytes]
//
// Runs the case in a loop for 5 s under the V8 profiler (node:inspector, no flags needed),
// writes bench/.work/<case>.cpuprofile (open it in Chrome DevTools) and prints the functions
// with the most self time. Not part of `npm run bench`.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import * as hsNode from "hookseal/node";
import * as hsWeb from "hookseal/web";
import { secrets, webhookFixture } from "./fixtures.mjs";

const [mode = "sync", scheme = "github", size = "1024"] = process.argv.slice(2);
const fx = webhookFixture(Number(size));
const options = { secret: secrets[scheme], payload: fx.body, headers: fx.headers.record[scheme] };
const run = {
  sync: () => hsNode.verifySync(hsNode[scheme], options),
  node: () => hsNode.verify(hsNode[scheme], options),
  web: () => hsWeb.verify(hsWeb[scheme], options),
}[mode];
if (run === undefined || hsNode[scheme] === undefined) {
  console.error("usage: node bench/profile.mjs [sync|node|web] [github|stripe|standardWebhooks] [payload bytes]");
  process.exit(2);
}

for (let i = 0; i < 20_000; i++) await run(); // warm up before profiling

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 20 });
await session.post("Profiler.start");
const end = Date.now() + 5000;
let calls = 0;
while (Date.now() < end) {
  for (let i = 0; i < 100; i++) await run();
  calls += 100;
}
const { profile } = await session.post("Profiler.stop");
session.disconnect();

const name = `${mode}-${scheme}-${size}`;
mkdirSync(new URL(".work/", import.meta.url), { recursive: true });
writeFileSync(new URL(`.work/${name}.cpuprofile`, import.meta.url), JSON.stringify(profile));

// Self time per function, from the sample counts.
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const { callFrame } = byId.get(profile.samples[i]);
  const where = callFrame.url === "" ? "" : ` ${callFrame.url.split("/").slice(-2).join("/")}:${callFrame.lineNumber + 1}`;
  const key = `${callFrame.functionName || "(anonymous)"}${where}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`${name}: ${((5000 * 1e6) / calls).toFixed(0)} ns per call under the profiler; bench/.work/${name}.cpuprofile`);
for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${((100 * time) / total).toFixed(1).padStart(6)}%  ${key}`);
}
