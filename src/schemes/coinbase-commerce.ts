import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Coinbase Commerce webhooks: `X-CC-Webhook-Signature: <hex HMAC-SHA256 of the raw body>`, keyed
 * with the UTF-8 bytes of the shared webhook secret (Settings > Notifications). No timestamp is
 * signed: pair it with a replay store if repeats matter.
 * `Verified.eventId` is the signed body's `event.id`, the event's own id (the body's
 * `attempt_number` changes from one attempt to the next, so the body does not repeat).
 *
 * Follows Coinbase's "Webhooks Security" (Commerce),
 * https://docs.cdp.coinbase.com/commerce/api-arcitecture/webhooks-security.
 *
 * @example
 * ```ts
 * await verify(coinbaseCommerce, { secret: process.env.COINBASE_COMMERCE_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const coinbaseCommerce: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "coinbaseCommerce",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-cc-webhook-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
  eventId: /* @__PURE__ */ jsonEventId("event", "id"),
});
