// Writes docs/benchmarks.md and docs/benchmarks.svg from the results of bench/run.mjs.
//
//   node bench/report.mjs     regenerates both from bench/results.json without re-running
//
// The chart is plain SVG written here: no chart library.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FORMS, KiB, MiB, sizeLabel } from "./fixtures.mjs";

const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const ns = (value) => (value >= 1e6 ? `${(value / 1e6).toFixed(2)} ms` : value >= 1e3 ? `${(value / 1e3).toFixed(2)} µs` : `${value.toFixed(0)} ns`);
const x = (value) => (value === undefined || value === null ? "" : `${value.toFixed(2)}×`);
const bytes = (a) => {
  if (a?.bytesPerCall === undefined) return "";
  const b = a.bytesPerCall;
  return b >= MiB ? `${(b / MiB).toFixed(2)} MiB` : b >= 10 * KiB ? `${(b / KiB).toFixed(0)} KiB` : `${b.toFixed(0)} B`;
};
const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const COLORS = { hookseal: "#2563eb", peer: "#ea7317", baseline: "#9ca3af" };

/** Short chart labels of the public-key cases (issue 15). */
function publicKeyLabel(c) {
  const jwt = c.headerForm === undefined;
  if (c.group === "baseline") return `raw ${c.lib === "raw Web Crypto" ? "subtle.verify" : "crypto.verify"}, ${jwt ? `JWT ${c.alg}` : c.scheme}`;
  if (c.group === "peer") return `${c.lib}${c.id.includes("cryptokey") ? " (CryptoKey)" : c.id.includes("keyobject") ? " (KeyObject)" : ""}, ${jwt ? c.alg : c.scheme}`;
  const entry = c.adapter === "web" ? "web" : "node";
  return jwt ? `hookseal verifyJwt (${entry}${c.id.includes("jwks") ? ", jwks" : ""}), ${c.alg}` : `hookseal verify (${entry}), ${c.scheme}`;
}

/** Short chart labels. */
function chartLabel(c) {
  if (c.kind === "publicKey") return publicKeyLabel(c);
  const peer = {
    "raw-web": "raw Web Crypto, key imported once",
    "raw-web-import": "raw Web Crypto, key imported every call",
    "octokit-node": "@octokit/webhooks-methods (node)",
    "octokit-web": "@octokit/webhooks-methods (web)",
    "stripe-sync": "stripe constructEvent",
    "stripe-async-subtle": "stripe constructEventAsync (SubtleCrypto)",
    standardwebhooks: "standardwebhooks (jsonParse: false)",
    svix: "svix",
    "jwt-raw-node": "raw node:crypto HMAC",
    "jwt-jose-buffer": "jose, Uint8Array secret",
    "jwt-jose-keyobject": "jose, KeyObject secret",
    "jwt-jsonwebtoken-buffer": "jsonwebtoken, Buffer secret",
    "jwt-jsonwebtoken-keyobject": "jsonwebtoken, KeyObject secret",
  };
  const key = Object.keys(peer).find((k) => c.id === k || c.id.startsWith(`${k}-`) && !c.id.startsWith("raw-web-stripe") && !(k === "raw-web" && c.id.startsWith("raw-web-import")));
  if (c.group !== "hookseal" && key !== undefined) return peer[key];
  if (c.kind === "jwt") return "hookseal verifyJwt";
  const entry = { sync: "verifySync", node: "verify (node)", web: "verify (web)", "prepared-sync": "createVerifierSync", "prepared-node": "createVerifier (node)", "prepared-web": "createVerifier (web)" }[c.adapter];
  return `hookseal ${entry}, ${c.scheme}`;
}

