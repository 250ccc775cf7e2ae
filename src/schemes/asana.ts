import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { HandshakeRequest, Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { handshakeRefused, headerValue } from "../handshake/answers.js";

/**
 * Options of {@link asana}.
 *
 * @example
 * ```ts
 * const stored = new Map<string, string>(); // your database
 * let expecting = false; // true only while this app's POST /webhooks call is in flight
 * const options: AsanaOptions = {
 *   onSecret: async (hookSecret) => {
 *     if (!expecting) return false;
 *     stored.set("asana", hookSecret);
 *     return true;
 *   },
 * };
 * ```
 */
export interface AsanaOptions {
  /**
   * Called with the `X-Hook-Secret` of a handshake. Store the secret (every later delivery of
   * this webhook is signed with it), then resolve `true` to accept the handshake; anything
   * else refuses it (403), and so does a handshake when this option is absent. Accept only
   * while you expect one: see {@link asana}.
   */
  readonly onSecret?: (secret: string, request: HandshakeRequest) => boolean | Promise<boolean>;
}

const SECRET = "x-hook-secret";
const WHAT = "Asana's handshake";
/** Asana's secrets are random text (64 hex digits in its documentation); at least 16 characters. */
const SECRET_SHAPE = /^[A-Za-z0-9+/=_.~-]{16,256}$/;

/**
 * Asana webhooks: `X-Hook-Signature: <hex HMAC-SHA256 of the body>`, keyed with the UTF-8 bytes
 * of the secret Asana sent in the webhook's handshake. No timestamp.
 *
 * The handshake is a POST with `X-Hook-Secret` that Asana sends while your app's
 * `POST /webhooks` call is in flight; the request helpers answer it (200, the secret echoed in
 * `X-Hook-Secret`) once `onSecret` stored the secret and resolved `true`.
 *
 * **The handshake is not signed**: anyone who can reach the endpoint can send one, and a secret
 * the app accepts from them is a secret they know, with which they can sign deliveries the app
 * will believe. So accept a handshake only while you expect one (between sending `POST /webhooks`
 * and its answer), at a target URL unique to the webhook being made (e.g. with a random path
 * segment), and never replace a stored secret of an established webhook.
 *
 * Follows Asana's "Webhooks" guide and "Establish a webhook" reference,
 * https://developers.asana.com/docs/webhooks-guide and https://developers.asana.com/reference/createwebhook.
 *
 * @example
 * ```ts
 * const stored = new Map<string, string>(); // your database
 * let expecting = false; // set around your POST /webhooks call
 * const route = asana({ onSecret: (hookSecret) => expecting && (stored.set("asana", hookSecret), true) });
 *
 * const answer = await handshakeResponse(route, request); // the handshake, or undefined
 * if (answer) return answer;
 * const webhook = await verifyRequest(route, request, { secret: stored.get("asana")! });
 * ```
 */
export function asana(options: AsanaOptions = {}): Scheme<{ timestamp: false; id: false; url: false }> {
  if (options === null || typeof options !== "object") throw new TypeError("asana(options): options must be an object such as { onSecret }");
  const { onSecret } = options;
  if (onSecret !== undefined && typeof onSecret !== "function") throw new TypeError("asana(options): onSecret must be a function (secret) => boolean | Promise<boolean>");
  return builtInScheme({
    name: "asana",
    hash: "SHA-256",
    encoding: "hex",
    codec: hexEncoding,
    textContent: placedText,
    secret: utf8Secret,
    minSecretBytes: 1,
    signatureHeader: "x-hook-signature",
    parse: prefixedParse(""),
    format: prefixedFormat(""),
    multipleSignatures: false,
    content: ({ body }) => [body],
    handshake: {
      unsigned: async (request) => {
        const secret = headerValue(request.headers, SECRET, WHAT, SECRET_SHAPE);
        if (secret === undefined) return undefined;
        if (onSecret === undefined) throw handshakeRefused(`${WHAT} was refused: asana() was given no onSecret to store the secret.`);
        if ((await onSecret(secret, request)) !== true) throw handshakeRefused(`${WHAT} was refused by onSecret.`);
        return { status: 200, headers: { [SECRET]: secret }, body: "" };
      },
    },
  });
}
