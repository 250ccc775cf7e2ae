import { defineScheme, type ParsedSignatureHeader } from "../scheme.js";
import { utf8Secret } from "./secrets.js";

// `t=<ts>,v1=<hex>[,v1=<hex>…][,v0=…]`: keys other than t and v1 (v0, future ones) are ignored.
// Two header lines joined by a Fetch `Headers` (", ") read the same way.
function parseStripeSignature(value: string): ParsedSignatureHeader {
  const signatures: string[] = [];
  const timestamps = new Set<string>();
  for (const item of value.split(",")) {
    const equals = item.indexOf("=");
    if (equals < 0) continue;
    const key = item.slice(0, equals).trim();
    const field = item.slice(equals + 1).trim();
    if (key === "v1") signatures.push(field);
    else if (key === "t") timestamps.add(field);
  }
  // Different t= values are ambiguous: report none, so the engine rejects the header.
  return timestamps.size === 1 ? { signatures, timestamp: [...timestamps][0]! } : { signatures };
}

/**
 * Stripe webhooks: `Stripe-Signature: t=<unix seconds>,v1=<hex>`, an HMAC-SHA256 of
 * `"<t>.<body>"` keyed with the UTF-8 bytes of the whole `whsec_…` string. Several `v1`
 * entries appear while a secret is rolled; any one matching is enough. Timestamps more than
 * `tolerance` seconds (default 300) from now are refused in both directions.
 * See Stripe's "Verify webhook signatures manually".
 *
 * @example
 * ```ts
 * const result = await verify(stripe, { secret: "whsec_…", payload: rawBody, headers: request.headers });
 * ```
 */
export const stripe = defineScheme({
  name: "stripe",
  hash: "SHA-256",
  encoding: "hex",
  secret: utf8Secret,
  minSecretBytes: 1,
  signatureHeader: "stripe-signature",
  parse: parseStripeSignature,
  format: ({ signatures, timestamp }) => [`t=${timestamp}`, ...signatures.map((mac) => `v1=${mac}`)].join(","),
  multipleSignatures: true,
  timestamp: { tolerance: 300 },
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
});