const HOOKSEAL_CHART = ["sync", "node", "prepared-sync", "prepared-node", "web", "prepared-web"];
const chartWebhookIds = (form) => [
  ...HOOKSEAL_CHART.flatMap((adapter) => ["github", "stripe", "standardWebhooks"].map((scheme) => `${adapter}-${scheme}-${form}-record`)),
  `raw-web-${form}-record`,
  ...(form === "buffer" ? ["raw-web-import"] : []),
  ...["octokit-node-github", "octokit-web-github", "stripe-sync", "stripe-async-subtle", "standardwebhooks", "svix"].map((id) => `${id}-${form}`),
];
const CHART_JWT_IDS = ["jwt-hookseal-node", "jwt-jose-buffer", "jwt-jose-keyobject", "jwt-jsonwebtoken-buffer", "jwt-jsonwebtoken-keyobject"];
const CHART_PK_WEBHOOK_IDS = ["discord", "standardWebhooks", "sendgrid", "awsSns"].flatMap((scheme) => [
  `pk-node-${scheme}-buffer`,
  `pk-web-${scheme}-buffer`,
  `pk-raw-web-${scheme}-buffer`,
  ...(scheme === "discord" ? ["pk-discord-interactions-buffer"] : []),
]);
const CHART_PK_JWT_IDS = ["RS256", "ES256", "EdDSA"].flatMap((alg) =>
  ["hookseal-node", "hookseal-node-jwks", "hookseal-web", "raw-web", "jose-keyobject", "jsonwebtoken"].map((what) => `jwtpk-${what}-${alg}`),
);

