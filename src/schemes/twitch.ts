import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { rfc3339Timestamp } from "./rfc3339-timestamp.js";
import { readIdHeader } from "./id-header.js";
import { utf8Secret } from "./secrets.js";
import { idIsEventId } from "./event-id.js";
import { handshakeRefused, smallJsonObject, textAnswer } from "../handshake/answers.js";
import { headerValues } from "../lib/headers.js";

const MESSAGE_TYPE = "twitch-eventsub-message-type";
const WHAT = "Twitch's webhook_callback_verification";
/** Twitch's challenges are short printable text ("pogchamp-kappa-360noscope-vohiyo"). */
const CHALLENGE_SHAPE = /^[\x21-\x7e]{1,1024}$/;

/**
 * Twitch EventSub (webhook transport): `Twitch-Eventsub-Message-Signature: sha256=<hex>`, an
 * HMAC-SHA256 of message id + timestamp + body (no delimiters), keyed with the UTF-8 bytes of
 * the subscription's secret (10 to 100 ASCII characters), with
 * `Twitch-Eventsub-Message-Id` and `Twitch-Eventsub-Message-Timestamp` (RFC 3339, such as
 * `2019-11-16T10:11:12.634234626Z`). A timestamp more than 10 minutes from now is refused
 * either way, as Twitch advises; `Verified.id` is the message id (a replay store claims it), and
 * `Verified.eventId` too: Twitch keeps it when it resends a message.
 * The `webhook_callback_verification` message is verified like any other and answered by the
 * request helpers with its `challenge` as `text/plain`; `revocation` messages reach your handler.
 *
 * Follows Twitch's "Handling Webhook Events", sections "Verifying the event message" and
 * "Responding to a challenge request", https://dev.twitch.tv/docs/eventsub/handling-webhook-events/.
 *
 * @example
 * ```ts
 * const { id, timestamp } = await verify(twitch, { secret: process.env.TWITCH_EVENTSUB_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const twitch: Scheme<{ timestamp: true; id: true; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "twitch",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  minSecretBytes: 10,
  maxSecretBytes: 100,
  signatureHeader: "twitch-eventsub-message-signature",
  parse: /* @__PURE__ */ prefixedParse("sha256="),
  format: /* @__PURE__ */ prefixedFormat("sha256="),
  multipleSignatures: false,
  idHeader: "twitch-eventsub-message-id",
  readId: readIdHeader,
  timestamp: /* @__PURE__ */ rfc3339Timestamp({ header: "twitch-eventsub-message-timestamp", unit: "rfc3339", tolerance: 600 }),
  // No delimiters, as Twitch signs it: the strict RFC 3339 reader makes the edges unambiguous
  // (a character moved into or out of the timestamp leaves no date-time).
  content: ({ id, timestamp, body }) => [id, timestamp, body],
  // The signed message id is the same on every resend of a message (Twitch's "Handling duplicate events").
  eventId: idIsEventId,
  handshake: {
    claims: ({ headers }) => headerValues(headers, MESSAGE_TYPE)[0] === "webhook_callback_verification",
    answer: (_request, body) => {
      const challenge = smallJsonObject(body, Infinity)?.challenge;
      if (typeof challenge !== "string" || !CHALLENGE_SHAPE.test(challenge)) throw handshakeRefused(`${WHAT} has no challenge of printable text.`);
      return textAnswer(challenge);
    },
  },
});
