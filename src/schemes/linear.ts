import { bodyTimestamp } from "./body-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Linear webhooks: `Linear-Signature: <hex HMAC-SHA256 of the raw body>`, keyed with the
 * UTF-8 bytes of the webhook's signing secret. The time of sending is signed inside the body,
 * as the JSON field `webhookTimestamp` (Unix milliseconds): once the signature matches, a
 * timestamp more than `tolerance` seconds (default 60, as Linear and its SDK require) from now
 * is refused either way, and a body without it is refused as `malformed_header`. The
 * `Linear-Delivery` and `Linear-Timestamp` headers are not signed and not used. `sign()` signs
 * the payload as given: put a current `webhookTimestamp` in it.
 *
 * Follows Linear's "Webhooks" developer guide, section "Securing webhooks"
 * (https://linear.app/developers/webhooks), and the checks of `@linear/sdk`'s webhook client.
 *
 * @example
 * ```ts
 * const { timestamp } = await verify(linear, { secret: process.env.LINEAR_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const linear: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "linear",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "linear-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  timestamp: /* @__PURE__ */ bodyTimestamp({ bodyField: "webhookTimestamp", unit: "milliseconds", tolerance: 60 }),
  content: ({ body }) => [body],
});
