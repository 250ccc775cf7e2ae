import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { zoomChallengeSteps } from "./zoom-challenge.js";
import { handshakeRefused, jsonAnswer, smallJsonObject } from "../handshake/answers.js";
import { runAsync } from "../engine/steps.js";

/**
 * Zoom webhooks: `x-zm-signature: v0=<hex>` and `x-zm-request-timestamp: <unix seconds>`,
 * where the hex is an HMAC-SHA256 of `"v0:<timestamp>:<body>"` keyed with the UTF-8 bytes of
 * the app's Secret Token. Zoom gives no window; the default `tolerance` is 300 seconds, either
 * way. The `endpoint.url_validation` challenge that Zoom sends when you add the endpoint (and
 * every 72 hours) is verified like any other event and answered by the request helpers
 * (`webhookHandler`, `webhookMiddleware`, `handshakeResponse`) with `zoomChallengeResponse()`'s
 * JSON, keyed with the secret that verified it.
 *
 * Follows Zoom's "Using webhooks", sections "Verify webhook events" and "Validate your webhook
 * endpoint", https://developers.zoom.us/docs/api/webhooks/.
 *
 * @example
 * ```ts
 * await verify(zoom, { secret: process.env.ZOOM_WEBHOOK_SECRET_TOKEN!, payload: rawBody, headers: request.headers });
 * ```
 */
export const zoom: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "zoom",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-zm-signature",
  parse: /* @__PURE__ */ prefixedParse("v0="),
  format: /* @__PURE__ */ prefixedFormat("v0="),
  timestamp: /* @__PURE__ */ headerTimestamp({ header: "x-zm-request-timestamp", tolerance: 300 }),
  content: ({ timestamp, body }) => [`v0:${timestamp}:`, body],
  handshake: {
    // The validation body is ~150 bytes: a bigger one is an ordinary event and is not parsed here.
    claims: (_request, body) => smallJsonObject(body, 1024)?.event === "endpoint.url_validation",
    answer: async (_request, body, { secretIndex }, { secrets, crypto }) => {
      const payload = smallJsonObject(body, 1024)!.payload as { plainToken?: unknown } | null | undefined;
      try {
        return jsonAnswer(await runAsync(zoomChallengeSteps(payload?.plainToken, secrets[secretIndex]), crypto));
      } catch (error) {
        // A token not shaped as Zoom's is never signed with the secret (zoom-challenge.ts).
        if (error instanceof TypeError || error instanceof RangeError) throw handshakeRefused("Zoom's endpoint.url_validation has no plainToken shaped as Zoom's.");
        throw error;
      }
    },
  },
});
