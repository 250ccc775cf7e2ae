// The `hookseal` command, as users run it: the BUILT dist/cli.js in a child process, with the
// body on stdin or in a file and the secret in the environment. Exit codes: 0 ok, 1
// verification failed, 2 usage error.
import { execFile, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/node.js";
import { schemesOf } from "../built-in-schemes.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const SECRET = api.generateSecret();
const OTHER = api.generateSecret();
const NOW = 1_700_000_000;
// webhookTimestamp (Unix ms): Linear signs a timestamp carried in the body.
// Pinned to NOW (and every sign/verify below runs at NOW), so no window depends on how fast the run is.
const BODY = JSON.stringify({ type: "invoice.paid", data: { id: "in_123" }, webhookTimestamp: NOW * 1000 });

let dir: string;
let bodyFile: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
  dir = mkdtempSync(join(tmpdir(), "hookseal-cli-"));
  bodyFile = join(dir, "event.json");
  writeFileSync(bodyFile, BODY);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`, `input` on stdin and `env` added to a clean environment. */
function hookseal(args: string[], { input = "", env = {} as Record<string, string> } = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOOKSEAL_SECRET: SECRET, ...env },
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `name: value` lines → entries, and the --header arguments that carry them. */
const headerLines = (stdout: string) => stdout.trim().split("\n").map((line) => line.slice(0, line.indexOf(":")) + ": " + line.slice(line.indexOf(":") + 1).trim());
const headerArgs = (lines: string[]) => lines.flatMap((line) => ["--header", line]);
const headerRecord = (lines: string[]) => Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));

const SCHEMES = schemesOf(api);

describe("hookseal (help and exit codes)", () => {
  it("prints the commands with --help (0), and to stderr with no command (2)", () => {
    const help = hookseal(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["sign", "verify", "send", "listen", "secret", "keypair", "schemes"]) expect(help.stdout).toContain(command);
    const none = hookseal([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: hookseal <command>");
  });

  it.each(["sign", "verify", "send", "listen", "secret", "keypair", "schemes"])("%s --help prints its usage and exits 0", (command) => {
    const { code, stdout } = hookseal([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: hookseal ${command}`);
    expect(hookseal(["help", command]).stdout).toBe(stdout);
  });

  it("prints the package version", () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(hookseal(["--version"])).toMatchObject({ code: 0, stdout: version + "\n" });
  });

  it("is an executable ESM file with a node shebang, named by package.json bin", () => {
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ hookseal: "./dist/cli.js" });
  });

  it.each([
    [["frobnicate"], /unknown command \(one of: sign, verify/],
    [["sign", "--scheme", "nope"], /--scheme names no scheme \(one of: .*github/],
    [["sign"], /--scheme is required/],
    [["sign", "--scheme", "github", "--bogus"], /Unknown option '--bogus'/],
    [["sign", "--scheme", "github", "--secret", "hunter2"], /not taken on the command line.*--secret-env/],
    [["sign", "--scheme", "github", "--secret=hunter2"], /not taken on the command line/],
    [["sign", "--scheme", "github", "--secret-env", "NOT_SET_ANYWHERE"], /variable named by --secret-env is not set/],
    [["sign", "--scheme", "github", "--secret-env", "HOOKSEAL_SECRET", "--secret-env", "NOT_SET"], /named by the 2nd --secret-env is not set/],
    [["sign", "--scheme", "github", "--secret-file", "/nonexistent/secret"], /cannot read the file of --secret-file: no such file \(ENOENT\)/],
    [["sign", "--scheme", "github", "--file", "/nonexistent/body"], /cannot read --file: no such file/],
    [["sign", "--scheme", "github", "extra"], /unexpected argument \(argument 4, not shown\)/],
    [["sign", "--scheme", "github", "-H", "x-github-event: push"], /-H\/--header adds headers to the --curl command/],
    [["sign", "--scheme", "github", "--curl", "http://127.0.0.1/", "-H", "X-GitHub-Event push"], /-H\/--header must look like 'Name: value'/],
    [["sign", "--scheme", "github", "--curl", "http://127.0.0.1/", "-H", "x-a: b\r\nx-injected: c"], /has a control character/],
    [["sign", "--scheme", "github", "--curl", "http://127.0.0.1/", "-H", "X-Hub-Signature-256: sha256=00"], /would replace a header the signature needs/],
    [["verify", "--scheme", "stripe", "--now", "1700000000000", "-H", "stripe-signature: t=1,v1=00"], /milliseconds/],
    [["verify", "--scheme", "github", "-H", "no colon here"], /--header must look like 'Name: value'/],
    [["verify", "--scheme", "github", "--tolerance", "soon"], /--tolerance must be a non-negative number/],
    [["secret", "--bytes", "8"], /bytes must be an integer from 24/],
  ])("%j is a usage error: exit 2 with a message", (args, message) => {
    const { code, stderr, stdout } = hookseal(args, { input: BODY });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("--help");
    expect(stdout).toBe("");
  });

  // A secret pasted where a name, a path or a value belongs: no error may print it back.
  const PASTED = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  it.each([
    ["as --secret-env", ["verify", "--scheme", "github", "--secret-env", PASTED]],
    ["as --secret-env=", ["sign", "--scheme", "github", `--secret-env=${PASTED}`]],
    ["as a positional argument", ["sign", "--scheme", "github", PASTED]],
    ["as the command", [PASTED]],
    ["as --scheme", ["sign", "--scheme", PASTED]],
    ["as --secret-file", ["sign", "--scheme", "github", "--secret-file", PASTED]],
    ["as --file", ["sign", "--scheme", "github", "--file", PASTED]],
    ["as --now", ["verify", "--scheme", "github", "--now", PASTED]],
    ["as --tolerance", ["verify", "--scheme", "github", "--tolerance", PASTED]],
    ["in a malformed -H", ["verify", "--scheme", "github", "-H", `x-hub-signature-256 ${PASTED}`]],
    ["after an unknown option", ["sign", "--scheme", "github", `--secrets=${PASTED}`]],
  ])("never echoes an argument that is a secret: %s", (_where, args) => {
    const { code, stdout, stderr } = hookseal(args as string[], { input: BODY });
    expect(code).toBe(2);
    expect(stderr).toMatch(/hookseal.*: .+/);
    expect(stderr + stdout).not.toContain(PASTED);
    expect(stderr + stdout).not.toContain("MfKQ9r8GKYqrTwjUPD8");
  });

  it("never echoes a secret in its errors", () => {
    const { code, stderr } = hookseal(["verify", "--scheme", "standardWebhooks", "--secret-env", "S", "-H", "webhook-id: x"], {
      input: BODY,
      env: { S: "whsec_c2hvcnQ=" }, // 5 bytes: too short for Standard Webhooks
    });
    expect(code).toBe(2); // an unusable configured secret is the caller's mistake, not the delivery's
    expect(stderr).toContain("invalid_secret");
    expect(stderr).not.toContain("c2hvcnQ");
  });
});

