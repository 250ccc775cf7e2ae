// `npm run test:runtimes` only: the vitest files that need the runtime binaries this folder
// installs (test/runtimes/package.json). `npm test` excludes them (the root vitest.config.ts).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { defaultCrypto } from "../default-crypto-plugin.js";

export default defineConfig({
  root: fileURLToPath(new URL("../../", import.meta.url)),
  plugins: [defaultCrypto()],
  test: {
    include: ["test/runtimes/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/runtimes/.work/**"],
    environment: "node",
    testTimeout: 60_000,
  },
});