/** A horizontal bar chart: one panel per payload size and form, and one for JWT; bar = time ÷ raw node:crypto's. */
export function chartSvg(output) {
  const sizes = [...new Set(output.cases.filter((c) => c.kind === "webhook").map((c) => c.size))];
  const panels = [
    ...sizes.flatMap((size) =>
      FORMS.map((form) => ({
        title: `Webhook verification, ${sizeLabel(size)} ${form === "string" ? "string" : "Buffer"} payload (Node headers record): time ÷ hand-written node:crypto verifier's`,
        rows: chartWebhookIds(form).map((id) => output.cases.find((c) => c.id === id && c.size === size && c.kind === "webhook" && c.ns !== undefined)),
      })),
    ),
    {
      title: "JWT HS256 verification (~200-character token): time ÷ raw node:crypto HMAC's",
      rows: CHART_JWT_IDS.map((id) => output.cases.find((c) => c.id === id)),
    },
    {
      title: "Public-key webhooks, 1 KiB Buffer payload: time ÷ hand-written crypto.verify's (key imported once)",
      rows: CHART_PK_WEBHOOK_IDS.map((id) => output.cases.find((c) => c.id === id && c.ns !== undefined)),
    },
    {
      title: "verifyJwt RS256 / ES256 / EdDSA, 1 KiB signing input: time ÷ raw crypto.verify's (signature only)",
      rows: CHART_PK_JWT_IDS.map((id) => output.cases.find((c) => c.id === id && c.ns !== undefined)),
    },
  ].map((panel) => ({ ...panel, rows: panel.rows.filter((c) => c !== undefined) }));

  const width = 940;
  const labelWidth = 330;
  const valueWidth = 70;
  const barArea = width - labelWidth - valueWidth - 30;
  const rowHeight = 20;
  const parts = [];
  let y = 56;
  parts.push(
    `<text x="20" y="26" class="title">hookseal vs the raw platform primitive and peer libraries (lower is better; 1× = raw node:crypto)</text>`,
    ...[
      ["hookseal", "hookseal"],
      ["peer", "peer libraries"],
      ["baseline", "raw Web Crypto"],
    ].map(
      ([group, text], i) =>
        `<rect x="${20 + i * 150}" y="36" width="12" height="12" fill="${COLORS[group]}"/><text x="${38 + i * 150}" y="46" class="small">${escape(text)}</text>`,
    ),
  );
  for (const panel of panels) {
    y += 24;
    parts.push(`<text x="20" y="${y}" class="panel">${escape(panel.title)}</text>`);
    y += 10;
    const values = panel.rows.map((c) => Math.min(c.ratio?.rawNode ?? 0, 12));
    const max = Math.max(2, ...values);
    const scale = barArea / max;
    const top = y;
    for (const c of panel.rows) {
      const value = c.ratio?.rawNode;
      const barY = y + 3;
      parts.push(`<text x="${labelWidth + 4}" y="${y + 14}" class="label" text-anchor="end">${escape(chartLabel(c))}</text>`);
      if (value === undefined) {
        parts.push(`<text x="${labelWidth + 14}" y="${y + 14}" class="small">not measured (${escape(c.skip ? "not exported yet" : "skipped")})</text>`);
      } else {
        const w = Math.max(1, Math.min(value, max) * scale);
        parts.push(
          `<rect x="${labelWidth + 10}" y="${barY}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${COLORS[c.group]}"/>`,
          `<text x="${(labelWidth + 16 + w).toFixed(1)}" y="${y + 14}" class="value">${value.toFixed(2)}×</text>`,
        );
      }
      y += rowHeight;
    }
    const oneX = labelWidth + 10 + scale;
    parts.push(
      `<line x1="${oneX.toFixed(1)}" y1="${top}" x2="${oneX.toFixed(1)}" y2="${y}" class="raw"/>`,
      `<text x="${oneX.toFixed(1)}" y="${y + 12}" class="small" text-anchor="middle">1× raw</text>`,
    );
    y += 16;
  }
  y += 10;
  const m = output.meta;
  parts.push(`<text x="20" y="${y}" class="small">${escape(`Node ${m.node}, ${m.cpu} × ${m.nproc}, ${m.date.slice(0, 10)}. Reproduce: npm run bench`)}</text>`);
  y += 12;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    "<style>.title{font-size:15px;font-weight:600}.panel{font-size:13px;font-weight:600}.label{font-size:12px}.value{font-size:11px}.small{font-size:11px;fill:#444}.raw{stroke:#111;stroke-dasharray:3 3}</style>",
    `<rect width="${width}" height="${y}" fill="#fff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

function resultsTable(cases) {
  const lines = ["| case | time per call | × raw node:crypto | × raw Web Crypto | allocated per call |", "| --- | ---: | ---: | ---: | ---: |"];
  for (const c of cases) {
    const name = c.group === "hookseal" ? `**${cell(c.lib)}** ${cell(c.label)}` : `${cell(c.lib)}: ${cell(c.label)}`;
    if (c.ns === undefined) continue; // listed under "Not measured in this run"
    else lines.push(`| ${name} | ${ns(c.ns.best)} | ${x(c.ratio?.rawNode)} | ${x(c.ratio?.rawWeb)} | ${bytes(c.alloc)} |`);
  }
  return lines.join("\n");
}

/** A target's measured value as text: "1.23×", "2,950 bytes". */
export function targetValue(t, value = t.measured) {
  if (value === undefined) return "not measured";
  if (t.unit === "bytes per call" || t.unit === "bytes") return `${value.toLocaleString("en-US", { maximumFractionDigits: 0 })} ${t.unit}`;
  if (t.limit === 0) return `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${t.unit}`;
  return `${value.toFixed(2)}${t.unit ? ` ${t.unit}` : "×"}`;
}

/** "1.10–1.14×" over the passes, or "" with fewer than two. */
function passRange(t) {
  if (t.unit === "bytes" || t.unit === "bytes per call" || t.limit === 0 || (t.passes?.length ?? 0) < 2) return "";
  const lo = Math.min(...t.passes);
  const hi = Math.max(...t.passes);
  return `${lo.toFixed(2)}–${hi.toFixed(2)}`;
}

/** The target as the issue states it: "≤ 1.15×", "< 1× (faster)", "≤ 3,000 B". */
function targetLimit(t) {
  if (t.unit === "bytes") return `≤ ${t.limit.toLocaleString("en-US")} B`;
  if (t.unit === "bytes per call") return `< ${t.limit.toLocaleString("en-US")} B`;
  if (t.group === "vs octokit") return "< 1.00× (faster)";
  if (t.limit === 0) return `0 ${t.unit}`;
  return `≤ ${t.limit.toFixed(2)}×`;
}

/** The Markdown page. */
const msOf = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);

/** The markdown section docs/benchmarks.md shows (report.mjs). */
export function hostileMarkdown(groups) {
  return groups
    .map(
      (group) =>
        `#### ${group.title}\n\n| case | time | × one raw HMAC | × valid delivery |\n| --- | --- | --- | --- |\n` +
        group.cases.map((c) => `| ${c.label} | ${msOf(c.ns)} | ${c.xRawHmac.toFixed(2)}× | ${c.xValid.toFixed(2)}× |`).join("\n"),
    )
    .join("\n\n");
}

