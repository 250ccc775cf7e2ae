import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/**
 * Vercel webhooks: `x-vercel-signature: <hex HMAC-SHA1 of the raw body>` (SHA-1, not SHA-256,
 * and no timestamp), keyed with the UTF-8 bytes of the webhook's secret (account or team
 * Settings > Webhooks; for an integration, its Client Secret). Pair it with a replay store if
 * repeats matter.
 * `Verified.eventId` is the signed body's `id` (Vercel documents it as the delivery's id).
 *
 * Follows Vercel's "Webhooks" documentation (securing webhooks), https://vercel.com/docs/webhooks.
 *
 * @example
 * ```ts
 * await verify(vercel, { secret: process.env.VERCEL_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const vercel: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "vercel",
  hash: "SHA-1",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-vercel-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
  eventId: /* @__PURE__ */ jsonEventId("id"),
});
