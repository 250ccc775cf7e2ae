// Builds the package's Node entry from src/ into one ESM file, so child processes (which run
// plain node, without a TypeScript loader) test the current source, not a stale dist/.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** `{ file, remove() }`: `src/index.ts` bundled with node:crypto as its default provider. */
export async function bundleHookseal() {
  const dir = mkdtempSync(join(tmpdir(), "hookseal-replay-"));
  const file = join(dir, "hookseal.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("../../src/index.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile: file,
    logLevel: "silent",
    plugins: [
      {
        name: "default-crypto",
        setup: (esbuild) =>
          esbuild.onResolve({ filter: /^#default-crypto$/ }, () => ({ path: fileURLToPath(new URL("../../src/crypto/default.node.ts", import.meta.url)) })),
      },
    ],
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
