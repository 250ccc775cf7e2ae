// The fetch-handler recipe (docs/recipes/fetch.md) served by Deno and by Bun for real on
// 127.0.0.1, importing the BUILT package by its name (so each runtime's export condition is
// what runs). The runtime binaries come from test/runtimes (its own package.json, kept out of
// the root so `npm ci` stays clean) and are downloaded on first use, so this file runs with
// `npm run test:runtimes` (test/runtimes/vitest.config.ts), never with `npm test`.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { stripe } from "../../src/node.js";
import { EVENT, expectRecipeBehaviour, post, recipeSource, signed } from "../recipes/helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Installer {
  BIN: string;
  ensureRuntimes(options?: { log?: (line: string) => void }): void;
  toolEnv(): NodeJS.ProcessEnv;
  cacheFolder?(): string | undefined;
}

/** The runtime binaries from test/runtimes, installing them there if needed; a reason when impossible. */
async function findRuntimes(): Promise<{ bin: string; env: NodeJS.ProcessEnv; caches?: string } | { skip: string }> {
  const installerPath = join(ROOT, "test/runtimes/install.mjs");
  if (!existsSync(installerPath)) return { skip: "test/runtimes/install.mjs is missing, so Deno and Bun cannot be installed" };
  const installer = (await import(/* @vite-ignore */ installerPath)) as Installer;
  const ready = () => ["deno", "bun"].every((name) => existsSync(join(installer.BIN, name)));
  if (!ready()) {
    try {
      installer.ensureRuntimes({ log: (line) => console.log(`[recipes] ${line}`) });
    } catch (error) {
      return { skip: `installing Deno and Bun in test/runtimes failed (${(error as Error).message})` };
    }
  }
  if (!ready()) return { skip: "test/runtimes installed no deno/bun binaries" };
  return { bin: installer.BIN, env: installer.toolEnv(), caches: installer.cacheFolder?.() };
}

const runtimes = await findRuntimes();
if ("skip" in runtimes) {
  // In CI the runtimes must be there: a silent skip would pass without testing anything.
  if (process.env.CI) throw new Error(`[recipes] the Deno and Bun recipe tests cannot run: ${runtimes.skip}`);
  console.warn(`[recipes] SKIPPING the Deno and Bun recipe tests: ${runtimes.skip}`);
}

const built = existsSync(join(ROOT, "dist/index.node.js")) && readFileSync(join(ROOT, "dist/index.node.js"), "utf8").includes("verifyRequest");

// A scratch project that depends on hookseal: node_modules/hookseal is the repository itself.
const project = mkdtempSync(join(tmpdir(), "hookseal-recipes-"));
mkdirSync(join(project, "node_modules"));
symlinkSync(ROOT, join(project, "node_modules", "hookseal"), "dir");
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "recipe", private: true, type: "module" }));
writeFileSync(join(project, "handler.ts"), recipeSource("fetch-handler.ts"));
// The test's own entry: the recipe's handler, a route showing the body-already-read mistake,
// and a loopback listener on a free port that reports it.
writeFileSync(
  join(project, "serve.ts"),
  `import handler from "./handler.ts";
import { stripe, verifyRequest } from "hookseal";

async function fetch(request: Request): Promise<Response> {
  if (new URL(request.url).pathname !== "/parsed") return handler.fetch(request);
  await request.json();
  return verifyRequest(stripe, request, { secret: process.env.STRIPE_WEBHOOK_SECRET! }).then(
    () => Response.json({ accepted: true }),
    (error: Error) => Response.json({ name: error.name, message: error.message }, { status: 500 }),
  );
}

const report = (port: number) => console.log("listening " + port);
if ("Deno" in globalThis) {
  Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => report(port) }, fetch);
} else {
  report(Bun.serve({ hostname: "127.0.0.1", port: 0, fetch }).port);
}
`,
);

const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill();
  rmSync(project, { recursive: true, force: true });
  if (!("skip" in runtimes) && runtimes.caches !== undefined) rmSync(runtimes.caches, { recursive: true, force: true });
});

/** Starts the runtime on serve.ts and resolves with its base URL once it listens. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 20 s:\n${output}`)), 20_000);
    const onData = (data: Buffer) => {
      output += data;
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (data: Buffer) => void (output += data));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

const cases = {
  deno: (bin: string) => [join(bin, "deno"), ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", "serve.ts"]] as const,
  bun: (bin: string) => [join(bin, "bun"), ["serve.ts"]] as const,
};

describe.skipIf("skip" in runtimes).each(Object.entries(cases))("fetch handler recipe under %s", (_name, command) => {
  it("accepts a signed delivery, refuses a tampered one (401) and an oversized one (413), and explains a body read first", async () => {
    expect(built, "dist/ is missing or stale: run `npm run build` first").toBe(true);
    const { bin, env } = runtimes as { bin: string; env: NodeJS.ProcessEnv };
    const [executable, args] = command(bin);
    const base = await start(executable, [...args], { ...env, STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET });
    await expectRecipeBehaviour(`${base}/webhooks/stripe`, stripe, { received: "invoice.paid" }, { senderStopsEarly: false });
    const parsed = await post(`${base}/parsed`, EVENT, await signed(stripe, EVENT));
    expect(parsed).toMatchObject({ status: 500, body: { name: "TypeError", message: expect.stringContaining("request.clone()") } });
  });
});
