import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { timestampedFormat, timestampedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Calendly webhooks: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>`, an HMAC-SHA256
 * of `"<t>.<body>"` keyed with the UTF-8 bytes of the webhook signing key (the `signing_key`
 * you gave the subscription, or the key Calendly generated for an OAuth app). Calendly's
 * documentation tells receivers to refuse stale timestamps without fixing a window; the default
 * `tolerance` here is 180 seconds (the three minutes of Calendly's own example code), either way.
 *
 * Follows Calendly's "Webhook Signatures",
 * https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures.
 *
 * @example
 * ```ts
 * await verify(calendly, { secret: process.env.CALENDLY_WEBHOOK_SIGNING_KEY!, payload: rawBody, headers: request.headers });
 * ```
 */
export const calendly: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "calendly",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "calendly-webhook-signature",
  parse: /* @__PURE__ */ timestampedParse("v1"),
  format: /* @__PURE__ */ timestampedFormat("v1"),
  timestamp: /* @__PURE__ */ headerTimestamp({ tolerance: 180 }),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
});
