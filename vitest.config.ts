import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

const WEB = "?crypto=web";
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * `#default-crypto` as the build chooses it (tsup.config.ts): src/web.ts, and what it
 * re-exports (src/index.ts, then src/jwt.ts), get Web Crypto; every other importer node:crypto.
 * Only those two modules are loaded twice; everything else they import is shared.
 */
function defaultCrypto(): Plugin {
  const webImporters = new Set([source("./src/web.ts")]);
  return {
    name: "hookseal-default-crypto",
    enforce: "pre",
    async resolveId(id, importer, options) {
      const web = importer !== undefined && (importer.endsWith(WEB) || webImporters.has(importer));
      if (id === "#default-crypto") return source(`./src/crypto/default.${web ? "web" : "node"}.ts`);
      if (web && (id === "./index.js" || id === "./jwt.js")) {
        const resolved = await this.resolve(id, importer!.replace(WEB, ""), { ...options, skipSelf: true });
        return resolved === null ? null : resolved.id + WEB;
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [defaultCrypto()],
  test: {
    include: ["test/**/*.test.ts"],
    // Tests that need the runtime binaries (Deno, Bun, workerd: downloaded into test/runtimes on
    // first use) run with `npm run test:runtimes` only (test/runtimes/vitest.config.ts).
    exclude: ["test/runtimes/**", "**/node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
  },
});