export function markdown(output) {
  const m = output.meta;
  const byKind = (kind, size) => output.cases.filter((c) => c.kind === kind && (size === undefined || c.size === size));
  const targetRows = output.targets.map(
    (t) =>
      `| ${cell(t.name)} | ${cell(targetValue(t))} | ${cell(passRange(t))} | ${cell(targetLimit(t))} | ${t.pass === null ? "not measured" : t.pass ? "pass" : "**miss**"} | ${cell(t.detail ?? "")} |`,
  );
  const passed = output.targets.filter((t) => t.pass === true).length;
  const missed = output.targets.filter((t) => t.pass === false).length;
  const skipped = output.cases.filter((c) => c.skip);
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/run.mjs → bench/results.json → bench/report.mjs). Do not edit by hand. -->

What it costs to verify a webhook with hookseal, next to the raw platform primitive
(\`node:crypto\` \`createHmac\`, or Web Crypto \`subtle.sign\` with a key imported once) and the
libraries a user would otherwise pick. Absolute times depend on the machine; the **ratios**,
all measured in one process run, are what to compare.

## This run

| | |
| --- | --- |
| date | ${m.date} |
| machine | ${cell(m.cpu)}, ${m.nproc} CPUs (\`nproc\`), ${m.platform}; 1-minute load average ${m.loadAverage?.start?.toFixed(2) ?? "?"} at the start, ${m.loadAverage?.end?.toFixed(2) ?? "?"} at the end${(m.loadAverage?.start ?? 0) > m.nproc / 2 ? " (the machine was busy with other work: expect noise, above all in the Web Crypto rows)" : ""} |
| Node | ${m.node} (V8 ${m.v8}, OpenSSL ${m.openssl}) |
| hookseal | ${m.hookseal}, commit ${m.commit ?? "?"}${m.workingTreeDirty ? " plus uncommitted changes" : ""}, built with \`npm run build\` |
| peers | ${Object.entries(m.versions).map(([name, version]) => `${cell(name)} ${version}`).join(", ")} |
| method | mitata, ${m.rounds} rounds × ${m.budgetMsPerCasePerRound} ms of CPU time per case; each round times every case of one payload size back to back (alternating order). time = the fastest round's median (p50) time per call (other work on a shared machine only adds time, so the fastest round is the best estimate of the quiet-machine cost; the median over rounds is in \`bench/results.json\`); ratio = of those times. ${m.passes === 2 ? "Two passes: the first times every case, the second times the cases the targets read again, from a fresh warm-up; a case's time is its fastest round over both" : "One pass"}${m.quick ? " (**--quick run: do not publish**)" : ""}${m.filter ? ` (**filtered run, "${cell(m.filter)}": do not publish**)` : ""} |
| duration | ${m.seconds} s in the bench process |

Reproduce with \`npm ci && npm run bench\`: it builds the package, checks every case (the signed
body accepted, a tampered copy rejected), times them, prints the table, and rewrites
\`bench/results.json\`, this page and \`docs/benchmarks.svg\`. \`node bench/report.mjs\` redraws the
page from \`bench/results.json\` alone.

![Bar chart: hookseal and peers, time relative to raw node:crypto](benchmarks.svg)

## Targets

From issue 14 ("The hot path on the inputs users actually pass") and issue 15 ("Public-key
verification within 1.15× of the raw platform call … for RS256, ES256 and EdDSA on a 1 KiB
message; a cached key set adds no fetch and no key import per call"), as the issues state
them, then the rotation and memory checks of issue 5. Measured in this run: ${passed} pass, ${missed} miss${output.targets.some((t) => t.pass === null) ? `, ${output.targets.filter((t) => t.pass === null).length} not measured` : ""}.
"measured" is the ratio of the two cases' fastest rounds over the whole run; "passes" is the
same ratio on each timing pass alone (their spread is this machine's noise, at the time); the
verdict is on "measured". Ratios are against a hand-written verifier on the **same input**
(same payload form; the verdict is on the Node headers record, the Fetch \`Headers\` form is in
the notes, each against a hand-written verifier reading the same form).

| row | measured | passes | target | verdict | notes |
| --- | --- | --- | --- | --- | --- |
${targetRows.join("\n")}

What bounds these ratios, whatever the code:

- At 1 KiB one HMAC-SHA256 with node:crypto takes about 2.5–2.8 µs, most of it
  \`createHmac\`'s own set-up (an empty message costs ~2.4 µs; hashing the KiB ~0.4 µs), so a
  1.15× budget leaves about 400 ns for everything else a verifier must do: find the header, parse and decode the signature, read
  the timestamp, build the result and, for \`verify()\`, settle a promise. The row "the
  hand-written node:crypto verifier inside an async function" shows what the promise alone
  costs. At 1 MiB the HMAC dominates and the fixed work disappears.
- Stripe and Standard Webhooks sign \`"<prefix>." + body\`. node:crypto streams both parts into
  the HMAC; Web Crypto cannot stream, so the web adapter, like a hand-written Web Crypto
  verifier ("hand-written Stripe" rows), joins them into one buffer: the web rows of those
  schemes are judged against that baseline, and the body-only ratio is in the notes.
- A string payload on Web Crypto must be encoded first (\`TextEncoder\`, in the hand-written
  verifier as in hookseal): at 1 MiB that allocates a 1 MiB buffer per call, which costs more
  than the HMAC itself and varies with when the GC runs and how the allocator serves it, so
  every 64 KiB and 1 MiB case starts its round from a collected heap, and the run fixes glibc's
  mmap threshold (bench/README.md). node:crypto hashes a string without that copy.
- The raw JWT baseline only decodes the signature, computes and compares the MAC; a verifier
  must also decode the other two segments, parse the header and the claims, and check them.
  \`JSON.parse\` of the claims alone costs about a sixth of one HMAC here.
- What hookseal's own fixed cost at 1 KiB is made of. On node:crypto the common case (HMAC
  keys, no replay store) runs as one plain function, without the engine's step generator
  (src/engine/direct.ts), and the options of a one-call \`verify()\` are remembered between
  calls (src/engine/remembered.ts). What is left, piece by piece (each timed on its own, Stripe,
  1 KiB, ns per call): the scheme and option checks ~35; finding the header in a Node headers
  record ~50 (a whole scan, since a record may hold a name in several spellings; ~170–210 for
  Standard Webhooks' three headers); reading the signature header ~80; the timestamp ~95, of
  which \`Date.now()\` is ~50; checking that the signature is hex of the MAC's length ~90 (the
  hand-written verifier's \`Buffer.from(hex)\` skips the strict check), and matching it in
  constant time against the MAC ~100 (no bytes are decoded: the MAC is taken as a binary string,
  \`digest("binary")\`, which costs less than the Buffer of \`digest()\`; base64 signatures are
  compared with the MAC's base64); the result with its lazy \`eventId\` ~115–170. A verification
  that this path finishes is answered with a settled promise, without the async step driver. That
  is ~550–600 ns, against the ~400 ns a 1.15× budget leaves, before
  the garbage collector's share: \`verifySync\` allocates ~2 KB per call where the hand-written
  verifier allocates ~600 B (node:crypto's \`Hmac\` and its digest). The hand-written verifier
  reads one property, checks no time and builds no result.
- One process times every scheme through the same engine, as a receiver of several providers
  runs it. Until every scheme object had one shape (src/schemes/resolve.ts: the same fields in
  the same order), V8's inline caches for \`scheme.*\` turned megamorphic once a dozen schemes
  had run: a 1 KiB GitHub \`verifySync\` went from ~1.05× raw in a process that saw GitHub alone
  to ~1.20×. One shape brought back 5–9% (A/B in one process, after twelve schemes).
- Bundles: \`{ verify, github }\` is ~19 KB minified, of which ~4.7 KB are the strings of its
  error messages (each names the header, the option or the secret at fault). What a GitHub
  receiver cannot leave out without losing a documented behaviour: the header reader for the
  three header shapes with its bounds, secret decoding with its checks (whitespace, PEM refused,
  lengths), rotation, the replay claim protocol (any \`verify()\` may be given a store), the
  observer hook, option checks, the Web Crypto key cache. A peer at 0.4 KB (octokit) takes one
  string header and one secret and has none of these. A from-scratch \`verify\` for GitHub alone
  that keeps all of them (written to measure this, not shipped) is 2,778 B: the 3 KB target is
  reachable, but not by trimming this engine. \`verify\` is one function for every scheme, so
  a bundle carries the dispatch for timestamps, ids, Ed25519, tokens and URL forms whatever the
  scheme; a narrow engine named by the scheme itself, built on the shared modules, measured
  6.3 KB, because those modules (the scheme object, the Web Crypto adapter's key caches, the
  header reader, the secret rules) are written for speed and for every scheme. Reaching 3 KB
  means compact versions of them for the web bundles.

## Results

"× raw node:crypto" divides the time by that of a hand-written node:crypto verifier on the
same payload (same size, same form: string or Buffer) reading the same header form: read the
\`x-hub-signature-256\` header, hex-decode it, \`createHmac("sha256", key).update(payload).digest()\`,
\`timingSafeEqual\`. "× raw Web Crypto" divides by the same verifier written with
\`subtle.sign("HMAC", key, payload)\` (key imported once; a string payload encoded with
\`TextEncoder\`). Both sign the body alone (GitHub's content); the "hand-written Stripe" rows
also hash \`"<t>."\`, as Stripe and Standard Webhooks need. Peers get the Node headers record.

${[...new Set(byKind("webhook").map((c) => c.size))]
  .flatMap((size) =>
    FORMS.map((form) => `### ${sizeLabel(size)} body, ${form === "string" ? "string payload (`await request.text()`)" : "Buffer payload (`express.raw()`)"}\n\n${resultsTable(byKind("webhook", size).filter((c) => c.form === form))}`),
  )
  .join("\n\n")}

