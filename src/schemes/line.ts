import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * LINE Messaging API webhooks: `x-line-signature: <base64 HMAC-SHA256 of the raw body>`, keyed
 * with the UTF-8 bytes of the channel secret (LINE Developers Console > your channel > Basic
 * settings), not the channel access token. No timestamp is signed (events carry a `timestamp`
 * field, and `webhookEventId` for de-duplication).
 *
 * Follows LINE's "Verify webhook signature",
 * https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/, cross-checked
 * against `@line/bot-sdk`'s `validateSignature`.
 *
 * @example
 * ```ts
 * await verify(line, { secret: process.env.LINE_CHANNEL_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const line: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "line",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-line-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  content: ({ body }) => [body],
});
