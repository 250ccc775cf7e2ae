// Bundle sizes of the issue 14 targets: what a browser or worker bundle of an import costs,
// built from the BUILT package with esbuild (platform browser, minified, ESM) and gzipped
// (level 9). `.size-limit.json` stays the CI guard; this puts the same numbers next to the
// ratios of `npm run bench`. Alone:
//
//   npm run build && node bench/bundle.mjs
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The imports measured: `contents` is the entry a user's bundler would see. */
export const BUNDLES = [
  { id: "web-github", label: "`{ verify, github }` from `hookseal/web`", contents: 'export { verify, github } from "hookseal/web";' },
  { id: "web-stripe", label: "`{ verify, stripe }` from `hookseal/web`", contents: 'export { verify, stripe } from "hookseal/web";' },
  { id: "web-standardWebhooks", label: "`{ verify, standardWebhooks }` from `hookseal/web`", contents: 'export { verify, standardWebhooks } from "hookseal/web";' },
  { id: "root", label: "the whole root entry `hookseal` (browser build)", contents: 'export * from "hookseal";' },
];

/** Minified and gzipped bytes of one entry. */
async function gzippedBytes(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** Every bundle's size: `[{ id, label, minified, gzip }]`. */
export async function measureBundles() {
  const out = [];
  for (const bundle of BUNDLES) out.push({ id: bundle.id, label: bundle.label, ...(await gzippedBytes(bundle.contents)) });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const b of await measureBundles()) console.log(`${String(b.gzip).padStart(7)} B gzip  ${String(b.minified).padStart(7)} B min  ${b.label}`);
}
