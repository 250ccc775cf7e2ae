import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { timestampedFormat, timestampedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * ElevenLabs webhooks: `ElevenLabs-Signature: t=<unix seconds>,v0=<hex>`, an HMAC-SHA256 of
 * `"<t>.<body>"` keyed with the UTF-8 bytes of the webhook's HMAC secret (shown once when the
 * webhook is created in the ElevenLabs settings). The default `tolerance` is 30 minutes (1,800
 * seconds), the window of ElevenLabs's SDKs (`webhooks.constructEvent`), either way.
 *
 * Follows ElevenLabs's webhook documentation (https://elevenlabs.io/docs/eleven-api/resources/webhooks,
 * https://elevenlabs.io/docs/eleven-agents/workflows/post-call-webhooks)
 * and the checks of its SDKs.
 *
 * @example
 * ```ts
 * await verify(elevenlabs, { secret: process.env.ELEVENLABS_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const elevenlabs: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "elevenlabs",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "elevenlabs-signature",
  parse: /* @__PURE__ */ timestampedParse("v0"),
  format: /* @__PURE__ */ timestampedFormat("v0"),
  timestamp: /* @__PURE__ */ headerTimestamp({ tolerance: 1800 }),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
});
