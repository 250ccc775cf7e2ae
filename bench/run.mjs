// hookseal benchmarks: the hot verification path next to the raw platform primitives and the
// peer libraries, in one process.
//
//   npm run bench        builds the package, runs this file, regenerates docs/benchmarks.md
//
// It imports the BUILT package (`hookseal/node`, `hookseal/web`: the package's own exports),
// so what is timed is what users install. Every case is first checked for correctness (the
// signed body accepted, a tampered one rejected); a case that fails stops the run before
// anything is timed. Cases are then timed in rounds (see "Timing" below) and every ratio is
// taken within a round, so a slow minute on the machine moves both sides of a ratio.
//
// Options: --quick (short timing budget, for trying changes: writes bench/.work/results.quick.json
// and leaves bench/results.json and the docs alone).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { importWebKeys, jwtCases, jwtExported, rotationCases, webhookCases } from "./cases.mjs";
import { KiB, MiB, SIZES, jwtFixture, sizeLabel, webhookFixture } from "./fixtures.mjs";
import { accepts, allocation, median, time, warmUp } from "./measure.mjs";
import { hostileMarkdown, writeDocs } from "./report.mjs";
import { evaluateTargets } from "./targets.mjs";
import { runHostile } from "./hostile.mjs";

const started = performance.now();
const loadAtStart = loadavg()[0];
const quick = process.argv.includes("--quick");
// Rounds of timing: at least MIN_ROUNDS, then more while the timing phase is within its
// budget, up to MAX_ROUNDS. A quiet machine gets more rounds; a busy one still finishes
// `npm run bench` well inside 3 minutes.
const MIN_ROUNDS = quick ? 3 : 12;
const MAX_ROUNDS = quick ? 4 : 40;
const TIMING_BUDGET_S = quick ? 20 : 85;
const BUDGET_MS = quick ? 8 : 20; // mitata's CPU-time budget per case and round
const root = new URL("..", import.meta.url);

if (typeof globalThis.gc !== "function") {
  console.error("bench: run with `node --expose-gc` (npm run bench does) so allocations can be measured");
  process.exit(1);
}

// ---------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------
const fixtures = new Map(SIZES.map((size) => [size, webhookFixture(size)]));
const webKeys = await importWebKeys();
const jwt = jwtFixture();
const cases = [
  ...SIZES.flatMap((size) => webhookCases(fixtures.get(size), webKeys)),
  ...rotationCases(fixtures.get(KiB)),
  ...jwtCases(jwt),
];
const inputs = (c) => (c.kind === "jwt" ? [jwt.token, jwt.tampered] : [fixtures.get(c.size).body, fixtures.get(c.size).tampered]);
const where = (c) => (c.kind === "jwt" ? "JWT" : sizeLabel(c.size));

for (const c of cases.filter((c) => c.skip)) console.log(`SKIPPED ${c.id}: ${c.skip}`);
const active = cases.filter((c) => !c.skip);

// ---------------------------------------------------------------------------------------
// Correctness, before any timing
// ---------------------------------------------------------------------------------------
const broken = [];
for (const c of active) {
  const [valid, tampered] = inputs(c);
  const acceptsValid = await accepts(c.make(valid));
  const rejectsTampered = !(await accepts(c.make(tampered)));
  if (!acceptsValid || !rejectsTampered) {
    broken.push(`${c.id} @ ${where(c)}: ${acceptsValid ? "" : "rejects the signed input "}${rejectsTampered ? "" : "accepts the tampered input"}`);
  }
}
if (broken.length > 0) {
  console.error(`bench: ${broken.length} case(s) failed the correctness check; nothing was timed:\n  ${broken.join("\n  ")}`);
  process.exit(1);
}
console.log(`correctness: ${active.length} cases accept the signed input and reject the tampered one`);

