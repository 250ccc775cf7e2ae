// A core that costs only what you use: a bundle of one scheme and verify() carries none of
// the modules that only other features need (checked on the module graph, not on sizes).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const web = fileURLToPath(new URL("../../src/web.ts", import.meta.url));

/** The source files (relative to src/) in a minified browser bundle of `exports` from src/web.ts. */
async function modulesIn(exports: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: `export { ${exports} } from ${JSON.stringify(web)};`, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^.*?src\//, ""));
}

describe("bundles carry only what they use", () => {
  it.each(["github", "stripe"])("verify + %s: no definition checks, Ed25519 keys, body timestamps or JWT", async (scheme) => {
    const modules = await modulesIn(`verify, ${scheme}`);
    expect(modules).toContain(`schemes/${scheme}.ts`);
    for (const absent of ["schemes/define-scheme.ts", "schemes/ed25519-keys.ts", "schemes/body-timestamp.ts", "crypto/web-ed25519.ts", "jwt/"]) {
      expect(modules.filter((module) => module.startsWith(absent))).toEqual([]);
    }
  });

  it("verify + standardWebhooks brings the Ed25519 rule; defineScheme brings its checks", async () => {
    expect(await modulesIn("verify, standardWebhooks")).toContain("schemes/ed25519-keys.ts");
    expect(await modulesIn("defineScheme")).toContain("schemes/define-scheme.ts");
  });
});