describe("hookseal secret / keypair / schemes", () => {
  it("secret prints a fresh whsec_ secret of 32 bytes, or --bytes N", () => {
    const one = hookseal(["secret"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^whsec_[A-Za-z0-9+/]+=*\n$/);
    expect(Buffer.from(one.stdout.trim().slice(6), "base64")).toHaveLength(32);
    expect(hookseal(["secret"]).stdout).not.toBe(one.stdout);
    expect(Buffer.from(hookseal(["secret", "--bytes", "48"]).stdout.trim().slice(6), "base64")).toHaveLength(48);
  });

  it("keypair prints a whsk_/whpk_ pair that signs (v1a) and verifies through the CLI", () => {
    const { code, stdout } = hookseal(["keypair"]);
    expect(code).toBe(0);
    const pair = JSON.parse(stdout) as { secretKey: string; publicKey: string };
    expect(pair.secretKey).toMatch(/^whsk_/);
    expect(pair.publicKey).toMatch(/^whpk_/);
    const signed = hookseal(["sign", "--scheme", "standardWebhooks", "--secret-env", "SK"], { input: BODY, env: { SK: pair.secretKey } });
    expect(signed.stdout).toMatch(/webhook-signature: v1a,/);
    const verified = hookseal(["verify", "--scheme", "standard-webhooks", "--secret-env", "PK", ...headerArgs(headerLines(signed.stdout))], {
      input: BODY,
      env: { PK: pair.publicKey },
    });
    expect(verified.code).toBe(0);
  });

  it("schemes lists every scheme the package exports", () => {
    const { code, stdout } = hookseal(["schemes"]);
    expect(code).toBe(0);
    for (const [name, scheme] of SCHEMES) expect(stdout).toMatch(new RegExp(`^${name} +${scheme.signatureHeader}$`, "m"));
  });
});

// Mailgun's signature travels inside the body, which sign() cannot write: it has its own test below.
const SIGNABLE = SCHEMES.filter(([, scheme]) => scheme.name !== "mailgun");

describe("hookseal sign and verify, every scheme", () => {
  it("mailgun: verify reads the signature from the body (no headers); sign refuses with the reason", () => {
    const timestamp = String(NOW);
    const token = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123";
    const signature = createHmac("sha256", SECRET).update(timestamp + token).digest("hex");
    const body = JSON.stringify({ signature: { timestamp, token, signature }, "event-data": { event: "delivered" } });
    const verified = hookseal(["verify", "--scheme", "mailgun", "--now", String(NOW)], { input: body });
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, scheme: "mailgun", id: token, timestamp: NOW });
    const signed = hookseal(["sign", "--scheme", "mailgun"], { input: body });
    expect(signed.code).not.toBe(0);
    expect(signed.stderr).toMatch(/inside the body/);
  });

  // Shared-secret schemes: public-key schemes (discord, sendgrid) sign with a private key, not SECRET.
  it.each(SIGNABLE.filter(([, scheme]) => scheme.publicKey === undefined).map(([name]) => [name]))("%s: sign from stdin → verify from a file exits 0; the library agrees", async (name) => {
    const scheme = SCHEMES.find(([n]) => n === name)![1];
    const url = scheme.signsUrl ? ["--url", "https://example.com/webhooks?x=1"] : [];
    const at = ["--now", String(NOW)];
    // Telegram's secret_token allows only A-Z, a-z, 0-9, _ and -: not a whsec_ secret.
    const secret = name === "telegram" ? "tg_" + SECRET.slice(6).replace(/[^A-Za-z0-9]/g, "_") : SECRET;
    const env = { HOOKSEAL_SECRET: secret };
    const signed = hookseal(["sign", "--scheme", name, "--timestamp", String(NOW), ...url], { input: BODY, env });
    expect(signed.code, signed.stderr).toBe(0);
    const lines = headerLines(signed.stdout);
    expect(lines.map((line) => line.slice(0, line.indexOf(":")))).toContain(scheme.signatureHeader);

    // The headers the CLI printed are what the library verifies.
    await expect(api.verify(scheme, { secret, payload: BODY, headers: headerRecord(lines), url: url[1], now: NOW })).resolves.toMatchObject({
      scheme: scheme.name,
    });

    const verified = hookseal(["verify", "--scheme", name, "--file", bodyFile, ...at, ...url, ...headerArgs(lines)], { env });
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, scheme: scheme.name, secretIndex: 0 });

    const tampered = hookseal(["verify", "--scheme", name, ...at, ...url, ...headerArgs(lines)], { input: BODY.replace("123", "124"), env });
    if (scheme.algorithm === "token") {
      // A shared token (GitLab, Telegram) proves the sender, never the body.
      expect(tampered.code, tampered.stderr).toBe(0);
      return;
    }
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/check failed \(no_matching_signature\)/);
  });

  it("signs what the library verifies, and verifies what the library signs", async () => {
    const headers = await api.sign(api.stripe, { secret: SECRET, payload: BODY, timestamp: NOW });
    const verified = hookseal(["verify", "--scheme", "stripe", "--now", String(NOW), ...headerArgs(Object.entries(headers).map(([n, v]) => `${n}: ${v}`))], {
      input: BODY,
    });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({ ok: true, scheme: "stripe", timestamp: NOW, secretIndex: 0 });
  });

  it("names the failed check and exits 1: missing header, stale or future timestamp, wrong secret", () => {
    const signed = headerArgs(headerLines(hookseal(["sign", "--scheme", "stripe", "--timestamp", String(NOW)], { input: BODY }).stdout));

    const missing = hookseal(["verify", "--scheme", "stripe"], { input: BODY });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("header check failed (missing_header)");
    expect(missing.stderr).toContain("hint: pass the delivery's headers");

    const stale = hookseal(["verify", "--scheme", "stripe", ...signed], { input: BODY });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("timestamp check failed (timestamp_too_old)");

    const future = hookseal(["verify", "--scheme", "stripe", "--now", new Date((NOW - 3600) * 1000).toISOString(), ...signed], { input: BODY });
    expect(future.stderr).toContain("timestamp_too_new");
    expect(hookseal(["verify", "--scheme", "stripe", "--now", String(NOW + 3600), "--tolerance", "3600", ...signed], { input: BODY }).code).toBe(0);

    const wrong = hookseal(["verify", "--scheme", "stripe", "--now", String(NOW), "--secret-env", "OTHER", ...signed], { input: BODY, env: { OTHER } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("signature check failed (no_matching_signature)");
    expect(wrong.stderr).not.toContain(OTHER);
  });

  it("verify --help gives each scheme's own default tolerance, read from its definition", () => {
    const { code, stdout } = hookseal(["verify", "--help"]);
    expect(code).toBe(0);
    const help = stdout.slice(stdout.indexOf("--tolerance"), stdout.indexOf("--url"));
    const windowOf = (name: string) => new RegExp(`(\\d+) s: [^\\n]*\\b${name}\\b`).exec(help)?.[1];
    for (const [name, scheme] of SCHEMES) {
      if (scheme.timestamp !== undefined) expect(windowOf(name), name).toBe(String(scheme.timestamp.tolerance));
    }
    expect(windowOf("paddle")).toBe("5");
    expect(windowOf("linear")).toBe("60");
    expect(windowOf("jwtBearer")).toBe("300"); // on iat
    expect(help).toMatch(/none \(no signed timestamp\): [^\n]*\bgithub\b/);
  });

  it("a timestamp_too_old without --now hints at --now", () => {
    const signed = headerArgs(headerLines(hookseal(["sign", "--scheme", "stripe", "--timestamp", String(NOW)], { input: BODY }).stdout));
    expect(hookseal(["verify", "--scheme", "stripe", ...signed], { input: BODY }).stderr).toMatch(/hint: .*--now/);
    const withNow = hookseal(["verify", "--scheme", "stripe", "--now", String(NOW + 3600), ...signed], { input: BODY });
    expect(withNow.stderr).toContain("timestamp_too_old");
    expect(withNow.stderr).not.toMatch(/hint: .*--now/); // --now was given: the window is the question
  });

  it("--json prints the failure as JSON on stdout too", () => {
    const { code, stdout } = hookseal(["verify", "--scheme", "github", "--json", "-H", "x-hub-signature-256: sha256=" + "0".repeat(64)], { input: BODY });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, code: "no_matching_signature", check: "signature" });
  });

  it("takes secrets from files and several variables (rotation: secretIndex)", () => {
    const file = join(dir, "secret.txt");
    writeFileSync(file, OTHER + "\n"); // the trailing newline an editor leaves is ignored
    const signed = headerArgs(headerLines(hookseal(["sign", "--scheme", "github", "--secret-file", file], { input: BODY }).stdout));
    const verified = hookseal(["verify", "--scheme", "github", "--secret-env", "OLD", "--secret-env", "NEW", ...signed], {
      input: BODY,
      env: { OLD: SECRET, NEW: OTHER },
    });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ secretIndex: 1 });
    // Several secrets sign several signatures where the header holds them.
    const both = hookseal(["sign", "--scheme", "stripe", "--secret-env", "OLD", "--secret-env", "NEW", "--json"], { input: BODY, env: { OLD: SECRET, NEW: OTHER } });
    expect(JSON.parse(both.stdout)["stripe-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
  });

  it("keeps the body's exact bytes from stdin (no trimmed newline)", async () => {
    const signed = hookseal(["sign", "--scheme", "github", "--json"], { input: BODY + "\n" });
    const headers = JSON.parse(signed.stdout) as Record<string, string>;
    await expect(api.verify(api.github, { secret: SECRET, payload: BODY + "\n", headers })).resolves.toBeDefined();
    await expect(api.verify(api.github, { secret: SECRET, payload: BODY, headers })).rejects.toMatchObject({ code: "no_matching_signature" });
  });
});

