// `hookseal send` and `hookseal listen` as users run them: real processes of the BUILT command
// (package.json "bin"), every server on 127.0.0.1 with a port the system picks, stopped here.
// The chain under test: sender (send, or a raw client) → listen → --forward → a test app.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../src/node.js";

const MANIFEST = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { bin: { hookseal: string } };
const BIN = fileURLToPath(new URL(`../../${MANIFEST.bin.hookseal}`, import.meta.url));
const SECRET = api.generateSecret();
const OTHER = api.generateSecret();
// A body with multi-byte UTF-8, a number JSON.parse would round, and a trailing newline.
const BODY = '{"action":"opened","repo":{"name":"zoë ☃"},"n":12345678901234567890,"list":[1,{}]}\n';
// The app's answer: passed back to the sender as is.
const APP_ANSWER = '{"handled":true,"n":12345678901234567890}';

/** Everything any process printed, searched at the end for the secrets and the signatures. */
const printed: string[] = [];
const signatures = new Set<string>();
const children = new Set<ChildProcess>();
let dir: string;
let bodyFile: string;

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${MANIFEST.bin.hookseal} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(join(tmpdir(), "hookseal-listen-"));
  bodyFile = join(dir, "event.json");
  writeFileSync(bodyFile, BODY);
});

afterAll(() => {
  for (const child of children) child.kill("SIGKILL"); // only a test that failed leaves one running
  rmSync(dir, { recursive: true, force: true });
});

interface Cli {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

/** Starts the built command with `args`, `env` added to a clean environment, and `input` on stdin. */
function cli(args: string[], { env = {} as Record<string, string>, input = "" } = {}): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", HOOKSEAL_SECRET: SECRET, ...env }, stdio: "pipe" });
  children.add(child);
  const run: Cli = { child, stdout: "", stderr: "", exited: undefined! };
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (run.stdout += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => (run.stderr += text));
  run.exited = new Promise((resolve) =>
    child.on("close", (code) => {
      children.delete(child);
      printed.push(run.stdout, run.stderr);
      resolve(code);
    }),
  );
  child.stdin!.end(input);
  return run;
}

