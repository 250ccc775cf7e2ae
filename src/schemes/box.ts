import { WebhookVerificationError } from "../engine/errors.js";
import { headerValues, trimOws, type HeadersLike } from "../lib/headers.js";
import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import { rfc3339Timestamp } from "./rfc3339-timestamp.js";
import type { ReadSignatures, Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { readSignatureHeaders } from "./signature-headers.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

const SIGNATURE_HEADERS = ["box-signature-primary", "box-signature-secondary"];
// The only version and algorithm Box has defined: a delivery naming another is not one this scheme can check.
const EXPECTED: readonly (readonly [string, string])[] = [
  ["box-signature-version", "1"],
  ["box-signature-algorithm", "HmacSHA256"],
];

function readBoxSignatures(scheme: Scheme, headers: HeadersLike): ReadSignatures {
  for (const [name, expected] of EXPECTED) {
    const values = headerValues(headers, name);
    if (values.length > 1 || (values.length === 1 && trimOws(values[0]!) !== expected)) {
      throw new WebhookVerificationError("malformed_header", `The "${name}" header must be "${expected}", the only value Box sends.`);
    }
  }
  return readSignatureHeaders(scheme, headers, SIGNATURE_HEADERS);
}

/**
 * Box webhooks (V2): `BOX-SIGNATURE-PRIMARY` and `BOX-SIGNATURE-SECONDARY`, each the base64
 * HMAC-SHA256 of the raw body followed by the `BOX-DELIVERY-TIMESTAMP` value (RFC 3339 with an
 * offset, signed as sent), keyed with the UTF-8 bytes of the app's primary and secondary
 * signature keys (Developer Console, the app's Webhooks tab, "Manage signature keys"). Pass
 * both keys as `secret: [primary, secondary]`: a match of either key with either header is
 * enough, so you can rotate one key while the other keeps verifying (`secretIndex` says which).
 * `BOX-SIGNATURE-VERSION` must be `1` and `BOX-SIGNATURE-ALGORITHM` `HmacSHA256` when present.
 * A delivery more than `tolerance` seconds old (default 600, Box's ten minutes) is refused, and
 * so is any timestamp in the future, as Box's SDKs do: keep the receiver's clock synced.
 * `sign()` writes `box-signature-primary` and `box-delivery-timestamp` (in UTC).
 * `Verified.eventId` is the signed body's `id`, which Box keeps on a retry (its `BOX-DELIVERY-ID`
 * header, unsigned, changes).
 *
 * Follows Box's "Signature verification" for V2 webhooks,
 * https://developer.box.com/guides/webhooks/v2/signatures-v2/.
 *
 * @example
 * ```ts
 * await verify(box, { secret: [process.env.BOX_PRIMARY_KEY!, process.env.BOX_SECONDARY_KEY!], payload: rawBody, headers: request.headers });
 * ```
 */
export const box: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "box",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "box-signature-primary",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  readSignatures: readBoxSignatures,
  timestamp: /* @__PURE__ */ rfc3339Timestamp({ header: "box-delivery-timestamp", unit: "rfc3339", tolerance: 600, future: 0 }),
  content: ({ timestamp, body }) => [body, timestamp],
  eventId: /* @__PURE__ */ jsonEventId("id"),
});
