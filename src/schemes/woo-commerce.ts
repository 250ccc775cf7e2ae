import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * WooCommerce webhooks: `X-WC-Webhook-Signature: <base64 HMAC-SHA256 of the raw body>`, keyed with
 * the UTF-8 bytes of the webhook's secret (WooCommerce > Settings > Advanced > Webhooks). The
 * `X-WC-Webhook-Delivery-ID` and other headers are not signed, and no timestamp is: pair it with a
 * replay store if repeats matter. (A store can change the hash with the
 * `woocommerce_webhook_hash_algorithm` filter; this scheme is the SHA-256 default.)
 *
 * Follows the WooCommerce REST API documentation, section "Webhooks",
 * https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks.
 *
 * @example
 * ```ts
 * await verify(wooCommerce, { secret: process.env.WOOCOMMERCE_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const wooCommerce: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "wooCommerce",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-wc-webhook-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
