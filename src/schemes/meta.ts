import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { HandshakeRule, Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { handshakeRefused, queryValue, textAnswer } from "../handshake/answers.js";
import { timingSafeEqual } from "../lib/timing-safe-equal.js";

/**
 * Options of {@link meta}.
 *
 * @example
 * ```ts
 * const options: MetaOptions = { verifyToken: process.env.META_VERIFY_TOKEN! };
 * const route = meta(options);
 * ```
 */
export interface MetaOptions {
  /**
   * The Verify Token you typed into the app dashboard's Webhooks settings: Meta's GET
   * verification request carries it as `hub.verify_token`, and `hub.challenge` is echoed only
   * when it matches. Without it, verification requests are refused (403).
   */
  readonly verifyToken?: string;
}

const WHAT = "Meta's verification request";

/** The GET `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` check, answered with the challenge when the token matches. */
const metaHandshake = (verifyToken: string | undefined): HandshakeRule => ({
  unsigned: ({ method, query }) => {
    if (method !== "GET" || (!query.has("hub.mode") && !query.has("hub.challenge"))) return undefined;
    if (queryValue(query, "hub.mode", WHAT) !== "subscribe") throw handshakeRefused(`${WHAT}: hub.mode is not "subscribe".`);
    if (verifyToken === undefined) throw handshakeRefused(`${WHAT} was refused: no verifyToken was given to meta().`);
    const token = query.getAll("hub.verify_token");
    // Constant time: the verify token is what authenticates this request.
    if (token.length !== 1 || !timingSafeEqual(token[0]!, verifyToken)) throw handshakeRefused(`${WHAT}: hub.verify_token does not match the verifyToken.`);
    const challenge = queryValue(query, "hub.challenge", WHAT);
    if (challenge === undefined) throw handshakeRefused(`${WHAT} has no hub.challenge.`);
    return textAnswer(challenge);
  },
});

/**
 * Meta webhooks (Facebook, Instagram, WhatsApp, Messenger): `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the body>`, keyed with the UTF-8 bytes of the App Secret. No
 * timestamp: pair it with a replay store if that matters. `verifyToken` answers Meta's GET
 * verification request (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`): the request
 * helpers echo `hub.challenge` when the token matches, and refuse it (403) otherwise.
 *
 * Follows Meta's "Getting Started" with Webhooks (Graph API), sections "Verification Requests"
 * and "Validating Payloads", https://developers.facebook.com/docs/graph-api/webhooks/getting-started.
 *
 * @example
 * ```ts
 * const handle = webhookHandler(meta({ verifyToken: env.META_VERIFY_TOKEN }), { secret: env.META_APP_SECRET }, async (webhook) => {
 *   await queue.push(webhook.json());
 *   return new Response(null, { status: 200 });
 * });
 * ```
 */
export function meta(options: MetaOptions = {}): Scheme<{ timestamp: false; id: false; url: false }> {
  if (options === null || typeof options !== "object") throw new TypeError("meta(options): options must be an object such as { verifyToken }");
  const { verifyToken } = options;
  if (verifyToken !== undefined && typeof verifyToken !== "string") throw new TypeError("meta(options): verifyToken must be a string");
  if (verifyToken === "" || verifyToken?.trim() === "") throw new RangeError("meta(options): verifyToken is empty (is its environment variable set?)");
  return builtInScheme({
    name: "meta",
    hash: "SHA-256",
    encoding: "hex",
    codec: hexEncoding,
    textContent: placedText,
    secret: utf8Secret,
    minSecretBytes: 1,
    signatureHeader: "x-hub-signature-256",
    parse: prefixedParse("sha256="),
    format: prefixedFormat("sha256="),
    multipleSignatures: false,
    content: ({ body }) => [body],
    handshake: metaHandshake(verifyToken),
  });
}
