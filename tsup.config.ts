import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const entries = {
  "index.node": "src/index.node.ts",
  "index.web": "src/index.web.ts",
  node: "src/node.ts",
  web: "src/web.ts",
  "jwt.node": "src/jwt.node.ts",
  "jwt.web": "src/jwt.web.ts",
};

const shared: Options = {
  target: "es2022",
  external: [/^node:/],
  removeNodeProtocol: false, // keep "node:crypto": Deno and bundlers need the prefix
  treeshake: true,
  sourcemap: false,
  clean: false, // dist is emptied once, below: the builds run side by side
};

// One build writes into dist from scratch: nothing stale (an old chunk) can be packed.
rmSync("dist", { recursive: true, force: true });

export default defineConfig([
  {
    ...shared,
    entry: entries,
    format: ["esm", "cjs"],
    dts: false,
    platform: "neutral",
    splitting: true,
  },
  // Declarations: one self-contained file per entry point and format. Built together, they
  // would share chunks whose exports Rollup renames ("Verified as d"), and compiler messages
  // would then name a user's types `import("./chunk-…").d`.
  ...Object.entries(entries).map(
    ([name, file]): Options => ({ ...shared, entry: { [name]: file }, format: ["esm", "cjs"], dts: { only: true }, platform: "neutral" }),
  ),
  {
    // The `hookseal` command (package.json "bin"): one ESM file for Node; its #! line is in the source.
    ...shared,
    entry: { cli: "src/cli/cli.ts" },
    format: ["esm"],
    dts: false,
    platform: "node",
    splitting: false,
  },
]);
