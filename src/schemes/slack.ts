import { headerTimestamp } from "./header-timestamp.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";
import { handshakeRefused, smallJsonObject, textAnswer } from "../handshake/answers.js";

/** Slack's challenges are short printable text (52 letters and digits in its documentation). */
const CHALLENGE_SHAPE = /^[\x21-\x7e]{1,1024}$/;

/**
 * Slack request signing: `X-Slack-Signature: v0=<hex>` and `X-Slack-Request-Timestamp: <unix
 * seconds>`, where the hex is an HMAC-SHA256 of `"v0:<timestamp>:<body>"` keyed with the UTF-8
 * bytes of the app's Signing Secret (used as the string Slack shows, not decoded). A
 * timestamp more than `tolerance` seconds (default 300, Slack's five minutes) from now is
 * refused either way. Slash commands and interactivity send form-encoded bodies: verify the
 * raw body before parsing it. `Verified.eventId` is the Events API's `event_id` (a JSON
 * body's top-level field, the same on Slack's retries); slash commands and interactivity
 * payloads have none. The Events API's `url_verification` request is verified like any
 * other and answered by the request helpers with its `challenge` as `text/plain`
 * (https://api.slack.com/events/url_verification).
 *
 * Follows Slack's "Verifying requests from Slack",
 * https://api.slack.com/authentication/verifying-requests-from-slack.
 *
 * @example
 * ```ts
 * const { timestamp } = await verify(slack, { secret: process.env.SLACK_SIGNING_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const slack: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "slack",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-slack-signature",
  parse: /* @__PURE__ */ prefixedParse("v0="),
  format: /* @__PURE__ */ prefixedFormat("v0="),
  timestamp: /* @__PURE__ */ headerTimestamp({ header: "x-slack-request-timestamp", tolerance: 300 }),
  content: ({ timestamp, body }) => [`v0:${timestamp}:`, body],
  eventId: /* @__PURE__ */ jsonEventId("event_id"),
  handshake: {
    // A url_verification body is ~150 bytes: a bigger one is an ordinary event and is not parsed here.
    claims: (_request, body) => smallJsonObject(body, 1024)?.type === "url_verification",
    answer: (_request, body) => {
      const challenge = smallJsonObject(body, 1024)!.challenge;
      if (typeof challenge !== "string" || !CHALLENGE_SHAPE.test(challenge)) throw handshakeRefused("Slack's url_verification has no challenge of printable text.");
      return textAnswer(challenge);
    },
  },
});
