import type { Scheme } from "./scheme.js";
import { githubSha1Rules } from "./github-sha1.js";
import { jsonEventId } from "./event-id.js";

/**
 * Intercom webhooks: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>` (40 hex digits),
 * keyed with the UTF-8 bytes of your app's `client_secret` (Developer Hub, Basic Info; for a
 * subscription made through the old API, its `hub_secret`). No timestamp and no signed id
 * header: pair it with a replay store if repeats matter. `Verified.eventId` is the signed
 * body's notification `id` (`notif_…`), the same on every delivery attempt of a notification
 * (whose `delivery_attempts` field changes): claim it with `replayKey: "event"`.
 *
 * Follows Intercom's "Signed Notifications" reference
 * (https://developers.intercom.com/intercom-api-reference/v1.0/reference/signed-notifications)
 * and its webhook models page, https://developers.intercom.com/docs/references/webhooks/webhook-models.
 *
 * @example
 * ```ts
 * await verify(intercom, { secret: process.env.INTERCOM_CLIENT_SECRET!, payload: rawBody, headers: req.headers });
 * ```
 */
// The same header and rule as GitHub's legacy SHA-1 signature, under Intercom's name.
export const intercom: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ githubSha1Rules("intercom", /* @__PURE__ */ jsonEventId("id"));