// ---------------------------------------------------------------------------------------
// Timing. Cases are timed in ROUNDS: each round measures every case of a block (one payload
// size, or the JWT cases) back to back, in alternating order, and every case gets a median
// (p50) per round. The machine this runs on is shared, and other work only ever ADDS time
// (Web Crypto's thread-pool round trip suffers most: one raw subtle.sign was seen taking
// 16 µs in one round and 85 µs in another), so a case's reported time is its fastest round:
// the best estimate of what it costs on a quiet machine. Ratios are of those times. The
// median over rounds is kept in results.json as well.
// ---------------------------------------------------------------------------------------
const blockOf = (c) => (c.kind === "jwt" ? "jwt" : String(c.size));
const blocks = [...new Set(active.map(blockOf))].map((block) => active.filter((c) => blockOf(c) === block));
const fns = new Map(active.map((c) => [c, c.make(inputs(c)[0])]));
const perRound = new Map(active.map((c) => [c, []]));

const timingStart = performance.now();
for (const c of active) await warmUp(fns.get(c), quick ? 10 : 30);
let rounds = 0;
for (let round = 0; round < MAX_ROUNDS; round++) {
  const elapsed = (performance.now() - timingStart) / 1000;
  // Stop when another round (as long as the average so far) would overrun the budget.
  if (round >= MIN_ROUNDS && elapsed + elapsed / round > TIMING_BUDGET_S) break;
  rounds++;
  for (const block of blocks) {
    globalThis.gc();
    for (const c of round % 2 === 0 ? block : [...block].reverse()) perRound.get(c).push(await time(fns.get(c), BUDGET_MS));
  }
}
console.log(`timing: ${rounds} rounds, ${((performance.now() - timingStart) / 1000).toFixed(1)} s`);

