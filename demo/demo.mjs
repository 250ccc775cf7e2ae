// hookseal demo: a real HTTP receiver and a sender, talking over 127.0.0.1.
//
//   npm run demo        (builds the package, then runs this file)
//
// The receiver verifies every delivery with `verify()`; the sender signs with `sign()` and
// posts with `fetch()`. Each case below says what the receiver should answer, and the table
// shows whether it did. Exit code 0 = every outcome as expected, 1 = at least one was not.
import { createServer } from "node:http";
import { generateSecret, github, memoryReplayStore, sign, standardWebhooks, stripe, verify, WebhookVerificationError } from "hookseal";

// Safety net: whatever happens, the demo never hangs. unref() lets a normal run exit early.
setTimeout(() => {
  console.error("demo: timed out after 20 s");
  process.exit(1);
}, 20_000).unref();

// One "whsec_…" secret works for all three schemes (Standard Webhooks decodes its base64,
// GitHub and Stripe use the whole string as the key).
const secret = generateSecret();
const wrongSecret = generateSecret();

// ---------------------------------------------------------------------------------------
// Receiver: one route per scheme.
// ---------------------------------------------------------------------------------------
const schemes = { "/github": github, "/stripe": stripe, "/standard-webhooks": standardWebhooks, "/github-with-replay-store": github };

// One route also remembers what it accepted: a second delivery of a message is refused.
const replayStores = { "/github-with-replay-store": memoryReplayStore() };

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  try {
    const scheme = schemes[req.url];
    if (req.method !== "POST" || scheme === undefined) return send(res, 404, { ok: false, code: "not_found" });

    // The RAW body, byte for byte: never JSON.parse before verifying (re-serializing changes
    // the signed bytes, and verify() refuses a parsed object anyway).
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const rawBody = Buffer.concat(chunks);

    const verified = await verify(scheme, { secret, payload: rawBody, headers: req.headers, replay: replayStores[req.url] });
    // Authentic and fresh: only now is the body trusted and parsed.
    const event = JSON.parse(rawBody.toString("utf8"));
    send(res, 200, { ok: true, ...verified, event: event.type });
  } catch (error) {
    // A bad delivery is the sender's problem (400); a bad secret is ours (invalid_secret: 500).
    if (error instanceof WebhookVerificationError && error.code !== "invalid_secret") {
      return send(res, 400, { ok: false, code: error.code });
    }
    console.error("receiver error:", error);
    send(res, 500, { ok: false, code: "internal_error" });
  }
});

await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------------------------------
// Sender: build each case, post it, compare the answer with the expectation.
// ---------------------------------------------------------------------------------------
const now = Math.floor(Date.now() / 1000); // hookseal timestamps are Unix SECONDS
const body = (type) => JSON.stringify({ type, data: { id: "evt_123", amount: 4200 } });

/** Posts `payload` with `headers` (plus a content type) to the route of `path`. */
async function deliver(path, headers, payload) {
  const response = await fetch(baseUrl + path, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: payload,
  });
  const answer = await response.json();
  if (response.status === 200 && answer.ok) return "accepted";
  if (response.status === 400) return `rejected: ${answer.code}`;
  return `HTTP ${response.status}: ${answer.code}`;
}

const targets = [
  { name: "github", scheme: github, path: "/github", timestamped: false },
  { name: "stripe", scheme: stripe, path: "/stripe", timestamped: true },
  { name: "standardWebhooks", scheme: standardWebhooks, path: "/standard-webhooks", timestamped: true },
];

const cases = []; // { scheme, label, expected, note, run: () => Promise<outcome string> }
for (const { name, scheme, path, timestamped } of targets) {
  const add = (label, expected, run, note = "") => cases.push({ scheme: name, label, expected, note, run });

  add("correctly signed", "accepted", async () => {
    const payload = body("invoice.paid");
    return deliver(path, await sign(scheme, { secret, payload }), payload);
  });

  add("tampered body", "rejected: no_matching_signature", async () => {
    const headers = await sign(scheme, { secret, payload: body("invoice.paid") });
    return deliver(path, headers, body("invoice.refunded")); // same headers, other bytes
  });

  add("wrong secret", "rejected: no_matching_signature", async () => {
    const payload = body("invoice.paid");
    return deliver(path, await sign(scheme, { secret: wrongSecret, payload }), payload);
  });

  if (timestamped) {
    add("timestamp +10 min", "rejected: timestamp_too_new", async () => {
      const payload = body("invoice.paid");
      return deliver(path, await sign(scheme, { secret, payload, timestamp: now + 600 }), payload);
    });
  }

  // A replay: an attacker captured a genuine delivery (signed an hour ago) and sends it again.
  // For github the honest expectation is "accepted": see the footnote under the table.
  const replayExpected = timestamped ? "rejected: timestamp_too_old" : "accepted";
  const replayNote = timestamped ? "" : " (no timestamp in scheme) *";
  add("replay of 1 h old message", replayExpected, async () => {
    const payload = body("invoice.paid");
    const captured = await sign(scheme, { secret, payload, timestamp: now - 3600 }); // github: no timestamp to set
    return deliver(path, captured, payload);
  }, replayNote);
}

// GitHub again, on the route with a replay store: the same delivery sent twice.
cases.push({
  scheme: "github",
  label: "same delivery twice (replay store)",
  expected: "rejected: replayed",
  note: "",
  run: async () => {
    const payload = body("invoice.paid");
    const headers = await sign(github, { secret, payload });
    const first = await deliver("/github-with-replay-store", headers, payload);
    if (first !== "accepted") return `first delivery ${first}`;
    return deliver("/github-with-replay-store", headers, payload);
  },
});

// One request with no signature headers at all.
cases.push({
  scheme: "stripe",
  label: "no signature headers",
  expected: "rejected: missing_header",
  note: "",
  run: () => deliver("/stripe", {}, body("invoice.paid")),
});

// Run the cases one after another so the output order is stable.
const rows = [];
for (const c of cases) {
  let got;
  try {
    got = await c.run();
  } catch (error) {
    got = `error: ${error.message}`;
  }
  rows.push([c.scheme, c.label, c.expected + c.note, got, got === c.expected ? "OK" : "FAIL"]);
}

// ---------------------------------------------------------------------------------------
// Report: an aligned table, a footnote, a summary line, and the exit code.
// ---------------------------------------------------------------------------------------
const header = ["scheme", "case", "expected", "got", "result"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ").trimEnd();
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
for (const row of rows) console.log(line(row));
console.log(
  "\n* github signs the body only: there is no timestamp, so a captured delivery verifies again\n" +
    "  later. A replay store (memoryReplayStore, or redisReplayStore for several receivers)\n" +
    "  remembers what was accepted and refuses it the second time: see the last github row.\n",
);

const failed = rows.filter((row) => row[4] !== "OK").length;
console.log(`demo: ${rows.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

// Stop the receiver so the process ends by itself (also drop fetch's keep-alive sockets).
server.closeAllConnections();
server.close();
