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
