// What a browser or worker bundler makes of the package: no node:* import may reach it.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

async function bundle(entry: string, conditions: string[]): Promise<string> {
  const result = await build({
    stdin: { contents: `export * from "${entry}";`, resolveDir: root },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("browser and worker bundles", () => {
  it.each([
    ["hookseal", ["browser"]],
    ["hookseal", ["workerd", "worker"]],
    ["hookseal/web", ["browser"]],
  ])("%s with conditions %j contains no node: import and uses Web Crypto", async (entry, conditions) => {
    const code = await bundle(entry, conditions);
    expect(code).not.toMatch(/["']node:/);
    expect(code).toContain("crypto.subtle");
    expect(code).toContain("standardWebhooks");
  });

  it("hookseal/node does reference node:crypto (so the check above can fail)", async () => {
    await expect(bundle("hookseal/node", ["browser"])).rejects.toThrow(/node:crypto/);
  });
});

/** Minified bytes of a browser bundle of `{ name }` from `entry` (a file path). */
async function minifiedSize(name: string, entry: string): Promise<number> {
  const result = await build({
    stdin: { contents: `export { ${name} } from ${JSON.stringify(entry)};`, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.contents.length;
}

// The built package merges modules into shared chunks: a top-level statement that a bundler
// cannot prove free of side effects (a loop, `new Uint8Array()` or `Symbol()` without a pure
// mark, `24 * 60 * 60`) then stays in every bundle that imports anything of its chunk, though
// from the source it would go with its unused module. Such code once cost every bundle ~160 B.
describe("the built package tree-shakes as its source does", () => {
  it("a bundle of any one export of hookseal/web is as small from dist as from src", async () => {
    const names = Object.keys(await import(`${root}dist/web.js`));
    expect(names.length).toBeGreaterThan(50);
    const excess = await Promise.all(
      names.map(async (name) => [name, (await minifiedSize(name, `${root}dist/web.js`)) - (await minifiedSize(name, `${root}src/web.ts`))] as const),
    );
    // A few bytes differ by how the two builds name and order things; retained code is far more.
    expect(excess.filter(([, bytes]) => bytes > 24)).toEqual([]);
  }, 120_000);
});
