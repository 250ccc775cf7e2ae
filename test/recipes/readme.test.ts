// The README's first receiver (Node `http`), as the README shows it, run as a real server on
// 127.0.0.1 against the BUILT package: a bad configured secret must give 500 and leave the
// process serving (an async listener that rethrows would end it with an unhandled rejection).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { github } from "../../src/node.js";
import { EVENT, post, SECRET, signed } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const children: ChildProcess[] = [];
let project: string | undefined;

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  if (project) rmSync(project, { recursive: true, force: true });
});

/** The first ```ts block after `heading` in README.md. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README.md has no "${heading}" section`).toBeGreaterThan(-1);
  const block = /```ts\n([\s\S]*?)\n```/.exec(readme.slice(start));
  expect(block, `no ts block under "${heading}"`).not.toBeNull();
  return block![1]!;
}

/** The README's Node example in a scratch project that depends on the built package; on a free port. */
async function projectWithReadmeServer(): Promise<string> {
  if (project) return join(project, "server.mjs");
  const source = readmeBlock("### Node `http` (and Express with `express.raw()`)");
  expect(source.match(/\.listen\(3000\)/g)).toHaveLength(1);
  // Only the port changes: a free loopback one, reported on stdout.
  const listening = source.replace(".listen(3000)", '.listen(0, "127.0.0.1", function () { console.log("listening " + this.address().port); })');
  const { code } = await transform(listening, { loader: "ts", format: "esm", target: "node20" });
  project = mkdtempSync(join(tmpdir(), "hookseal-readme-"));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(ROOT, join(project, "node_modules", "hookseal"), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "readme", private: true, type: "module" }));
  writeFileSync(join(project, "server.mjs"), code);
  return join(project, "server.mjs");
}

function start(file: string, secret: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const env = { ...process.env, GITHUB_WEBHOOK_SECRET: secret };
  const child = spawn(process.execPath, [file], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the README server did not start:\n${output}`)), 15_000);
    child.stderr!.on("data", (data: Buffer) => void (output += data));
    child.stdout!.on("data", (data: Buffer) => {
      output += data;
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${match[1]}`, output: () => output });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the README server exited with ${code}:\n${output}`));
    });
  });
}

const built = existsSync(join(ROOT, "dist/index.node.js"));

describe("the README's Node http receiver", () => {
  it("answers 500 for an empty configured secret, and keeps serving", async () => {
    expect(built, "dist/ is missing: run `npm run build` first").toBe(true);
    const server = await start(await projectWithReadmeServer(), "");
    const headers = await signed(github, EVENT);
    expect((await post(server.base, EVENT, headers)).status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 100)); // an unhandled rejection ends the process here
    expect(server.child.exitCode, server.output()).toBeNull();
    expect((await post(server.base, EVENT, headers)).status).toBe(500);
    expect(server.output()).toContain("invalid_secret"); // logged for whoever owns the configuration
  });

  it("accepts a signed delivery (204) and refuses a tampered one (401) with a good secret", async () => {
    const server = await start(await projectWithReadmeServer(), SECRET);
    const headers = await signed(github, EVENT);
    expect((await post(server.base, EVENT, headers)).status).toBe(204);
    expect(await post(server.base, EVENT.replace("in_123", "in_999"), headers)).toMatchObject({ status: 401, body: { text: "no_matching_signature" } });
    expect(server.child.exitCode).toBeNull();
  });
});