### Rotation: three secrets, the last one matches (1 KiB body)

${resultsTable(byKind("rotation"))}

${output.hostile === undefined ? "" : `### Hostile requests: refusing an attack before authentication (1 MiB)

What an unauthenticated request built to cost work costs to refuse, next to one raw HMAC over
the same body and a valid delivery of the same size (\`verifySync\`, node adapter; \`bench/hostile.mjs\`).
A Twilio form of more than 1,000 parameters is refused before it is parsed; at most 4 \`v1a\`
entries are tried per public key, over one joined copy of the signed content. A form within
the bound is decoded, split, sorted and re-encoded once per request: that text work, not the
HMAC, is what a 1 MiB form costs, valid or not. Ed25519 is one-shot, so a \`v1a\` check joins
\`"<id>.<timestamp>."\` and the body into one buffer once per message (the gap between the raw
Ed25519 row, which verifies a buffer joined beforehand, and a valid delivery).

${hostileMarkdown(output.hostile)}

`}### JWT HS256, a ${output.cases.find((c) => c.kind === "jwt")?.size ?? "~200"}-character token

"× raw node:crypto" here divides by the raw JWT baseline: base64url-decode the signature,
\`createHmac\` over \`header.payload\`, \`timingSafeEqual\` (no claim checks).

${resultsTable(byKind("jwt"))}
${byKind("publicKey").some((c) => c.ns !== undefined) ? `
### Public keys: webhook schemes at 1 KiB, and verifyJwt with a 1 KiB signing input

