import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { ParsedSignatureHeader, Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

// `ts=<unix seconds>;h1=<hex>[;h1=<hex>…]`: keys other than ts and h1 are ignored. Two header
// lines joined by a Fetch `Headers` (", ") read the same way: hex holds neither ";" nor ",".
function parsePaddleSignature(value: string): ParsedSignatureHeader {
  const signatures: string[] = [];
  const timestamps = new Set<string>();
  for (const item of value.split(/[;,]/)) {
    const equals = item.indexOf("=");
    if (equals < 0) continue;
    const key = item.slice(0, equals).trim();
    const field = item.slice(equals + 1).trim();
    if (key === "h1") signatures.push(field);
    else if (key === "ts") timestamps.add(field);
  }
  // Different ts= values are ambiguous: report none, so the engine rejects the header.
  return timestamps.size === 1 ? { signatures, timestamp: [...timestamps][0]! } : { signatures };
}

/**
 * Paddle Billing webhooks: `Paddle-Signature: ts=<unix seconds>;h1=<hex>`, an HMAC-SHA256 of
 * `"<ts>:<body>"` keyed with the UTF-8 bytes of the notification destination's secret key (the
 * whole `pdl_ntfset_…` string). While a secret key is rotated the header carries one `h1` per
 * key; any one matching is enough. The default `tolerance` is 5 seconds, either way, as
 * Paddle's SDKs enforce: keep the receiver's clock synced, or pass a larger `tolerance`.
 * `Verified.eventId` is the signed body's `event_id` (`evt_…`), which Paddle names as the key
 * to deduplicate on (each destination's copy has its own `notification_id`, the same event id).
 *
 * Follows Paddle's "Verify webhook signatures",
 * https://developer.paddle.com/webhooks/signature-verification.
 *
 * @example
 * ```ts
 * await verify(paddle, { secret: process.env.PADDLE_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const paddle: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "paddle",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "paddle-signature",
  parse: parsePaddleSignature,
  format: ({ signatures, timestamp }) => [`ts=${timestamp}`, ...signatures.map((mac) => `h1=${mac}`)].join(";"),
  multipleSignatures: true,
  timestamp: /* @__PURE__ */ headerTimestamp({ tolerance: 5 }),
  content: ({ timestamp, body }) => [`${timestamp}:`, body],
  eventId: /* @__PURE__ */ jsonEventId("event_id"),
});
