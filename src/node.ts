// "hookseal/node": the root API bound to node:crypto, plus the sync variants and the Node HTTP helpers.
export * from "./index.js";
export { nodeCrypto } from "./crypto/node.js";
export { createVerifierSync, signSync, verifySync, type SyncOptions } from "./engine/sync.js";
export type { SyncVerifier } from "./engine/verifier.js";
export { verifyNodeRequest, type NodeRequestLike, type VerifiedNodeRequest, type VerifyNodeRequestOptions } from "./receive/node-request.js";
export { webhookMiddleware, webhookOf, type NextFunction, type WebhookMiddleware, type WebhookMiddlewareOptions, type WebhookRequest } from "./receive/node-middleware.js";
