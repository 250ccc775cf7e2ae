import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Razorpay webhooks: `X-Razorpay-Signature: <hex HMAC-SHA256 of the raw body>`, keyed with the
 * UTF-8 bytes of the webhook secret entered on Dashboard > Settings (Account & Settings) >
 * Webhooks: not the API key secret. No timestamp is signed; the `x-razorpay-event-id` header is
 * not covered: pair it with a replay store if repeats matter.
 *
 * Follows Razorpay's webhooks "Integration" guide, section "Validation",
 * https://razorpay.com/docs/webhooks/integrations/, cross-checked against the `razorpay` package.
 *
 * @example
 * ```ts
 * await verify(razorpay, { secret: process.env.RAZORPAY_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const razorpay: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "razorpay",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-razorpay-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
