import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Segment's Webhooks (Actions) destination: `X-Signature: <hex HMAC-SHA1 of the request body>`,
 * keyed with the UTF-8 bytes of the destination's Shared Secret (Settings > Advanced Settings).
 * A verified delivery proves the whole raw body. With batching on, Segment signs only the first
 * event of a batch, not the body it sends: such deliveries fail here with `no_matching_signature`
 * rather than pass with the other events unproven. Turn batching off to verify. No timestamp is
 * signed.
 * `Verified.eventId` is the signed event's `messageId`, the id Segment itself deduplicates on.
 *
 * Follows Segment's "Webhooks (Actions) Destination",
 * https://www.twilio.com/docs/segment/connections/destinations/catalog/actions-webhook.
 *
 * @example
 * ```ts
 * await verify(segment, { secret: process.env.SEGMENT_SHARED_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const segment: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "segment",
  hash: "SHA-1",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
  eventId: /* @__PURE__ */ jsonEventId("messageId"),
});
