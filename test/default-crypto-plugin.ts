// The vitest side of `#default-crypto`, shared by both vitest configurations (vitest.config.ts
// and test/runtimes/vitest.config.ts): tests import the TypeScript sources, so they resolve the
// default crypto provider the way the build does (tsup.config.ts).
import { fileURLToPath } from "node:url";
import type { Plugin } from "vitest/config";

const WEB = "?crypto=web";
const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * src/web.ts, and what it re-exports (src/index.ts, then src/jwt.ts), get Web Crypto; every
 * other importer node:crypto. Only those two modules are loaded twice; everything else they
 * import is shared.
 */
export function defaultCrypto(): Plugin {
  const webImporters = new Set([source("src/web.ts")]);
  return {
    name: "hookseal-default-crypto",
    enforce: "pre",
    async resolveId(id, importer, options) {
      const web = importer !== undefined && (importer.endsWith(WEB) || webImporters.has(importer));
      if (id === "#default-crypto") return source(`src/crypto/default.${web ? "web" : "node"}.ts`);
      if (web && (id === "./index.js" || id === "./jwt.js")) {
        const resolved = await this.resolve(id, importer!.replace(WEB, ""), { ...options, skipSelf: true });
        return resolved === null ? null : resolved.id + WEB;
      }
      return null;
    },
  };
}
