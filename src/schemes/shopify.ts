import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Shopify webhooks: `X-Shopify-Hmac-SHA256: <base64 HMAC-SHA256 of the raw body>`, keyed with
 * the UTF-8 bytes of the app's client secret (for a webhook made in the store admin, the key
 * shown under Notifications > Webhooks). Base64, not hex. No timestamp is signed; the
 * `X-Shopify-Webhook-Id` and `X-Shopify-Triggered-At` headers are not covered by the signature,
 * so pair this with a replay store (keyed on a digest of the body) if repeats matter.
 *
 * Follows Shopify's "HTTPS webhook delivery", section "Verify a webhook",
 * https://shopify.dev/apps/webhooks/https.
 *
 * @example
 * ```ts
 * await verify(shopify, { secret: process.env.SHOPIFY_CLIENT_SECRET!, payload: rawBody, headers: req.headers });
 * ```
 */
export const shopify: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "shopify",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-shopify-hmac-sha256",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
