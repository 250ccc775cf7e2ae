import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    "index.node": "src/index.node.ts",
    "index.web": "src/index.web.ts",
    node: "src/node.ts",
    web: "src/web.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
  removeNodeProtocol: false, // keep "node:crypto": Deno and bundlers need the prefix
  splitting: true,
  treeshake: true,
  sourcemap: false,
});
