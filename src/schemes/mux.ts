import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { timestampedFormat, timestampedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Mux webhooks: `Mux-Signature: t=<unix seconds>,v1=<hex>`, an HMAC-SHA256 of `"<t>.<body>"`
 * keyed with the UTF-8 bytes of the webhook's signing secret (each endpoint has its own, on
 * the dashboard's webhooks settings page). Every `v1` in the header is tried. A timestamp more
 * than `tolerance` seconds (default 300, the window of Mux's SDKs) from now is refused either way.
 * `Verified.eventId` is the signed body's `id`, Mux's unique id of the event.
 *
 * Follows Mux's "Verify webhook signatures", https://www.mux.com/docs/core/verify-webhook-signatures.
 *
 * @example
 * ```ts
 * await verify(mux, { secret: process.env.MUX_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const mux: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "mux",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "mux-signature",
  parse: /* @__PURE__ */ timestampedParse("v1"),
  format: /* @__PURE__ */ timestampedFormat("v1"),
  multipleSignatures: true,
  timestamp: /* @__PURE__ */ headerTimestamp({ tolerance: 300 }),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
  eventId: /* @__PURE__ */ jsonEventId("id"),
});
