import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Lemon Squeezy webhooks: `X-Signature: <hex HMAC-SHA256 of the raw body>`, keyed with the UTF-8
 * bytes of the webhook's signing secret (Settings > Webhooks; 6 to 40 characters). No timestamp is
 * signed: pair it with a replay store if repeats matter.
 *
 * Follows Lemon Squeezy's "Signing requests",
 * https://docs.lemonsqueezy.com/help/webhooks/signing-requests.
 *
 * @example
 * ```ts
 * await verify(lemonSqueezy, { secret: process.env.LEMON_SQUEEZY_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const lemonSqueezy: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "lemonSqueezy",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
