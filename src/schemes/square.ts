import { base64Encoding } from "./encodings.js";
import { absoluteUrl } from "./message-forms.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Square webhooks: `x-square-hmacsha256-signature: <base64>`, an HMAC-SHA256 of the
 * notification URL followed by the raw body, keyed with the UTF-8 bytes of the subscription's
 * signature key. The URL is signed, so `sign()` and `verify()` need the `url` option: the
 * notification URL exactly as configured in the Developer Console, byte for byte (not the
 * URL your proxy rewrote). No timestamp is signed: pair it with a replay store if repeats
 * matter. `Verified.eventId` is the signed body's `event_id`: `replayKey: "event"` claims it. (The legacy `x-square-signature`, HMAC-SHA1, is
 * not supported.)
 *
 * Follows Square's "Verify and Validate an Event Notification" (webhooks step 3),
 * https://developer.squareup.com/docs/webhooks/step3validate.
 *
 * @example
 * ```ts
 * await verify(square, { secret: process.env.SQUARE_SIGNATURE_KEY!, payload: rawBody, headers: req.headers, url: "https://example.com/webhooks/square" });
 * ```
 */
export const square: Scheme<{ timestamp: false; id: false; url: true }> = /* @__PURE__ */ builtInScheme({
  name: "square",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-square-hmacsha256-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  signsUrl: true,
  checkUrl: absoluteUrl,
  content: ({ url, body }) => [url, body],
  eventId: /* @__PURE__ */ jsonEventId("event_id"),
});
