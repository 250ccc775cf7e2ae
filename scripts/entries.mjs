// The package's entry points: each built file (dist/<name>.{js,cjs,d.ts,d.cts}) with its source
// and the default crypto provider (`#default-crypto`) it is built with. Read by tsup.config.ts
// and scripts/check-jsr.mjs.
export const entries = {
  "index.node": { source: "src/index.ts", crypto: "node" },
  "index.web": { source: "src/index.ts", crypto: "web" },
  node: { source: "src/node.ts", crypto: "node" },
  web: { source: "src/web.ts", crypto: "web" },
  "jwt.node": { source: "src/jwt.ts", crypto: "node" },
  "jwt.web": { source: "src/jwt.ts", crypto: "web" },
};

/** The file `#default-crypto` stands for in a build with the given default provider. */
export const defaultCryptoSource = (crypto) => `src/crypto/default.${crypto}.ts`;
