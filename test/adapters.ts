// Both crypto adapters, so every suite can run once per adapter.
import { nodeCrypto } from "../src/crypto/node.js";
import { webCrypto } from "../src/crypto/web.js";

export const adapters = [
  { name: "node", crypto: nodeCrypto },
  { name: "web", crypto: webCrypto },
] as const;
