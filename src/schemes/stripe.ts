import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { ParsedSignatureHeader, Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

// `t=<ts>,v1=<hex>[,v1=<hex>…][,v0=…]`: keys other than t and v1 (v0, future ones) are ignored.
// Keys and values are read exactly, as Stripe's own libraries do ("v1 =" is not "v1", and "t=1 "
// is not a timestamp); only the spaces of a ", " that joined two header lines (a Fetch `Headers`)
// are skipped before a key. One pass, no split.
function parseStripeSignature(value: string): ParsedSignatureHeader {
  let signatures: string[] | undefined; // made with its first signature: an exact size, not push()'s reserve of 17
  let timestamp: string | undefined;
  let conflicting = false;
  for (let start = 0; start <= value.length; ) {
    let end = value.indexOf(",", start);
    if (end < 0) end = value.length;
    while (start < end && (value[start] === " " || value[start] === "\t")) start++;
    const equals = value.indexOf("=", start);
    // The key compared in place, not sliced out: only its two known spellings are read.
    if (equals >= 0 && equals < end) {
      if (equals - start === 2 && value.startsWith("v1", start)) {
        const field = value.slice(equals + 1, end);
        if (signatures === undefined) signatures = [field];
        else signatures.push(field);
      } else if (equals - start === 1 && value.charCodeAt(start) === 116 /* t */) {
        const field = value.slice(equals + 1, end);
        if (timestamp !== undefined && timestamp !== field) conflicting = true;
        timestamp = field;
      }
    }
    start = end + 1;
  }
  // Different t= values are ambiguous: report none, so the engine rejects the header.
  signatures ??= [];
  return timestamp === undefined || conflicting ? { signatures } : { signatures, timestamp };
}

/**
 * Stripe webhooks: `Stripe-Signature: t=<unix seconds>,v1=<hex>`, an HMAC-SHA256 of
 * `"<t>.<body>"` keyed with the UTF-8 bytes of the whole `whsec_…` string. Several `v1`
 * entries appear while a secret is rolled; any one matching is enough. Timestamps more than
 * `tolerance` seconds (default 300) from now are refused in both directions.
 * `Verified.eventId` is the signed body's `id` (`evt_…`), the same on every retry of the event
 * (each retry is signed again with a new `t`): claim it with `replayKey: "event"`.
 * See Stripe's "Verify webhook signatures manually".
 *
 * @example
 * ```ts
 * const result = await verify(stripe, { secret: "whsec_…", payload: rawBody, headers: request.headers });
 * ```
 */
export const stripe: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "stripe",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  minSecretBytes: 1,
  signatureHeader: "stripe-signature",
  parse: parseStripeSignature,
  format: ({ signatures, timestamp }) => [`t=${timestamp}`, ...signatures.map((mac) => `v1=${mac}`)].join(","),
  multipleSignatures: true,
  timestamp: /* @__PURE__ */ headerTimestamp({ tolerance: 300 }),
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
  eventId: /* @__PURE__ */ jsonEventId("id"),
});
