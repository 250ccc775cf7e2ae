import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Hookdeck Event Gateway deliveries: `x-hookdeck-signature: <base64 HMAC-SHA256 of the raw body>`,
 * keyed with the UTF-8 bytes of the project's signing secret (Project > Settings > Secrets). This
 * proves Hookdeck forwarded the body; whether the original sender's signature was checked is up to
 * the Source's own verification. No timestamp is signed.
 *
 * Follows Hookdeck's "Authentication" (webhook signature verification),
 * https://hookdeck.com/docs/authentication.
 *
 * @example
 * ```ts
 * await verify(hookdeck, { secret: process.env.HOOKDECK_SIGNING_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const hookdeck: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "hookdeck",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-hookdeck-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
