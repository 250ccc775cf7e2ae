import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Typeform webhooks: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>` (base64,
 * not hex), keyed with the UTF-8 bytes of the secret set on the webhook (Connect > Webhooks >
 * Edit, or the `secret` of the Webhooks API). No timestamp is signed: pair it with a replay store
 * if repeats matter.
 * `Verified.eventId` is the signed body's `event_id`, Typeform's id of the delivery's event.
 *
 * Follows Typeform's "Secure your webhooks",
 * https://www.typeform.com/developers/webhooks/secure-your-webhooks/.
 *
 * @example
 * ```ts
 * await verify(typeform, { secret: process.env.TYPEFORM_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const typeform: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "typeform",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "typeform-signature",
  parse: /* @__PURE__ */ prefixedParse("sha256="),
  format: /* @__PURE__ */ prefixedFormat("sha256="),
  content: ({ body }) => [body],
  eventId: /* @__PURE__ */ jsonEventId("event_id"),
});
