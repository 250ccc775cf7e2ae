import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Sentry integration platform webhooks: `Sentry-Hook-Signature: <hex HMAC-SHA256 of the body>`,
 * keyed with the UTF-8 bytes of the integration's Client Secret (Settings > Developer Settings >
 * your integration > Credentials). The raw body is what is checked: Sentry's Node example hashes
 * `JSON.stringify(request.body)`, which equals the raw body only when Sentry sent it compact.
 * `Sentry-Hook-Timestamp` is not covered by the signature and not used.
 *
 * Follows Sentry's "Webhooks" (integration platform), section "Verifying the Signature",
 * https://docs.sentry.io/integrations/integration-platform/webhooks/.
 *
 * @example
 * ```ts
 * await verify(sentry, { secret: process.env.SENTRY_CLIENT_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const sentry: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "sentry",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "sentry-hook-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
