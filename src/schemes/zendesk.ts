import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import { rfc3339Timestamp } from "./rfc3339-timestamp.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Zendesk webhooks: `X-Zendesk-Webhook-Signature: <base64>`, an HMAC-SHA256 of the
 * `X-Zendesk-Webhook-Signature-Timestamp` value (RFC 3339, such as `2021-07-25T10:00:00Z`, signed
 * as sent) followed by the raw body, keyed with the UTF-8 bytes of the webhook's signing secret
 * (Admin Center, Apps and integrations > Webhooks, the webhook's "Reveal secret"; the API's
 * `GET /api/v2/webhooks/{id}/signing_secret`). The order is the one Zendesk's current documentation
 * gives, `base64(HMACSHA256(TIMESTAMP + BODY))`; an older page said body then timestamp, and its
 * worked example verifies only that way (see docs/providers/zendesk.md). Zendesk states no
 * window: the default `tolerance` is 300 seconds, either way. A GET or DELETE webhook has an
 * empty body: verify it with `payload: ""`.
 *
 * Follows Zendesk's "Verifying webhook authenticity",
 * https://developer.zendesk.com/documentation/webhooks/verifying/.
 *
 * @example
 * ```ts
 * await verify(zendesk, { secret: process.env.ZENDESK_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const zendesk: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "zendesk",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-zendesk-webhook-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  timestamp: /* @__PURE__ */ rfc3339Timestamp({ header: "x-zendesk-webhook-signature-timestamp", unit: "rfc3339", tolerance: 300 }),
  content: ({ timestamp, body }) => [timestamp, body],
});