// Hostile requests (issue 12): refusing an attack, next to a valid delivery and one raw HMAC.
const hostileStart = performance.now();
const hostile = await runHostile({ rounds: quick ? 3 : 6 });
console.log(`hostile requests: ${((performance.now() - hostileStart) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------------------------------
// Allocation per call, at 1 KiB and 1 MiB (and the JWT)
// ---------------------------------------------------------------------------------------
const allocations = new Map();
const memoryStart = performance.now();
for (const c of active) {
  if (c.kind === "webhook" && c.size === 64 * KiB) continue;
  if (c.id === "raw-web-import") continue;
  const calls = c.size >= MiB ? 16 : 2000;
  allocations.set(c, await allocation(c.make(inputs(c)[0]), { calls }));
}
console.log(`allocation: ${((performance.now() - memoryStart) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------
const baselineOf = (c, id) =>
  c.kind === "jwt"
    ? id === "raw-node"
      ? active.find((b) => b.id === "jwt-raw-node")
      : undefined
    : active.find((b) => b.id === id && b.size === c.size && b.kind === "webhook");
const summarize = (rounds) => ({
  best: Math.min(...rounds.map((r) => r.p50)),
  medianOfRounds: median(rounds.map((r) => r.p50)),
  min: Math.min(...rounds.map((r) => r.min)),
  rounds: rounds.length,
  samples: rounds.reduce((sum, r) => sum + r.samples, 0),
  p50ByRound: rounds.map((r) => Math.round(r.p50 * 10) / 10),
});
const summaries = new Map(active.map((c) => [c, summarize(perRound.get(c))]));
const ratioTo = (c, id) => {
  const base = baselineOf(c, id);
  return base === undefined ? undefined : summaries.get(c).best / summaries.get(base).best;
};
const results = cases.map((c) => {
  const ns = summaries.get(c);
  return {
    id: c.id,
    kind: c.kind,
    group: c.group,
    lib: c.lib,
    adapter: c.adapter,
    scheme: c.scheme,
    size: c.size,
    label: c.label,
    skip: c.skip,
    ns,
    ratio: ns === undefined ? undefined : { rawNode: ratioTo(c, "raw-node"), rawWeb: ratioTo(c, "raw-web") },
    alloc: allocations.get(c),
  };
});

function git(...args) {
  try {
    return execFileSync("git", args, { cwd: fileURLToPath(root), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}
const cpuModel = () => {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1];
  } catch {
    return undefined;
  }
};
const pkg = (name) => JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), "utf8")).version;
const peers = ["mitata", "@octokit/webhooks-methods", "stripe", "standardwebhooks", "svix", "jose", "jsonwebtoken"];

const targets = evaluateTargets(results);
const output = {
  meta: {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    openssl: process.versions.openssl,
    platform: `${process.platform} ${process.arch}`,
    nproc: availableParallelism(),
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
    cpu: cpuModel() ?? cpus()[0]?.model,
    hookseal: JSON.parse(readFileSync(new URL("package.json", root), "utf8")).version,
    commit: git("rev-parse", "--short", "HEAD"),
    workingTreeDirty: (git("status", "--porcelain") ?? "") !== "",
    versions: Object.fromEntries(peers.map((name) => [name, pkg(name)])),
    jwtExported,
    quick,
    rounds,
    budgetMsPerCasePerRound: BUDGET_MS,
    statistic: "time: the fastest round's median (mitata p50, ns per call); ratio: of those times",
    seconds: undefined,
  },
  cases: results,
  hostile,
  targets,
};

// ---------------------------------------------------------------------------------------
// Print
// ---------------------------------------------------------------------------------------
const pad = (text, width, right = false) => (right ? String(text).padStart(width) : String(text).padEnd(width));
const ns = (value) => (value >= 1e6 ? `${(value / 1e6).toFixed(2)} ms` : value >= 1e3 ? `${(value / 1e3).toFixed(2)} µs` : `${value.toFixed(0)} ns`);
const x = (value) => (value === undefined ? "" : `${value.toFixed(2)}×`);
const bytes = (a) => (a?.bytesPerCall === undefined ? "" : a.bytesPerCall >= 10 * KiB ? `${(a.bytesPerCall / KiB).toFixed(0)} KiB` : `${a.bytesPerCall.toFixed(0)} B`);

const rows = results.map((r) => [
  r.kind === "jwt" ? "JWT" : r.kind === "rotation" ? `${sizeLabel(r.size)} rot.` : sizeLabel(r.size),
  `${r.lib}: ${r.label}`,
  r.ns === undefined ? "skipped" : ns(r.ns.best),
  r.ns === undefined ? "" : `${r.ns.best.toFixed(0)}`,
  x(r.ratio?.rawNode),
  x(r.ratio?.rawWeb),
  bytes(r.alloc),
]);
const header = ["size", "case", "time", "ns/op", "× raw node", "× raw web", "alloc/call"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => pad(cell, Math.min(widths[i], i === 1 ? 92 : 99), i >= 2)).join("  ");
console.log(`\n${line(header)}`);
for (const [i, row] of rows.entries()) {
  if (i > 0 && rows[i - 1][0] !== row[0]) console.log("");
  console.log(line(row.map((cell, j) => (j === 1 && cell.length > 92 ? `${cell.slice(0, 91)}…` : cell))));
}
console.log(`\nHostile requests (issue 12)\n\n${hostileMarkdown(hostile)}`);
console.log("\nTargets (issue 5):");
for (const t of targets) {
  const status = t.pass === null ? "n/a " : t.pass ? "PASS" : "MISS";
  const value = t.measured === undefined ? "not measured" : t.unit === "bytes per call" ? `${t.measured.toFixed(0)} B` : `${t.measured.toFixed(2)}${t.unit ? ` ${t.unit}` : "×"}`;
  console.log(`  ${status}  [${t.group}] ${t.name} → ${value}${t.detail ? `  (${t.detail})` : ""}`);
}

output.meta.seconds = Math.round((performance.now() - started) / 100) / 10;
if (quick) {
  // A quick run is for trying changes: it never replaces the published results.
  mkdirSync(new URL("bench/.work/", root), { recursive: true });
  writeFileSync(new URL("bench/.work/results.quick.json", root), `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nwrote bench/.work/results.quick.json (${output.meta.seconds} s in this process)`);
} else {
  writeFileSync(new URL("bench/results.json", root), `${JSON.stringify(output, null, 2)}\n`);
  writeDocs(output, root);
  console.log(`\nwrote bench/results.json, docs/benchmarks.md, docs/benchmarks.svg (${output.meta.seconds} s in this process)`);
}
