import { defineScheme } from "../scheme.js";
import { prefixedBase64Secret } from "./secrets.js";

const HMAC_VERSION = "v1,";
const ED25519_VERSION = "v1a,";

// Space-separated `version,signature` entries. A trailing comma is dropped: it is what a Fetch
// `Headers` leaves when it joins two header lines with ", " (base64 has no commas).
const entries = (value: string, version: string) =>
  value
    .split(" ")
    .filter((entry) => entry.startsWith(version))
    .map((entry) => entry.slice(version.length, entry.endsWith(",") ? -1 : undefined));

/**
 * Standard Webhooks (also what Svix sends, under `webhook-*` names): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64> [v1,<base64> …]`, an HMAC-SHA256 of
 * `"<id>.<timestamp>.<body>"` keyed with the base64-decoded `whsec_…` secret (at least 24
 * bytes). With an Ed25519 key pair from `generateKeyPair()` instead, `sign()` with the
 * `whsk_…` secret key writes `v1a,<base64>` entries and `verify()` with the `whpk_…` public key
 * checks them; one header may mix both. Entries of other versions are ignored.
 * See the Standard Webhooks specification.
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
  parse: (value) => ({ signatures: entries(value, HMAC_VERSION), asymmetricSignatures: entries(value, ED25519_VERSION) }),
  format: ({ signatures, asymmetricSignatures }) =>
    [...signatures.map((mac) => HMAC_VERSION + mac), ...asymmetricSignatures.map((sig) => ED25519_VERSION + sig)].join(" "),
  asymmetric: { secretKeyPrefix: "whsk_", publicKeyPrefix: "whpk_" },
  multipleSignatures: true,
  timestamp: { header: "webhook-timestamp", tolerance: 300 },
  idHeader: "webhook-id",
  content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
});