Each hookseal row next to a hand-written verifier on the same input with the key imported
once: node:crypto \`crypto.verify\` with a \`KeyObject\` ("× raw node:crypto"), Web Crypto
\`subtle.verify\` with a \`CryptoKey\` ("× raw Web Crypto"). The hand-written verifiers read the
same headers, decode the signature and join what the provider signs (timestamp + body for
Discord and SendGrid, \`"<id>.<t>."\` + body for Standard Webhooks \`v1a\`, AWS's canonical string
after a \`JSON.parse\` of an SNS body, a JWT's \`header.payload\`); the Web Crypto SendGrid one
also turns the DER signature into r‖s. hookseal gets each key as a user holds it: Discord's
hex key, the \`whpk_\` key, SendGrid's base64 key, the SNS certificate from its URL (fetched
once through an injected, counting fetch, then cached), a PEM public key for \`verifyJwt\`, and
a \`jwks()\` key set (fetched once, cached). The raw JWT rows check the signature only, no
claims. Fetches per key source: ${(output.keySources ?? []).map((k) => `${cell(k.name)} ${k.fetches}`).join(", ") || "not recorded"}.

#### Webhook schemes (1 KiB body)

${resultsTable(byKind("publicKey").filter((c) => c.headerForm !== undefined))}

#### verifyJwt (RS256, ES256, EdDSA; a 1 KiB signing input)

${resultsTable(byKind("publicKey").filter((c) => c.headerForm === undefined))}
` : ""}${skipped.length > 0 ? `\nNot measured in this run: ${[...new Set(skipped.map((c) => c.skip))].map((reason) => `${skipped.filter((c) => c.skip === reason).length} cases (${reason})`).join("; ")}.\n` : ""}
## Memory

