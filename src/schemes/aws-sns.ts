import { RS256, RSA_SHA1 } from "../keys/algorithms.js";
import { accept, noMatch } from "../engine/engine.js";
import { WebhookVerificationError } from "../engine/errors.js";
import type { Steps } from "../engine/steps.js";
import { fromBase64 } from "../lib/base64.js";
import { builtInCalls } from "../crypto/text-parts.js";
import { bytesOf } from "../lib/payload.js";
import { verifySignature } from "../keys/signature-steps.js";
import type { PublicKeyHandle } from "../crypto/types.js";
import { certificateKey, certificateSource, DEFAULT_TIMEOUT_MS } from "./aws-sns-certificates.js";
import { awsSnsMessage, canonicalString, MAX_SNS_BODY_BYTES } from "./aws-sns-message.js";
import { isSnsCertificateUrl } from "./aws-sns-url.js";
import { base64Encoding } from "./encodings.js";
import type { PublicKeyRule, Scheme } from "./scheme.js";
import { publicKeySteps } from "../engine/token-steps.js";
import { builtInScheme } from "./resolve.js";
import { utf8Secret } from "./secrets.js";
import { shapedIdIsEventId } from "./event-id.js";
import { snsConfirmation } from "./aws-sns-confirm.js";

/**
 * Options of {@link awsSns}.
 *
 * @example
 * ```ts
 * const scheme = awsSns({ topicArns: ["arn:aws:sns:us-east-1:123456789012:orders"] });
 * ```
 */
export interface AwsSnsOptions {
  /** The topics accepted; a message from any other topic is refused before its certificate is fetched. Default: any topic. */
  readonly topicArns?: readonly string[];
  /** The fetch used for signing certificates and subscription confirmations (default: `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  /** How long a certificate fetch, or a subscription confirmation, may take, in ms (default 5000). */
  readonly timeoutMs?: number;
  /**
   * `true`: `webhookHandler()`, `webhookMiddleware()` and `handshakeResponse()` confirm a verified
   * `SubscriptionConfirmation` themselves, by a GET of its `SubscribeURL` (only SNS's own
   * `https://sns.<region>.amazonaws.com[.cn]/?Action=ConfirmSubscription&…`), and answer it 200;
   * your handler never sees it. Set `topicArns` too, or any AWS account can subscribe your
   * endpoint to its topic and have it confirmed. Default `false`: nothing is confirmed, and a
   * verified `SubscriptionConfirmation` reaches your handler like any message (confirm it
   * yourself, or in the SNS console). `UnsubscribeConfirmation`s always reach your handler;
   * their `SubscribeURL` is never called.
   */
  readonly confirmSubscription?: boolean;
}

const MAX_SIGNATURE_BYTES = 1024; // an 8192-bit RSA signature

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/**
 * What awsSnsMessage reads of the body: a string as it is when encoding it to UTF-8 and
 * decoding it back would change nothing (no lone surrogate, which UTF-8 makes U+FFFD; no
 * leading BOM, which the decoder drops) and its bytes cannot pass the size bound (3 bytes per
 * character at most); else its bytes, as before. (String.prototype.isWellFormed is ES2024:
 * without it, the bytes.)
 */
const snsBody = (body: string | Uint8Array): string | Uint8Array =>
  typeof body === "string" && body.length * 3 <= MAX_SNS_BODY_BYTES && body.charCodeAt(0) !== 0xfeff && (body as { isWellFormed?: () => boolean }).isWellFormed?.() ? body : bytesOf(body);

