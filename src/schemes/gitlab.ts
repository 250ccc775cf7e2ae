import { headerTokenScheme } from "./header-token.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/**
 * GitLab webhooks: `X-Gitlab-Token: <the webhook's secret token>`, the token itself (not a
 * signature), compared in constant time. **It does NOT protect the body**: whoever sees one
 * request can send any body with it, and replay it. Set the token under Settings > Webhooks >
 * Secret token. Where your GitLab offers a *signing token* (Standard Webhooks, a `whsec_…` key,
 * `webhook-signature` over id, timestamp and body), verify with `standardWebhooks` instead: it
 * protects the body and has a 300-second window.
 *
 * Follows GitLab's "Webhooks", section "Validate payloads by using a secret token",
 * https://docs.gitlab.com/user/project/integrations/webhooks/#validate-payloads-by-using-a-secret-token.
 *
 * @example
 * ```ts
 * await verify(gitlab, { secret: process.env.GITLAB_WEBHOOK_TOKEN!, payload: rawBody, headers: request.headers });
 * ```
 */
export const gitlab: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ headerTokenScheme("gitlab", "x-gitlab-token", utf8Secret);
