import { defineConfig } from "vitest/config";
import { defaultCrypto } from "./test/default-crypto-plugin.js";

export default defineConfig({
  // `#default-crypto` as the build chooses it (test/default-crypto-plugin.ts).
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
