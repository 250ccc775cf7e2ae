// What every entry point exports, whatever its default crypto provider.
export { WebhookVerificationError, type VerificationErrorCode } from "./errors.js";
export type { CryptoProvider, HashAlgorithm, MaybePromise, SyncCryptoProvider } from "./crypto/types.js";
export type { KeyPair } from "./keypair.js";
export type { Bytes, Payload, ReplayStore, Secret, Secrets, SignedHeaders, SignOptions, Verified, VerifyOptions } from "./options.js";
export { ReplayStoreError } from "./replay-claim.js";
export type { HeadersLike } from "./lib/headers.js";
export type { Timestamp } from "./lib/time.js";
export type { ParsedSignatureHeader, Scheme, SchemeDefinition, SecretRule, SignatureFields, SignedMessage } from "./scheme.js";
export { github } from "./schemes/github.js";
export { stripe } from "./schemes/stripe.js";
export { standardWebhooks } from "./schemes/standard-webhooks.js";
export { timingSafeEqual } from "./lib/timing-safe-equal.js";
export { generateSecret } from "./generate-secret.js";
export { memoryReplayStore, type MemoryReplayStoreOptions } from "./replay/memory.js";
