// Node only: installs the runtime binaries (deno, bun, workerd) and playwright-core from this
// folder's own package.json and lockfile, and gives child processes an environment whose
// caches live in a temporary folder instead of $HOME. The root package.json must not list
// these: the registry here has no other-platform binaries, so its lockfile could not be
// `npm ci`-clean.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, "..", "..");
export const BIN = join(HERE, "node_modules", ".bin");
const STAMP = join(HERE, "node_modules", ".hookseal-lock-sha256");

const lockHash = () => createHash("sha256").update(readFileSync(join(HERE, "package-lock.json"))).digest("hex");

/** `npm ci` in test/runtimes unless node_modules already matches the lockfile. */
export function ensureRuntimes({ log = console.log } = {}) {
  const hash = lockHash();
  const binaries = ["deno", "bun", "workerd"].every((name) => existsSync(join(BIN, name)));
  if (binaries && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return;
  log("installing the runtime binaries (test/runtimes: npm ci)…");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = ["--no-audit", "--no-fund", "--loglevel=error"];
  // The postinstall scripts run with the temporary caches too (Bun's would write to ~/.bun).
  const options = { cwd: HERE, stdio: "inherit", env: toolEnv() };
  try {
    execFileSync(npm, ["ci", ...args], options);
  } catch {
    // Should the lockfile ever disagree with what the registry serves, fall back to a plain install.
    log("npm ci failed in test/runtimes; retrying with npm install");
    execFileSync(npm, ["install", ...args], options);
  }
  // Bun's and Deno's postinstall scripts put the real binary in place; a stub would exit 1.
  for (const [name, args] of [["deno", ["--version"]], ["bun", ["--version"]], ["workerd", ["--version"]]]) {
    execFileSync(join(BIN, name), args, { stdio: "ignore", env: toolEnv() });
  }
  writeFileSync(STAMP, hash);
}

let cacheRoot;

/** The environment for runtime child processes: caches and config in a temporary folder. */
export function toolEnv() {
  cacheRoot ??= mkdtempSync(join(tmpdir(), "hookseal-runtimes-"));
  const dirs = { DENO_DIR: "deno", BUN_INSTALL_CACHE_DIR: "bun", XDG_CACHE_HOME: "cache", XDG_CONFIG_HOME: "config" };
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" };
  for (const [name, dir] of Object.entries(dirs)) {
    env[name] = join(cacheRoot, dir);
    mkdirSync(env[name], { recursive: true });
  }
  return env;
}

/** The temporary folder toolEnv() uses, if it made one. */
export const cacheFolder = () => cacheRoot;
