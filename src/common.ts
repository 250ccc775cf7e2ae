// What every entry point exports, whatever its default crypto provider.
export { WebhookVerificationError, type VerificationErrorCode } from "./engine/errors.js";
export type { CryptoProvider, HashAlgorithm, MaybePromise, SyncCryptoProvider } from "./crypto/types.js";
export type { KeyType, NamedCurve, PrivateKeyHandle, PublicKeyHandle, SignatureAlgorithm } from "./crypto/types.js";
export type { PublicKeyInput } from "./keys/public-key.js";
export type { PrivateKeyInput } from "./keys/private-key.js";
export type { KeyPair } from "./utilities/keypair.js";
export type { Bytes, Payload, ReplayStore, RequiredOptions, Secret, Secrets, SignedHeaders, SignOptions, Verified, VerifyOptions } from "./engine/options.js";
export { ReplayStoreError } from "./replay/claim.js";
export type { Delivery, Verifier, VerifierOptions } from "./engine/verifier.js";
export type { HeadersLike } from "./lib/headers.js";
export type { FetchHandler, VerifiedRequest, VerifyRequestOptions, WebhookHandlerCallback } from "./receive/request.js";
export { webhookErrorStatus } from "./receive/request.js";
export type { Timestamp } from "./lib/time.js";
export type { ParsedSignatureHeader, Scheme, SchemeDefinition, SecretRule, SignatureFields, SignedMessage } from "./schemes/scheme.js";
export type { AsymmetricRule, PublicKeyRule, SchemeMatch, SchemeTraits, TimestampRule, TokenRule, TraitsOf } from "./schemes/scheme.js";
export { ed25519Keys } from "./schemes/ed25519-keys.js";
export {
  defineScheme,
  type Exactly,
  type HmacSchemeDefinition,
  type LowerCaseHeader,
  type SchemeContent,
  type SchemeMessage,
  type SchemeSignatureFields,
  type TokenSchemeDefinition,
} from "./schemes/define-scheme.js";
export { prefixedBase64Secret, utf8Secret } from "./schemes/secrets.js";
export { github } from "./schemes/github.js";
export { stripe } from "./schemes/stripe.js";
export { standardWebhooks } from "./schemes/standard-webhooks.js";
export { githubSha1 } from "./schemes/github-sha1.js";
export { slack } from "./schemes/slack.js";
export { shopify } from "./schemes/shopify.js";
export { svix } from "./schemes/svix.js";
export { zoom } from "./schemes/zoom.js";
export type { ZoomChallengeResponse } from "./schemes/zoom-challenge.js";
export { paddle } from "./schemes/paddle.js";
export { linear } from "./schemes/linear.js";
export { square } from "./schemes/square.js";
export { twilio } from "./schemes/twilio.js";
export { intercom } from "./schemes/intercom.js";
export { staticToken, type StaticTokenOptions } from "./schemes/static-token.js";
export { jwtBearer } from "./schemes/jwt-bearer.js";
export { fusionauth } from "./schemes/fusionauth.js";
export { googlePubSub, type GooglePubSubOptions } from "./schemes/google-pubsub.js";
export { plaid, type PlaidOptions } from "./schemes/plaid.js";
export { discord } from "./schemes/discord.js";
export { discordPing } from "./schemes/discord-ping.js";
export { sendgrid } from "./schemes/sendgrid.js";
export { awsSns, type AwsSnsOptions } from "./schemes/aws-sns.js";
export { awsSnsMessage, type AwsSnsMessage, type AwsSnsMessageType } from "./schemes/aws-sns-message.js";
export { isSnsSubscribeUrl } from "./schemes/aws-sns-url.js";
export { timingSafeEqual } from "./lib/timing-safe-equal.js";
export { generateSecret } from "./utilities/generate-secret.js";
export { memoryReplayStore, type MemoryReplayStoreOptions } from "./replay/memory.js";
export { redisReplayStore, type RedisReplayStoreOptions } from "./replay/redis.js";
