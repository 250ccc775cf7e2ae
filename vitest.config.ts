import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests that need the runtime binaries (Deno, Bun, workerd: downloaded into test/runtimes on
    // first use) run with `npm run test:runtimes` only (test/runtimes/vitest.config.ts).
    exclude: ["test/runtimes/**", "**/node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
  },
});