// .ci/run installs curl; elsewhere the printed command is still checked, and not run (said loudly).
const HAS_CURL = existsSync("/usr/bin/curl") || existsSync("/bin/curl");
if (!HAS_CURL) {
  if (process.env.CI) throw new Error("curl is missing: .ci/run installs it with apt-get");
  console.warn("[cli] curl is not installed: the command `hookseal sign --curl` prints is checked but NOT run");
}

describe("hookseal sign --curl", () => {
  it("prints a curl command that a real receiver accepts", async () => {
    const received: { accepted: boolean; body: string; event?: unknown; note?: unknown }[] = [];
    const server = createServer(async (req, res) => {
      const ok = await api.verifyNodeRequest(api.github, req, { secret: SECRET }).then(
        (webhook) => (received.push({ accepted: true, body: webhook.text(), event: req.headers["x-github-event"], note: req.headers["x-note"] }), true),
        () => false,
      );
      res.writeHead(ok ? 204 : 401).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`;
    try {
      for (const source of [{ args: ["--file", bodyFile], input: "" }, { args: [], input: "it's \"quoted\" $HOME `x`" }]) {
        const extra = ["-H", "X-GitHub-Event: push", "--header", "X-Note: it's $HOME"];
        const { code, stdout } = hookseal(["sign", "--scheme", "github", "--curl", url, ...extra, ...source.args], { input: source.input });
        expect(code).toBe(0);
        expect(stdout).toMatch(/^curl -X POST '/);
        expect(stdout).toContain("-H 'x-hub-signature-256: sha256=");
        expect(stdout).toContain("-H 'x-github-event: push'");
        if (HAS_CURL) {
          // Run the printed command through a shell, exactly as a user would paste it (async:
          // the receiver runs in this process).
          const { stdout: status } = await promisify(execFile)("sh", ["-c", `${stdout.trim()} -s -m 10 -o /dev/null -w '%{http_code}'`], { cwd: dir, timeout: 15_000 });
          expect(status).toBe("204");
        }
      }
      if (HAS_CURL) {
        expect(received.map((r) => r.body)).toEqual([BODY, "it's \"quoted\" $HOME `x`"]);
        expect(received.map((r) => [r.event, r.note])).toEqual([["push", "it's $HOME"], ["push", "it's $HOME"]]);
      }
    } finally {
      server.close();
    }
    const binary = hookseal(["sign", "--scheme", "github", "--curl", url], { input: "\u0000\u0001" });
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain("pass it with --file");
  });

  it("quotes what curl would read specially: a body starting with @, [ ] { } in the URL, an empty header value", async () => {
    const received: { url?: string; body: string; empty?: string | string[]; note?: string | string[] }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ url: req.url, body: Buffer.concat(chunks).toString(), empty: req.headers["x-empty"], note: req.headers["x-note"] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks?list=[1]&q={a,b}`;
    const body = "@/etc/hostname\n'; echo pwned; '\n";
    try {
      const { code, stdout } = hookseal(["sign", "--scheme", "github", "--curl", url, "-H", "X-Empty:", "-H", "X-Note: $(echo no) `x` \\ \"q\""], { input: body });
      expect(code).toBe(0);
      expect(stdout).toMatch(/^curl --globoff -X POST '/); // no URL globbing: [1] and {a,b} are sent as written
      expect(stdout).toContain("-H 'x-empty;'"); // curl sends "x-empty:" only when written "x-empty;"
      expect(stdout).toContain("--data-raw '@/etc/hostname"); // data, not a file to read
      if (!HAS_CURL) return;
      const { stdout: status } = await promisify(execFile)("sh", ["-c", `${stdout.trim()} -s -m 10 -o /dev/null -w '%{http_code}'`], { cwd: dir, timeout: 15_000 });
      expect(status).toBe("204");
      expect(received).toEqual([{ url: "/hooks?list=[1]&q={a,b}", body, empty: "", note: "$(echo no) `x` \\ \"q\"" }]);
    } finally {
      server.close();
    }
  });
});
