#!/usr/bin/env node
// Checks that jsr.json (the JSR package, published from the TypeScript source) matches
// package.json (the npm package, published from dist/), then runs `deno publish --dry-run`.
//
//   node scripts/check-jsr.mjs              both
//   node scripts/check-jsr.mjs --no-publish only the comparison (no Deno needed)
//
// The rules:
// - same version and license; the JSR name is a scope plus the npm name (@scope/hookseal);
// - the same subpaths: every npm export but ./package.json is a JSR export, and no other;
// - each JSR export is the source file that tsup builds into one of that subpath's npm targets
//   (scripts/entries.mjs); JSR has no export conditions, so where the npm subpath has a Web
//   Crypto build the JSR export is its source, and jsr.json maps `#default-crypto` to the Web
//   Crypto provider: a JSR package must work in browsers and workers too;
// - `publish.include` ships every exported file.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCryptoSource, entries } from "./entries.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (file) => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
const pkg = read("package.json");
const jsr = read("jsr.json");
const problems = [];
const problem = (text) => problems.push(text);

if (jsr.version !== pkg.version) problem(`version: jsr.json has ${jsr.version}, package.json has ${pkg.version}`);
if (jsr.license !== pkg.license) problem(`license: jsr.json has ${jsr.license}, package.json has ${pkg.license}`);
if (!/^@[a-z0-9-]+\/[a-z0-9-]+$/.test(jsr.name ?? "") || jsr.name.split("/")[1] !== pkg.name) {
  problem(`name: jsr.json must be "@<scope>/${pkg.name}", got ${JSON.stringify(jsr.name)}`);
}

/** Every file a conditional export can lead to. */
function targets(entry) {
  if (typeof entry === "string") return [entry];
  if (entry === null || typeof entry !== "object") return [];
  return Object.entries(entry).flatMap(([condition, value]) => (condition === "types" ? [] : targets(value)));
}

const npmSubpaths = Object.keys(pkg.exports).filter((subpath) => subpath !== "./package.json");
const jsrExports = typeof jsr.exports === "string" ? { ".": jsr.exports } : (jsr.exports ?? {});
for (const subpath of npmSubpaths) if (!(subpath in jsrExports)) problem(`${subpath} is exported by package.json but not by jsr.json`);
for (const subpath of Object.keys(jsrExports)) if (!npmSubpaths.includes(subpath)) problem(`${subpath} is exported by jsr.json but not by package.json`);

const include = jsr.publish?.include ?? [];
const included = (file) => include.some((pattern) => pattern === file || (pattern.endsWith("/**/*.ts") && file.startsWith(pattern.slice(0, -"**/*.ts".length)) && file.endsWith(".ts")));

for (const subpath of npmSubpaths) {
  const source = jsrExports[subpath];
  if (source === undefined) continue;
  const file = source.replace(/^\.\//, "");
  if (!existsSync(join(ROOT, file))) problem(`${subpath}: ${source} does not exist`);
  if (!included(file)) problem(`${subpath}: ${source} is not in publish.include`);
  const builds = [...new Set(targets(pkg.exports[subpath]).map((target) => basename(target).replace(/\.(c|m)?js$/, "")))];
  const sources = builds.map((build) => entries[build]?.source);
  if (!sources.includes(file)) {
    problem(`${subpath}: ${source} is not the source of any npm target (${builds.map((b) => `${b} ← ${entries[b]?.source}`).join(", ")})`);
  }
  const web = builds.find((build) => entries[build]?.crypto === "web");
  if (web !== undefined && file !== entries[web].source) problem(`${subpath}: JSR has no export conditions, so it must point at the Web Crypto build's source ${entries[web].source}, not ${source}`);
}
// Without export conditions, JSR builds every entry with Web Crypto as the default provider.
const webDefault = `./${defaultCryptoSource("web")}`;
if (jsr.imports?.["#default-crypto"] !== webDefault) problem(`imports: jsr.json must map "#default-crypto" to ${webDefault}`);
for (const file of ["README.md", "LICENSE"]) if (!include.includes(file)) problem(`publish.include should ship ${file}`);

if (problems.length > 0) {
  console.error(`check-jsr: jsr.json does not match package.json:\n  - ${problems.join("\n  - ")}`);
  process.exit(1);
}
console.log(`check-jsr: jsr.json matches package.json (${npmSubpaths.length} exports, version ${pkg.version})`);

if (!process.argv.includes("--no-publish")) {
  const { BIN, cacheFolder, ensureRuntimes, toolEnv } = await import("../test/runtimes/install.mjs");
  ensureRuntimes();
  // --allow-dirty: CI and contributors run this on a work tree with build output and edits.
  const run = spawnSync(join(BIN, "deno"), ["publish", "--dry-run", "--allow-dirty"], { cwd: ROOT, encoding: "utf8", env: toolEnv() });
  rmSync(cacheFolder(), { recursive: true, force: true });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    console.error(output);
    console.error("check-jsr: deno publish --dry-run failed");
    process.exit(1);
  }
  const files = output.split("\n").filter((line) => line.trim().startsWith("file://")).length;
  console.log(output.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("file://")).join("\n"));
  console.log(`check-jsr: deno publish --dry-run passed (${files} files)`);
}
