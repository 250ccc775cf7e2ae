// "hookseal/node": the root API bound to node:crypto, plus the sync variants.
export * from "./index.node.js";
export { nodeCrypto } from "./crypto/node.js";
export { signSync, verifySync, type SyncOptions } from "./sync.js";
