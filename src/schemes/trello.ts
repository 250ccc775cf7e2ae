import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

/** One rule for every trello() scheme: the action Trello posts names the event. */
const actionId = /* @__PURE__ */ jsonEventId("action", "id");

/**
 * The options of {@link trello}.
 *
 * @example
 * ```ts
 * const options: TrelloOptions = { callbackUrl: "https://example.com/webhooks/trello" };
 * ```
 */
export interface TrelloOptions {
  /** The `callbackURL` the webhook was created with, exactly as given to Trello's API (not the URL your proxy rewrote). */
  readonly callbackUrl: string;
}

function checkedCallbackUrl(options: unknown): string {
  const url = (options as Partial<TrelloOptions> | null | undefined)?.callbackUrl;
  if (typeof url !== "string") throw new TypeError("trello(options): options.callbackUrl must be the webhook's callbackURL, a string");
  try {
    new URL(url); // throws without a scheme and host
  } catch {
    throw new RangeError("trello(options): options.callbackUrl must be the full callbackURL the webhook was created with (https://host/path?query)");
  }
  return url;
}

/**
 * Trello webhooks, for one callback URL: `X-Trello-Webhook: <base64>`, an HMAC-SHA1 of the raw
 * body followed by the webhook's `callbackURL`, keyed with the UTF-8 bytes of the application's
 * secret (the OAuth 1.0 secret on the Power-Up's API key page, https://trello.com/power-ups/admin).
 * The callback URL is not a secret but part of the signed content: give it here, exactly as the
 * webhook was created. No timestamp is signed: pair it with a replay store if repeats matter.
 * `Verified.eventId` is the signed body's `action.id`, the id of the action that changed the
 * model. Trello's HEAD request at webhook creation is not signed: answer it 200 before verifying
 * POSTs.
 *
 * Follows Trello's "Webhooks" guide, section "Webhook Signatures",
 * https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/.
 *
 * @example
 * ```ts
 * const scheme = trello({ callbackUrl: "https://example.com/webhooks/trello" });
 * await verify(scheme, { secret: process.env.TRELLO_APP_SECRET!, payload: rawBody, headers: req.headers });
 * ```
 */
export function trello(options: TrelloOptions): Scheme<{ timestamp: false; id: false; url: false }> {
  const callbackUrl = checkedCallbackUrl(options);
  return builtInScheme({
    name: "trello",
    hash: "SHA-1",
    encoding: "base64",
    codec: base64Encoding,
    textContent: placedText,
    secret: utf8Secret,
    signatureHeader: "x-trello-webhook",
    parse: prefixedParse(""),
    format: prefixedFormat(""),
    content: ({ body }) => [body, callbackUrl],
    eventId: actionId,
  });
}
