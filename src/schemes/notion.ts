import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Notion webhooks: `X-Notion-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the
 * UTF-8 bytes of the subscription's `verification_token`: the value Notion POSTs once to the
 * endpoint when the subscription is created (`{"verification_token": "secret_…"}`), which you
 * paste back in the integration's Webhooks tab to activate it. That first request is not signed;
 * keep the token as this scheme's secret. No timestamp is signed.
 * `Verified.eventId` is the signed body's `id`, Notion's id of the event (its `attempt_number`
 * changes from one attempt to the next).
 *
 * Follows Notion's "Webhooks" reference (verifying the subscription, validating event payloads),
 * https://developers.notion.com/reference/v2-webhooks.
 *
 * @example
 * ```ts
 * await verify(notion, { secret: process.env.NOTION_VERIFICATION_TOKEN!, payload: rawBody, headers: request.headers });
 * ```
 */
export const notion: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "notion",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-notion-signature",
  parse: /* @__PURE__ */ prefixedParse("sha256="),
  format: /* @__PURE__ */ prefixedFormat("sha256="),
  content: ({ body }) => [body],
  eventId: /* @__PURE__ */ jsonEventId("id"),
});
