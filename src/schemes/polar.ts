import { fromBase64 } from "../lib/base64.js";
import { utf8 } from "../lib/bytes.js";
import type { Scheme, SecretRule } from "./scheme.js";
import { standardWebhooksWithSecret } from "./standard-webhooks-secret.js";

const PREFIX = "whsec_";

// Polar signs a secret issued from 8 September 2026 the Standard Webhooks way (the key is the
// base64 after "whsec_"), and an older one with the UTF-8 bytes of the whole string (what
// @polar-sh/sdk's validateEvent did by base64-encoding it first). A secret that is "whsec_" and
// base64 is read the new way; any other (polar_whs_…) the old way. Bytes are used as given.
const polarSecret: SecretRule = {
  describe: 'the secret the Polar dashboard shows ("whsec_…" issued from 8 September 2026, or an older "polar_whs_…"), or raw bytes',
  decode: (secret) => (secret.startsWith(PREFIX) ? fromBase64(secret.slice(PREFIX.length), { canonical: false }) : undefined) ?? utf8(secret),
};

/**
 * Polar webhooks: Standard Webhooks (see `standardWebhooks`): `webhook-id`, `webhook-timestamp`
 * and `webhook-signature: v1,<base64>`, an HMAC-SHA256 of `"<id>.<timestamp>.<body>"`, a
 * 300-second window either way. The secret is the one the endpoint's settings show. From
 * 8 September 2026 Polar keys a `whsec_…` secret the standard way (its base64 decoded); an older
 * secret is keyed with its UTF-8 bytes, which is how a `polar_whs_…` secret is read here. For a
 * `whsec_…` secret issued before that day, pass it as bytes too: `[secret, new TextEncoder().encode(secret)]`
 * tries both keys.
 *
 * Follows Polar's "Webhook Delivery" guide, https://docs.polar.sh/integrate/webhooks/delivery,
 * and the signing change of polarsource/polar pull request 14117.
 *
 * @example
 * ```ts
 * const { id } = await verify(polar, { secret: process.env.POLAR_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const polar: Scheme<{ timestamp: true; id: true; url: false }> = /* @__PURE__ */ standardWebhooksWithSecret("polar", polarSecret, 1);
