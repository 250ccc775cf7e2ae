import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Plugin } from "esbuild";
import { defineConfig, type Options } from "tsup";
import { defaultCryptoSource, entries } from "./scripts/entries.mjs";

// Each entry point is built from its source in a flavour, its default crypto provider: the
// entry "index.web" is `flavour:web:src/index.ts`. A flavoured module, and the ./index.js or
// ./jwt.js it imports, get `#default-crypto` from their flavour; every other module is shared,
// so both flavours come from one build and share one copy of the rest (one
// WebhookVerificationError class for hookseal, hookseal/node and hookseal/web alike).
const FLAVOURED_IMPORTS = new Set(["./index.js", "./jwt.js"]);

const flavours: Plugin = {
  name: "default-crypto-flavours",
  setup(build) {
    build.onResolve({ filter: /^flavour:/ }, ({ path }) => {
      const [, crypto, source] = path.split(":") as [string, string, string];
      return { path: resolve(source), suffix: `?${crypto}` };
    });
    build.onResolve({ filter: /^(#default-crypto|\.\/index\.js|\.\/jwt\.js)$/ }, ({ path, importer, pluginData }) => {
      const crypto = (pluginData as { crypto?: "node" | "web" } | undefined)?.crypto;
      if (crypto === undefined) return undefined; // an unflavoured module: resolved as usual
      if (path === "#default-crypto") return { path: resolve(defaultCryptoSource(crypto)) };
      return FLAVOURED_IMPORTS.has(path) ? { path: resolve(dirname(importer), path.replace(/\.js$/, ".ts")), suffix: `?${crypto}` } : undefined;
    });
    build.onLoad({ filter: /\.ts$/ }, async ({ path, suffix }) => {
      if (suffix !== "?node" && suffix !== "?web") return undefined;
      return { contents: await readFile(path, "utf8"), loader: "ts", resolveDir: dirname(path), pluginData: { crypto: suffix.slice(1) } };
    });
  },
};

// The CLI runs only in Node: every module of it gets node:crypto as the default provider.
const nodeDefaultCrypto: Plugin = {
  name: "node-default-crypto",
  setup(build) {
    build.onResolve({ filter: /^#default-crypto$/ }, () => ({ path: resolve(defaultCryptoSource("node")) }));
  },
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
    // The JavaScript of every entry point, both flavours in one build (see `flavours` above).
    ...shared,
    entry: Object.fromEntries(Object.entries(entries).map(([name, { source }]) => [name, source])),
    format: ["esm", "cjs"],
    dts: false,
    platform: "neutral",
    splitting: true,
    esbuildPlugins: [flavours],
    // tsup checks that `entry` names files; esbuild then gets each with its flavour.
    esbuildOptions(options) {
      options.entryPoints = Object.fromEntries(Object.entries(entries).map(([name, { source, crypto }]) => [name, `flavour:${crypto}:${source}`]));
    },
  },
  // Declarations: one self-contained file per entry point and format. Built together, they
  // would share chunks whose exports Rollup renames ("Verified as d"), and compiler messages
  // would then name a user's types `import("./chunk-…").d`.
  ...Object.entries(entries).map(
    ([name, { source }]): Options => ({ ...shared, entry: { [name]: source }, format: ["esm", "cjs"], dts: { only: true }, platform: "neutral" }),
  ),
  {
    // The `hookseal` command (package.json "bin"): one ESM file for Node; its #! line is in the source.
    ...shared,
    entry: { cli: "src/cli/cli.ts" },
    format: ["esm"],
    dts: false,
    platform: "node",
    splitting: false,
    esbuildPlugins: [nodeDefaultCrypto],
  },
]);