function snsRule(options: AwsSnsOptions): PublicKeyRule {
  const topics = options.topicArns === undefined ? undefined : new Set(options.topicArns);
  const source = certificateSource(options.fetch, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return {
    keyless: true,
    keys(scheme, secrets) {
      // The key comes from the message's certificate: nothing to configure. (An empty list is accepted too.)
      if (secrets !== undefined && !(Array.isArray(secrets) && secrets.length === 0)) {
        throw new TypeError(`${scheme.name} takes no secret: its key comes from the certificate AWS names in each message (leave the secret option out)`);
      }
      return [];
    },

    *verify(scheme, configuration, body, messageTypes, now): Steps<never> {
      const message = awsSnsMessage(snsBody(body));
      // SNS sends the type in a header too: the two must agree.
      if (messageTypes.length !== 1 || messageTypes[0] !== message.Type) {
        throw new WebhookVerificationError("malformed_header", `The "${scheme.signatureHeader}" header does not match the message's Type.`);
      }
      if (topics !== undefined && !topics.has(message.TopicArn)) {
        throw new WebhookVerificationError("no_matching_signature", "The SNS message comes from a topic this receiver does not accept (topicArns).");
      }
      if (!isSnsCertificateUrl(message.SigningCertURL)) {
        throw new WebhookVerificationError("malformed_header", "The SNS message's SigningCertURL is not https://sns.<region>.amazonaws.com[.cn]/….pem: it is not from AWS.");
      }
      // One call: the Signature decoded by the provider's own strict decoder when it has one
      // (node:crypto: Buffer, lib/base64-codec.ts), then, only for a signature, the certificate's key.
      const text = message.Signature;
      let signature: Uint8Array | undefined;
      const key = (yield {
        op: "call",
        run: (crypto) => {
          signature = text.length <= (MAX_SIGNATURE_BYTES * 4) / 3 + 4 ? (builtInCalls(crypto)?.base64?.base64 ?? fromBase64)(text) : undefined;
          return signature === undefined || signature.length === 0 ? undefined : certificateKey(source, message.SigningCertURL);
        },
      }) as PublicKeyHandle | undefined;
      if (key === undefined) throw new WebhookVerificationError("malformed_header", "The SNS message's Signature is not base64.");
      const algorithm = message.SignatureVersion === "1" ? RSA_SHA1 : RS256;
      if (!(yield* verifySignature(algorithm, key, signature!, [canonicalString(message)]))) throw noMatch(scheme, configuration);
      const seconds = Date.parse(message.Timestamp);
      const verified = yield* accept(
        scheme,
        { secretIndex: 0, id: message.MessageId, ...(Number.isFinite(seconds) ? { timestamp: Math.floor(seconds / 1000) } : {}), proof: EMPTY },
        configuration.claimAs,
        now,
        body,
      );
      return verified as never;
    },

    // eslint-disable-next-line require-yield
    *sign(scheme): Steps<never> {
      throw new TypeError(`${scheme.name} cannot sign: only AWS signs SNS messages (tests can sign with node:crypto and a certificate served by their own fetch)`);
    },
  };
}

/**
 * Amazon SNS messages delivered to an HTTP(S) endpoint. The JSON body is checked as AWS
 * documents: SignatureVersion 1 (RSA with SHA-1) or 2 (RSA with SHA-256) over the canonical
 * string of a Notification, SubscriptionConfirmation or UnsubscribeConfirmation, under the key
 * of the certificate at `SigningCertURL` — accepted only as
 * `https://sns.<region>.amazonaws.com[.cn]/….pem` (matched on the raw text), fetched with a
 * timeout and a size bound, and cached. The certificate's chain, dates and names are NOT
 * validated: trust comes from fetching it by https from AWS's own host. A certificate that
 * cannot be had rejects with `KeySetError` (the helpers answer 503, so SNS retries). No secret
 * is needed (leave the `secret` option out); `topicArns` limits the topics accepted. `Verified.id` and
 * `Verified.eventId` are the signed MessageId (the same on every retry: use it with a replay
 * store, SNS delivers at least once) and `timestamp` the message's Timestamp, which is reported
 * but not held to a window: SNS retries for up to an hour. With `confirmSubscription: true` the request
 * helpers confirm a verified `SubscriptionConfirmation` (a GET of its `SubscribeURL`, only on
 * SNS's own host) and answer it 200; without it, it reaches your handler as any message.
 *
 * Follows "Verifying the signatures of Amazon SNS messages",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html.
 *
 * @example
 * ```ts
 * const orders = awsSns({ topicArns: ["arn:aws:sns:us-east-1:123456789012:orders"], confirmSubscription: true });
 * const handle = webhookHandler(orders, {}, async (webhook) => {
 *   const message = awsSnsMessage(webhook.body); // a Notification (or an UnsubscribeConfirmation)
 *   if (message.Type === "Notification") await queue.push(message.Message);
 *   return new Response(null, { status: 200 });
 * });
 * ```
 */
export function awsSns(options: AwsSnsOptions = {}): Scheme<{ timestamp: boolean; id: true; url: false; keyless: true }> {
  if (options === null || typeof options !== "object") throw new TypeError("awsSns(options) takes an options object");
  if (options.topicArns !== undefined && (!Array.isArray(options.topicArns) || options.topicArns.some((arn) => typeof arn !== "string" || !arn.startsWith("arn:")))) {
    throw new TypeError("awsSns: topicArns must be an array of topic ARNs (arn:aws:sns:…)");
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new TypeError("awsSns: fetch must be a function");
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0 && options.timeoutMs <= 60_000)) {
    throw new RangeError("awsSns: timeoutMs must be an integer from 1 to 60000");
  }
  if (options.confirmSubscription !== undefined && typeof options.confirmSubscription !== "boolean") throw new TypeError("awsSns: confirmSubscription must be true or false");
  const rule = snsRule(options);
  return builtInScheme({
    name: "awsSns",
    hash: "SHA-256",
    encoding: "base64",
    codec: base64Encoding,
    secret: utf8Secret, // unused: the key comes from the certificate
    tokenSteps: publicKeySteps,
    publicKey: rule,
    // SNS names the message type in this header; the signature itself is in the body.
    signatureHeader: "x-amz-sns-message-type",
    parse: (value) => ({ signatures: [value] }),
    format: ({ signatures }) => signatures[0]!,
    content: ({ body }) => [body],
    // The signed MessageId is the same on every retry of a message.
    eventId: shapedIdIsEventId,
    // Confirmed only when asked: a subscription confirmed is a topic whose messages will arrive.
    ...(options.confirmSubscription === true ? { handshake: snsConfirmation(options.fetch, options.timeoutMs ?? DEFAULT_TIMEOUT_MS) } : {}),
  }) as unknown as Scheme<{ timestamp: boolean; id: true; url: false; keyless: true }>;
}