/** Runs a command to its end (within 15 s). */
async function finished(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = cli(args, options);
  const timer = setTimeout(() => run.child.kill("SIGKILL"), 15_000);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `hookseal listen` on a free port and resolves once it says where it listens. */
async function listening(args: string[], env: Record<string, string> = {}): Promise<Cli & { url: string; port: number }> {
  const run = cli(["listen", "--port", "0", ...args], { env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listen did not start: ${run.stdout} ${run.stderr}`)), 10_000);
    const look = () => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(run.stdout);
      if (found !== null) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    run.child.stdout!.on("data", look);
    run.exited.then(() => reject(new Error(`listen exited: ${run.stdout} ${run.stderr}`)));
  });
  return Object.assign(run, { url, port: Number(new URL(url).port) });
}

/** Stops a listener with SIGTERM and returns its exit code. */
async function stop(run: Cli): Promise<number | null> {
  run.child.kill("SIGTERM");
  return run.exited;
}

/** Waits until the listener has printed `count` deliveries' verdicts (its output follows its answer). */
async function verdicts(run: Cli, count: number): Promise<string> {
  const pattern = /^\d\d:\d\d:\d\d [A-Z]+ \S+ {2}/gm;
  for (let waited = 0; (run.stdout.match(pattern)?.length ?? 0) < count; waited += 10) {
    if (waited > 10_000) throw new Error(`expected ${count} verdicts: ${run.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return run.stdout;
}

interface Delivery {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

/** The test app behind `--forward`: records each delivery and answers 201 with APP_ANSWER. */
async function app(answer: (req: IncomingMessage, res: ServerResponse, delivery: Delivery) => void = defaultAnswer): Promise<{ server: Server; url: string; got: Delivery[] }> {
  const got: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const delivery = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      got.push(delivery);
      for (const [name, value] of pairs(delivery.rawHeaders)) if (/signature/i.test(name)) signatures.add(value);
      answer(req, res, delivery);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

function defaultAnswer(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(201, "Created", ["X-App", "handled", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Content-Type", "application/json"]).end(APP_ANSWER);
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A raw HTTP exchange with exact headers (name case, order, repeats): what a provider sends. */
function post(url: string, headers: string[], body: string | Buffer, agent?: Agent): Promise<{ status: number; statusText: string; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // Node sends no Host header of its own with array headers, and HTTP/1.1 requires one.
    const withHost = headers.some((name, i) => i % 2 === 0 && name.toLowerCase() === "host") ? headers : ["Host", new URL(url).host, ...headers];
    const req = request(url, { method: "POST", headers: withHost, agent: agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, statusText: res.statusMessage!, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const pairs = (raw: readonly string[]) => Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i]!, raw[2 * i + 1]!] as const);
const withoutNames = (raw: readonly string[], names: string[]) => pairs(raw).filter(([name]) => !names.includes(name.toLowerCase()));

describe("hookseal listen --forward: byte for byte, both ways", () => {
  let target: Awaited<ReturnType<typeof app>>;
  let listener: Awaited<ReturnType<typeof listening>>;

  beforeAll(async () => {
    target = await app();
    listener = await listening(["--scheme", "github", "--forward", target.url]);
  });

  afterAll(async () => {
    expect(await stop(listener)).toBe(0);
    await closeServer(target.server);
  });

  beforeEach(() => void (target.got.length = 0));

  it("relays a verified delivery's method, target, headers and body exactly, and the app's answer back", async () => {
    const body = Buffer.from(BODY);
    const signed = await api.sign(api.github, { secret: SECRET, payload: body });
    signatures.add(signed["x-hub-signature-256"]!);
    const sent = [
      "Host", `127.0.0.1:${listener.port}`,
      "User-Agent", "GitHub-Hookshot/044aadd",
      "Content-Type", "application/json; charset=utf-8",
      "X-GitHub-Event", "push",
      "X-Hub-Signature-256", signed["x-hub-signature-256"]!,
      "x-repeated", "one",
      "X-Repeated", "two",
      "Connection", "close", // hop by hop: for this connection only
      "Content-Length", String(body.byteLength),
    ];
    const answer = await post(`${listener.url}/webhooks/github?delivery=7`, sent, body);

    expect(target.got).toHaveLength(1);
    const [delivery] = target.got;
    expect(delivery!.method).toBe("POST");
    expect(delivery!.url).toBe("/webhooks/github?delivery=7");
    expect(delivery!.body.equals(body)).toBe(true);
    // Every end-to-end header arrives with its name's case, its order and its repeats.
    expect(withoutNames(delivery!.rawHeaders, ["connection", "content-length"])).toEqual(withoutNames(sent, ["connection", "content-length"]));
    expect(new Headers(pairs(delivery!.rawHeaders) as [string, string][]).get("content-length")).toBe(String(body.byteLength));
    // …so the app's own verification passes on what it received.
    await expect(api.verify(api.github, { secret: SECRET, payload: delivery!.body, headers: pairs(delivery!.rawHeaders) })).resolves.toMatchObject({ secretIndex: 0 });

    // The app's answer, back at the sender: status, headers (repeats too), body.
    expect([answer.status, answer.statusText]).toEqual([201, "Created"]);
    expect(withoutNames(answer.rawHeaders, ["date", "connection", "keep-alive", "content-length", "transfer-encoding"])).toEqual([
      ["X-App", "handled"],
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
      ["Content-Type", "application/json"],
    ]);
    expect(answer.body.toString()).toBe(APP_ANSWER);

    const out = await verdicts(listener, 1);
    expect(out).toMatch(/ POST \/webhooks\/github\?delivery=… {2}verified: scheme github, secret #0\n/); // query values are not shown
    expect(out).not.toContain("delivery=7");
    expect(out).toContain('\n  {\n    "action": "opened",\n    "repo": {\n      "name": "zoë ☃"\n    },\n'); // the body, JSON indented
    expect(out).toContain('"n": 12345678901234567890'); // its tokens as sent, never re-rounded
    expect(out).toMatch(/forwarded: the app answered 201 Created \(\d+ bytes, \d+ ms\)/);
  });

  it("send → listen → app: the signed body and -H headers arrive, and send prints the app's answer", async () => {
    const run = await finished(["send", "--scheme", "github", "--url", `${listener.url}/hooks`, "--file", bodyFile, "-H", "X-GitHub-Event: issues"]);
    expect(run.code, run.stderr).toBe(0);
    expect(target.got).toHaveLength(1);
    const [delivery] = target.got;
    expect(delivery!.url).toBe("/hooks");
    expect(delivery!.body.toString()).toBe(BODY);
    const headers = new Headers(pairs(delivery!.rawHeaders) as [string, string][]);
    expect(headers.get("x-github-event")).toBe("issues");
    expect(headers.get("content-type")).toBe("application/json");
    signatures.add(headers.get("x-hub-signature-256")!);
    await expect(api.verify(api.github, { secret: SECRET, payload: delivery!.body, headers })).resolves.toBeDefined();

    expect(run.stdout).toMatch(/^HTTP 201 Created\nX-App: handled\nSet-Cookie: a=1\nSet-Cookie: b=2\nContent-Type: application\/json\n/);
    expect(run.stdout).toContain('\n{\n  "handled": true,\n  "n": 12345678901234567890\n}\n');
    expect(run.stderr).toContain(`POST ${Buffer.byteLength(BODY)} bytes signed for github (x-hub-signature-256)`);
  });

  it("refuses a tampered delivery (401, no_matching_signature) and does not forward it", async () => {
    const signed = await api.sign(api.github, { secret: SECRET, payload: BODY });
    signatures.add(signed["x-hub-signature-256"]!);
    const tampered = BODY.replace("opened", "closed");
    const answer = await post(`${listener.url}/webhooks/github`, ["Content-Type", "application/json", "X-Hub-Signature-256", signed["x-hub-signature-256"]!], tampered);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body.toString())).toEqual({ error: "no_matching_signature" });

    const missing = await post(`${listener.url}/webhooks/github`, ["Content-Type", "application/json"], BODY);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body.toString())).toEqual({ error: "missing_header" });
    expect(target.got).toHaveLength(0);

    const out = await verdicts(listener, 4);
    expect(out).toMatch(/ POST \/webhooks\/github {2}refused \(401\): no_matching_signature\n.*\n {2}check: wrong secret .*altered on the way/);
    expect(out).toMatch(/refused \(401\): missing_header\n.*\n {2}check: the delivery has no x-hub-signature-256 header/);
    expect(out).not.toContain("closed"); // a refused body is not shown

    const wrong = await finished(["send", "--scheme", "github", "--url", listener.url, "--file", bodyFile, "--secret-env", "OTHER"], { env: { OTHER } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^HTTP 401 Unauthorized\n/);
    expect(wrong.stdout).toContain('"error": "no_matching_signature"');
    expect(target.got).toHaveLength(0);
  });

  it("shows a binary body by its size and SHA-256, and relays its exact bytes", async () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const file = join(dir, "body.bin");
    writeFileSync(file, bytes);
    const run = await finished(["send", "--scheme", "github", "--url", listener.url, "--file", file, "--content-type", "application/octet-stream"]);
    expect(run.code, run.stderr).toBe(0);
    expect(target.got[0]!.body.equals(bytes)).toBe(true);
    expect(await verdicts(listener, 6)).toContain(`(binary body: 300 bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")})`);
  });
});

describe("hookseal listen: limits, failures and what it proves", () => {
  it("refuses a body over --max-body-bytes with 413, announced or streamed, and forwards nothing", async () => {
    const target = await app();
    const listener = await listening(["--scheme", "github", "--max-body-bytes", "1024", "--forward", target.url]);
    try {
      const big = join(dir, "big.json");
      writeFileSync(big, JSON.stringify({ pad: "x".repeat(4096) }));
      const run = await finished(["send", "--scheme", "github", "--url", listener.url, "--file", big]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^HTTP 413 /);
      expect(run.stdout).toContain('"error": "payload_too_large"');

      // Without a Content-Length (chunked), the bytes are counted as they arrive.
      const signed = await api.sign(api.github, { secret: SECRET, payload: "y".repeat(4096) });
      signatures.add(signed["x-hub-signature-256"]!);
      const chunked = await post(listener.url, ["X-Hub-Signature-256", signed["x-hub-signature-256"]!, "Transfer-Encoding", "chunked"], "y".repeat(4096));
      expect(chunked.status).toBe(413);

      // Within the limit, the same listener accepts.
      expect((await finished(["send", "--scheme", "github", "--url", listener.url, "--file", bodyFile])).code).toBe(0);
      expect(target.got.map((delivery) => delivery.body.toString())).toEqual([BODY]);
      const out = await verdicts(listener, 3);
      expect(out.match(/refused \(413\): payload_too_large\n.*\n {2}check: the body is over --max-body-bytes \(1024\)/g)).toHaveLength(2);
    } finally {
      expect(await stop(listener)).toBe(0);
      await closeServer(target.server);
    }
  });

  it("answers 204 without --forward and prints the signed id, timestamp and matching secret (rotation)", async () => {
    const listener = await listening(["--scheme", "standard-webhooks", "--secret-env", "OLD", "--secret-env", "NEW", "--path", "/wh"], { OLD: OTHER, NEW: SECRET });
    try {
      const now = Math.floor(Date.now() / 1000);
      const run = await finished(["send", "--scheme", "standardWebhooks", "--url", `${listener.url}/wh`, "--file", bodyFile, "--id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "--timestamp", String(now)]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^HTTP 204 No Content\n/);
      expect(run.stderr).toContain("(webhook-id, webhook-timestamp, webhook-signature)");
      const elsewhere = await finished(["send", "--scheme", "standardWebhooks", "--url", `${listener.url}/other`, "--file", bodyFile]);
      expect(elsewhere.stdout).toMatch(/^HTTP 404 /);
      const out = await verdicts(listener, 2);
      expect(out).toContain(
        `POST /wh  verified: scheme standardWebhooks, secret #1, id msg_2KWPBgLlAfxdpx2AI54pPJ85f4W, timestamp ${now} (${new Date(now * 1000).toISOString()})\n`,
      );
      expect(out).toContain("  answered 204");
      expect(out).toContain("POST /other  not found (404)");
    } finally {
      expect(await stop(listener)).toBe(0);
    }
  });

  it("a scheme that signs the URL verifies at listen and at the app: the sender's Host header is relayed", async () => {
    // Square signs the notification URL: the app derives it from the Host header it receives.
    const results: string[] = [];
    const target = await app((req, res, delivery) => {
      const headers = Object.fromEntries(pairs(delivery.rawHeaders).map(([name, value]) => [name.toLowerCase(), value]));
      api.verifyNodeRequest(api.square, { headers, url: req.url, body: delivery.body }, { secret: SECRET }).then(
        () => (results.push("verified"), res.writeHead(200).end("ok")),
        (error: api.WebhookVerificationError) => (results.push(error.code), res.writeHead(401).end()),
      );
    });
    const listener = await listening(["--scheme", "square", "--forward", target.url]);
    try {
      const run = await finished(["send", "--scheme", "square", "--url", `${listener.url}/square?x=1`, "--file", bodyFile]);
      expect(run.code, run.stdout).toBe(0);
      expect(results).toEqual(["verified"]);
      expect(await verdicts(listener, 1)).toContain("POST /square?x=…  verified: scheme square");
    } finally {
      expect(await stop(listener)).toBe(0);
      await closeServer(target.server);
    }
  });

  it("answers 502 when the app is down and 504 when it is too slow, within --forward-timeout", async () => {
    const down = { url: "http://127.0.0.1:1" }; // port 1 (tcpmux), which nothing serves: a port freed by closing a server may meanwhile be taken by another test file's listen(0)
    const pending: ServerResponse[] = [];
    let reached = 0;
    const slow = await app((_req, res) => void ((reached = Date.now()), pending.push(res))); // never answers
    const toDown = await listening(["--scheme", "github", "--forward", down.url]);
    const toSlow = await listening(["--scheme", "github", "--forward", `${slow.url}/fixed/path`, "--forward-timeout", "0.3"]);
    try {
      const refused = await finished(["send", "--scheme", "github", "--url", toDown.url, "--file", bodyFile]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/^HTTP 502 /);
      expect(refused.stdout).toContain('"error": "forward_failed"');
      expect(await verdicts(toDown, 1)).toMatch(/forward failed \(answered 502\): connection refused/);

      const late = await finished(["send", "--scheme", "github", "--url", `${toSlow.url}/ignored`, "--file", bodyFile]);
      expect(late.stdout).toMatch(/^HTTP 504 /);
      // Timed from the app's end (a loaded machine may take seconds to start `send`): 0.3 s,
      // not the default 10 s, and `send` (--timeout 10) got an answer rather than giving up.
      expect(Date.now() - reached).toBeLessThan(5_000);
      expect(slow.got.map((delivery) => delivery.url)).toEqual(["/fixed/path"]); // a --forward path is used as given
      expect(await verdicts(toSlow, 1)).toMatch(/forward failed \(answered 504\): no complete answer within 0.3 s/);
    } finally {
      expect(await stop(toDown)).toBe(0);
      expect(await stop(toSlow)).toBe(0);
      for (const res of pending) res.destroy();
      await closeServer(slow.server);
    }
  });

  it("exits 0 on SIGTERM and on Ctrl-C (SIGINT), closing idle keep-alive connections at once", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const listener = await listening(["--scheme", "github"]);
      const agent = new Agent({ keepAlive: true });
      const signed = await api.sign(api.github, { secret: SECRET, payload: BODY });
      expect((await post(listener.url, ["X-Hub-Signature-256", signed["x-hub-signature-256"]!], BODY, agent)).status).toBe(204);
      const started = Date.now();
      listener.child.kill(signal);
      expect(await listener.exited).toBe(0);
      // Not the 2 s grace (which alone would take 2,000 ms or more): nothing was under way.
      expect(Date.now() - started).toBeLessThan(1_900);
      expect(listener.stderr).toContain(`${signal}: stopping`);
      expect(listener.stderr).toContain("stopped");
      agent.destroy();
      const refused = await new Promise<string>((resolve) => connect(listener.port, "127.0.0.1").on("error", (error: NodeJS.ErrnoException) => resolve(error.code!)).on("connect", () => resolve("connected")));
      expect(refused).toBe("ECONNREFUSED");
    }
  });

  it("SIGTERM while the app is still answering: the grace period ends the exchange, and listen exits 0", async () => {
    const pending: ServerResponse[] = [];
    const slow = await app((_req, res) => void pending.push(res)); // never answers
    // A long --forward-timeout: only the grace period can end the exchange within the bound.
    const listener = await listening(["--scheme", "github", "--forward", slow.url, "--forward-timeout", "60"]);
    try {
      const signed = await api.sign(api.github, { secret: SECRET, payload: BODY });
      const answer = post(listener.url, ["X-Hub-Signature-256", signed["x-hub-signature-256"]!], BODY).catch((error: NodeJS.ErrnoException) => error.code);
      while (slow.got.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const started = Date.now();
      expect(await stop(listener)).toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000); // the 2 s grace, not the 60 s --forward-timeout
      expect(await answer).toBe("ECONNRESET"); // cut, never a made-up answer
      expect(listener.stdout).toContain("forward failed: the sender's connection closed before the app's answer was passed back");
    } finally {
      for (const res of pending) res.destroy();
      await closeServer(slow.server);
    }
  });

  it.each([
    [["send", "--scheme", "github"], /--url is required/],
    [["send", "--scheme", "github", "--url", "ftp://127.0.0.1/"], /--url must be an http:\/\/ or https:\/\/ URL/],
    [["send", "--scheme", "github", "--url", "not a url"], /--url must be an absolute http/],
    [["send", "--scheme", "github", "--url", "http://127.0.0.1:9/", "--timeout", "0"], /--timeout must be a number of seconds/],
    [["send", "--scheme", "github", "--url", "http://127.0.0.1:9/", "-H", "X-Hub-Signature-256: sha256=00"], /would replace a header the signature needs/],
    [["listen", "--scheme", "github", "--port", "70000"], /--port must be a port number/],
    [["listen", "--scheme", "github", "--forward", "127.0.0.1:3000"], /--forward must be an (absolute )?http:\/\/ or https:\/\/ URL/],
    [["listen", "--scheme", "github", "--path", "hooks"], /--path must start with \//],
    [["listen", "--scheme", "github", "--max-body-bytes", "1.5"], /--max-body-bytes must be a whole number/],
    [["listen", "--scheme", "standardWebhooks", "--secret-env", "SHORT"], /secret/],
  ])("%j is a usage error (exit 2), before anything is sent or served", async (args, message) => {
    const run = await finished(args as string[], { env: { SHORT: "whsec_c2hvcnQ=" }, input: BODY });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain("c2hvcnQ");
    expect(run.stdout).toBe("");
  });

  it("says when --port is in use (exit 2)", async () => {
    const listener = await listening(["--scheme", "github"]);
    try {
      const run = await finished(["listen", "--scheme", "github", "--port", String(listener.port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--port is in use");
    } finally {
      expect(await stop(listener)).toBe(0);
    }
  });

  it("send reports a receiver that cannot be reached (exit 1)", async () => {
    const gone = { url: "http://127.0.0.1:1" }; // port 1 (tcpmux), which nothing serves: a port freed by closing a server may meanwhile be taken by another test file's listen(0)
    const run = await finished(["send", "--scheme", "github", "--url", gone.url, "--file", bodyFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no answer: connection refused.*\(ECONNREFUSED\)/);
  });
});

describe("what send and listen print", () => {
  it("never contains a secret or a signature (searched in every output above)", () => {
    expect(printed.length).toBeGreaterThan(30);
    expect(signatures.size).toBeGreaterThanOrEqual(3);
    const all = printed.join("\n");
    for (const secret of [SECRET, OTHER]) {
      expect(all).not.toContain(secret);
      expect(all).not.toContain(secret.slice("whsec_".length, "whsec_".length + 16));
    }
    for (const signature of signatures) {
      expect(all).not.toContain(signature);
      expect(all).not.toContain(signature.slice(-24)); // nor the MAC alone
    }
  });
});
