import { defineScheme } from "../scheme.js";
import { prefixedBase64Secret } from "./secrets.js";

const VERSION = "v1,";

/**
 * Standard Webhooks (also what Svix sends, under `webhook-*` names): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64> [v1,<base64> …]`, an HMAC-SHA256 of
 * `"<id>.<timestamp>.<body>"` keyed with the base64-decoded `whsec_…` secret (at least 24
 * bytes). Entries of other versions are ignored. See the Standard Webhooks specification.
 *
 * @example
 * ```ts
 * const headers = await sign(standardWebhooks, { secret: "whsec_…", payload: JSON.stringify(event) });
 * ```
 */
export const standardWebhooks = defineScheme({
  name: "standardWebhooks",
  hash: "SHA-256",
  encoding: "base64",
  secret: prefixedBase64Secret("whsec_"),
  minSecretBytes: 24,
  signatureHeader: "webhook-signature",
  parse: (value) => ({
    signatures: value
      .split(" ")
      .filter((entry) => entry.startsWith(VERSION))
      .map((entry) => entry.slice(VERSION.length)),
  }),
  format: ({ signatures }) => signatures.map((mac) => VERSION + mac).join(" "),
  multipleSignatures: true,
  timestamp: { header: "webhook-timestamp", tolerance: 300 },
  idHeader: "webhook-id",
  content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
});
