import type { Scheme, SecretRule } from "./scheme.js";
import { prefixedBase64Secret } from "./secrets.js";
import { standardWebhooksWithSecret } from "./standard-webhooks-secret.js";

const VERSION = "v1,";
const whsec = /* @__PURE__ */ prefixedBase64Secret("whsec_");

// The dashboard shows an Auth Hook secret as "v1,whsec_<base64>": the key is the base64 decoded.
const supabaseSecret: SecretRule = {
  describe: '"v1,whsec_" followed by base64, as the Auth Hooks page shows it (the "v1," and "whsec_" may be left off), or raw bytes',
  decode: (secret) => whsec.decode(secret.startsWith(VERSION) ? secret.slice(VERSION.length) : secret),
};

/**
 * Supabase Auth Hooks sent over HTTP: Standard Webhooks (see `standardWebhooks`): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64>`, an HMAC-SHA256 of
 * `"<id>.<timestamp>.<body>"`, a 300-second window either way. The secret goes in as the
 * dashboard shows it (Authentication > Hooks): `v1,whsec_<base64>`. Database Webhooks are not
 * signed; this scheme is for Auth Hooks.
 *
 * Follows Supabase's "Auth Hooks" guide, https://supabase.com/docs/guides/auth/auth-hooks.
 *
 * @example
 * ```ts
 * await verify(supabase, { secret: process.env.SEND_EMAIL_HOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const supabase: Scheme<{ timestamp: true; id: true; url: false }> = /* @__PURE__ */ standardWebhooksWithSecret("supabase", supabaseSecret, 24, 64);
