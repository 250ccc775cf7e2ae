// A clone tests itself: the known-answer vectors are the repository's own copy (test/vectors/data,
// byte-identical to the upstream set, checked by .ci/run), each file with its provenance; no
// test, script, benchmark or demo reads a path outside the repository; and `npm test` downloads
// nothing (the runtime binaries belong to `npm run test:runtimes`).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import config from "../../vitest.config.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DATA = fileURLToPath(new URL("../vectors/data/", import.meta.url));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));

/** Every file under `dir` (relative to the root), skipping installed and generated folders. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path));
    else if (/\.(m?[jt]s|json)$/.test(name)) out.push(path);
  }
  return out;
}

describe("the known-answer vectors are inside the repository", () => {
  const readme = readFileSync(join(DATA, "README.md"), "utf8");
  const listed = [...readme.matchAll(/^\| `([\w.]+\.json)` \|/gm)].map((match) => match[1]!);

  it("has every file its README lists, and nothing unlisted", () => {
    expect(listed.length).toBeGreaterThanOrEqual(11);
    expect(readdirSync(DATA).filter((name) => name.endsWith(".json")).sort()).toEqual([...listed].sort());
  });

  it.each(listed)("%s records its source", (file) => {
    const data = JSON.parse(readFileSync(join(DATA, file), "utf8")) as { source?: unknown };
    expect(data.source, `${file} has no "source" provenance`).toBeTypeOf("object");
    expect(Object.keys(data.source as object).length).toBeGreaterThan(0);
  });

  it("no test, script, benchmark or demo reads a path outside the repository", () => {
    const outside: string[] = [];
    for (const file of ["test", "scripts", "bench", "demo"].flatMap(filesUnder)) {
      if (file.startsWith(relative(ROOT, DATA)) || file === SELF) continue;
      const source = readFileSync(join(ROOT, file), "utf8");
      if (source.includes("shared/vectors")) outside.push(`${file}: names shared/vectors`);
      // Files are found relative to the module: new URL("../…", import.meta.url) must stay inside.
      for (const match of source.matchAll(/new URL\(\s*["'`](\.[^"'`]*)["'`],\s*import\.meta\.url/g)) {
        const target = fileURLToPath(new URL(match[1]!, pathToFileURL(join(ROOT, file))));
        if (relative(ROOT, target).startsWith("..")) outside.push(`${file}: ${match[1]}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

describe("npm test downloads nothing", () => {
  it("leaves test/runtimes (whose files install Deno, Bun, workerd and playwright-core) to npm run test:runtimes", () => {
    expect(config.test?.exclude).toContain("test/runtimes/**");
    const installers: string[] = [];
    for (const file of filesUnder("test")) {
      if (!file.endsWith(".test.ts") || file.startsWith("test/runtimes/") || file === SELF) continue;
      const source = readFileSync(join(ROOT, file), "utf8");
      if (/runtimes\/install\.mjs|ensureRuntimes|playwright/.test(source)) installers.push(file);
    }
    expect(installers).toEqual([]);
  });
});

describe("npm ci on Node 20 prints no engine warning", () => {
  // The development floor: the toolchain (vitest's rolldown, @linear/sdk) needs Node 20.19.
  const NODE_20 = "20.19.0";
  const semver = createRequire(import.meta.url)("semver") as { satisfies(version: string, range: string): boolean };

  it(`every package in package-lock.json supports Node ${NODE_20} (cookie@2, via fastify's light-my-request, is overridden)`, () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const unsupported = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines?.node !== undefined && !semver.satisfies(NODE_20, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version}: node ${entry.engines!.node}`);
    expect(unsupported).toEqual([]);
  });
});
