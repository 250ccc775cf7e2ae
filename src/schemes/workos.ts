import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { timestampedFormat, timestampedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * WorkOS webhooks: `WorkOS-Signature: t=<unix MILLISECONDS>, v1=<hex>`, an HMAC-SHA256 of
 * `"<t>.<body>"` keyed with the UTF-8 bytes of the endpoint's webhook secret (WorkOS dashboard,
 * Webhooks). The default `tolerance` is 180 seconds, the default of WorkOS's SDKs, either way;
 * `Verified.timestamp` is in seconds.
 * `Verified.eventId` is the signed body's `id` (`event_…`), WorkOS's id of the event.
 *
 * Follows WorkOS's "Sync data with webhooks" (https://workos.com/docs/events/data-syncing/webhooks)
 * and the checks of `@workos-inc/node` (`webhooks.constructEvent`).
 *
 * @example
 * ```ts
 * await verify(workos, { secret: process.env.WORKOS_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const workos: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "workos",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "workos-signature",
  parse: /* @__PURE__ */ timestampedParse("v1"),
  format: /* @__PURE__ */ timestampedFormat("v1", ", "),
  timestamp: /* @__PURE__ */ headerTimestamp({ unit: "milliseconds", tolerance: 180 }),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
  eventId: /* @__PURE__ */ jsonEventId("id"),
});
