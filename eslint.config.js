import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "docs/", "node_modules/", "coverage/", "test/runtimes/.work/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly", fetch: "readonly", setTimeout: "readonly", clearTimeout: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", Response: "readonly", Request: "readonly", Headers: "readonly", crypto: "readonly", globalThis: "readonly", Buffer: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Only the node:crypto adapter and Node helpers may touch node:*.
    files: ["src/**/*.ts"],
    ignores: ["src/crypto/node.ts", "src/engine/sync.ts", "src/node.ts", "src/index.node.ts", "src/jwt.node.ts", "src/receive/node-*.ts", "src/cli/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*"], message: "Only src/crypto/node.ts and Node helpers may import node:*." }] }],
      "no-restricted-globals": ["error", { name: "Buffer", message: "Buffer does not exist in browsers and workers." }],
    },
  },
);
