import type { Scheme } from "./scheme.js";
import { standardWebhooksScheme } from "./standard-webhooks.js";

/**
 * Svix webhooks: the Standard Webhooks rules (see `standardWebhooks`) under Svix's
 * header names, `svix-id`, `svix-timestamp` and `svix-signature: v1,<base64> …`, an HMAC-SHA256
 * of `"<id>.<timestamp>.<body>"` keyed with the base64-decoded `whsec_…` endpoint secret;
 * several `v1` entries while a secret is rotated, a 300-second window either way. Svix sends
 * the same values under `webhook-*` names too: verify those with `standardWebhooks`.
 *
 * Follows Svix's "Verifying payloads" and "Verifying manually" guides
 * (https://docs.svix.com/receiving/verifying-payloads/how-manual) and the Standard Webhooks
 * specification; cross-checked against the `svix` package.
 *
 * @example
 * ```ts
 * const { id } = await verify(svix, { secret: process.env.SVIX_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const svix: Scheme<{ timestamp: true; id: true; url: false }> = /* @__PURE__ */ standardWebhooksScheme("svix", { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" });
