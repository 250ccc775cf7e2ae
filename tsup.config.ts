import { defineConfig } from "tsup";

export default defineConfig([{
  entry: {
    "index.node": "src/index.node.ts",
    "index.web": "src/index.web.ts",
    node: "src/node.ts",
    web: "src/web.ts",
    "jwt.node": "src/jwt.node.ts",
    "jwt.web": "src/jwt.web.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: ["!cli.js"], // dist/cli.js is the second build's
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
  removeNodeProtocol: false, // keep "node:crypto": Deno and bundlers need the prefix
  splitting: true,
  treeshake: true,
  sourcemap: false,
}, {
  // The `hookseal` command (package.json "bin"): one ESM file for Node; its #! line is in the source.
  entry: { cli: "src/node/cli.ts" },
  format: ["esm"],
  dts: false,
  clean: false,
  target: "es2022",
  platform: "node",
  external: [/^node:/],
  removeNodeProtocol: false,
  splitting: false,
  treeshake: true,
  sourcemap: false,
}]);
