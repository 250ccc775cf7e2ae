// What every entry point exports, whatever its default crypto provider.
export { WebhookVerificationError, type VerificationErrorCode } from "./engine/errors.js";
export type { CryptoProvider, HashAlgorithm, MaybePromise, SyncCryptoProvider } from "./crypto/types.js";
export type { KeyType, NamedCurve, PrivateKeyHandle, PublicKeyHandle, SignatureAlgorithm } from "./crypto/types.js";
export type { PublicKeyInput } from "./keys/public-key.js";
export type { NodeKeyObject, WebCryptoKey } from "./keys/types.js";
export type { PrivateKeyInput } from "./keys/private-key.js";
export type { KeyPair } from "./utilities/keypair.js";
export type { SignedRequestOptions } from "./utilities/signed-request.js";
export type { VerificationEvent } from "./engine/observe.js";
export type { Bytes, Payload, ReplayStore, RequiredOptions, Secret, SecretOptions, Secrets, SignedHeaders, SignOptions, Verified, VerifyOptions } from "./engine/options.js";
export { ReplayStoreError } from "./replay/claim.js";
export type { Delivery, Verifier, VerifierOptions } from "./engine/verifier.js";
export type { HeadersLike } from "./lib/headers.js";
export type { FetchHandler, VerifiedRequest, VerifyRequestOptions, WebhookHandlerCallback } from "./receive/request.js";
export type { HandshakeOptions } from "./receive/handshake.js";
export { webhookErrorStatus } from "./receive/request.js";
export type { Timestamp } from "./lib/time.js";
export type { ParsedSignatureHeader, Scheme, SchemeDefinition, SecretRule, SignatureFields, SignedMessage } from "./schemes/scheme.js";
export type { HandshakeAnswer, HandshakeContext, HandshakeRequest, HandshakeRule } from "./schemes/scheme.js";
export type { AsymmetricRule, PublicKeyRule, ReadSignatures, SchemeMatch, SchemeTraits, TimestampRule, TokenRule, TraitsOf } from "./schemes/scheme.js";
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
export { meta, type MetaOptions } from "./schemes/meta.js";
export { twitch } from "./schemes/twitch.js";
export { dropbox } from "./schemes/dropbox.js";
export { okta, type OktaOptions } from "./schemes/okta.js";
export { twitter } from "./schemes/twitter.js";
export { asana, type AsanaOptions } from "./schemes/asana.js";
export { detectScheme } from "./schemes/detect.js";
export { gitlab } from "./schemes/gitlab.js";
export { bitbucket } from "./schemes/bitbucket.js";
export { lemonSqueezy } from "./schemes/lemon-squeezy.js";
export { wooCommerce } from "./schemes/woo-commerce.js";
export { typeform } from "./schemes/typeform.js";
export { sentry } from "./schemes/sentry.js";
export { vercel } from "./schemes/vercel.js";
export { razorpay } from "./schemes/razorpay.js";
export { coinbaseCommerce } from "./schemes/coinbase-commerce.js";
export { hookdeck } from "./schemes/hookdeck.js";
export { line } from "./schemes/line.js";
export { segment } from "./schemes/segment.js";
export { notion } from "./schemes/notion.js";
export { polar } from "./schemes/polar.js";
export { supabase } from "./schemes/supabase.js";
export { telegram } from "./schemes/telegram.js";
export { convoy, type ConvoyOptions } from "./schemes/convoy.js";
export { mux } from "./schemes/mux.js";
export { calendly } from "./schemes/calendly.js";
export { workos } from "./schemes/workos.js";
export { elevenlabs } from "./schemes/elevenlabs.js";
export { sanity } from "./schemes/sanity.js";
export { zendesk } from "./schemes/zendesk.js";
export { box } from "./schemes/box.js";
export { docusign } from "./schemes/docusign.js";
export { netlify } from "./schemes/netlify.js";
export { hubspot } from "./schemes/hubspot.js";
export { trello, type TrelloOptions } from "./schemes/trello.js";
export { mailgun } from "./schemes/mailgun.js";
export { googlePubSub, type GooglePubSubOptions } from "./schemes/google-pubsub.js";
export { plaid, type PlaidOptions } from "./schemes/plaid.js";
export { discord } from "./schemes/discord.js";
export { discordPing } from "./schemes/discord-ping.js";
export { sendgrid } from "./schemes/sendgrid.js";
export { awsSns, type AwsSnsOptions } from "./schemes/aws-sns.js";
export { awsSnsMessage, type AwsSnsMessage, type AwsSnsMessageType } from "./schemes/aws-sns-message.js";
export { isSnsSubscribeUrl } from "./schemes/aws-sns-url.js";
export { HandshakeCallbackError } from "./handshake/callback-error.js";
export { hook0 } from "./schemes/hook0.js";
export { timingSafeEqual } from "./lib/timing-safe-equal.js";
export { generateSecret } from "./utilities/generate-secret.js";
export { memoryReplayStore, type MemoryReplayStoreOptions } from "./replay/memory.js";
export { redisReplayStore, type RedisReplayStoreOptions } from "./replay/redis.js";