"Allocated per call" is the growth of the V8 heap plus ArrayBuffer memory
(\`process.memoryUsage()\` \`heapUsed + arrayBuffers\`) over many calls between two forced
collections (\`node --expose-gc\`), divided by the number of calls and net of an empty call of
the same kind; rounds during which the GC ran are discarded. It is measured at 1 KiB and
1 MiB. A verifier that copies or decodes a 1 MiB body shows about 1 MiB (or more) per call;
one that streams the body into the HMAC shows a few hundred bytes whatever the size. Memory
that Node's crypto allocates natively is not visible this way: Web Crypto (raw, hookseal's
web adapter, and the peers' web paths alike) copies its input natively for the asynchronous
job, which adds one body-sized buffer that this column does not show.

## What each peer is charged

The body is valid JSON, given as a string and as a \`Buffer\`. Peers are called the way their
documentation shows; each is charged only for work it cannot skip:

- \`@octokit/webhooks-methods\` accepts only a string payload: its string case passes the string
  as it is, its Buffer case includes \`body.toString("utf8")\`. Its web build (loaded from \`dist-web/\`, which the package exports under the
  \`browser\` condition) imports the key on every call.
- \`stripe\` \`constructEvent\` / \`constructEventAsync\` always \`JSON.parse\` the body (there is no
  option to skip it) and decode a \`Buffer\` to a string first. \`constructEventAsync\` is shown
  with its default provider (node:crypto in Node) and with \`Stripe.createSubtleCryptoProvider()\`,
  its path on edge runtimes, which imports the key on every call.
- \`standardwebhooks\` is called with \`{ jsonParse: false }\`. It still decodes the \`Buffer\` to a
  string, re-encodes \`"<id>.<ts>.<body>"\`, and hashes in pure JavaScript (\`fast-sha256\`).
- \`svix\` \`Webhook.verify\` has no \`jsonParse\` option: it always parses the body (it wraps
  \`standardwebhooks\` 1.0.0).
- \`jose\` and \`jsonwebtoken\` are given the secret both as bytes and as a \`KeyObject\`; for
  public keys, jose gets the \`KeyObject\` and the \`CryptoKey\` the raw rows use, jsonwebtoken
  the \`KeyObject\` (it has no EdDSA).
- \`discord-interactions\` \`verifyKey\` is given Discord's hex key, as its README shows: it
  imports the key on every call. \`@sendgrid/eventwebhook\` converts the key once
  (\`convertPublicKeyToECDSA\`) and verifies in pure JavaScript (starkbank-ecdsa).
`;
}

/** Writes docs/benchmarks.md and docs/benchmarks.svg. */
export function writeDocs(output, root) {
  writeFileSync(new URL("docs/benchmarks.svg", root), chartSvg(output));
  writeFileSync(new URL("docs/benchmarks.md", root), markdown(output));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL("..", import.meta.url);
  writeDocs(JSON.parse(readFileSync(new URL("bench/results.json", root), "utf8")), root);
  console.log("wrote docs/benchmarks.md and docs/benchmarks.svg from bench/results.json");
}
