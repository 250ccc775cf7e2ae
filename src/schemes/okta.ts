import { headerValues } from "../lib/headers.js";
import { defineScheme } from "./define-scheme.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";
import { handshakeRefused, headerValue, jsonAnswer } from "../handshake/answers.js";

/**
 * Options of {@link okta}.
 *
 * @example
 * ```ts
 * const options: OktaOptions = { header: "x-okta-secret" };
 * const route = okta(options);
 * ```
 */
export interface OktaOptions {
  /** The header name given in the event hook's Authentication field (any case); default `"authorization"`. */
  readonly header?: string;
  /** Fewest bytes the configured secret may have; default 16 (Okta lets you type any value: make it long and random). */
  readonly minSecretBytes?: number;
}

const CHALLENGE = "x-okta-verification-challenge";

/**
 * Okta event hooks: the secret you set in the hook's Authentication field, sent as it is in the
 * `Authorization` header (or the header you named there) with every request, compared in
 * constant time. **It does NOT protect the body** (see `staticToken`): keep it long and random,
 * and treat the body as untrusted input.
 *
 * Okta's one-time verification request (a GET with `X-Okta-Verification-Challenge`) is answered
 * by the request helpers with `{"verification":"<the challenge>"}`, and only when its
 * authorization header holds the secret; a challenge not shaped as Okta's (at most 256 of
 * A-Z a-z 0-9 + / = _ . ~ -) is refused.
 *
 * Follows Okta's "Event hooks" guide, sections "One-time verification request" and "Event hook
 * requests", https://developer.okta.com/docs/concepts/event-hooks/.
 *
 * @example
 * ```ts
 * const handle = webhookHandler(okta(), { secret: env.OKTA_EVENT_HOOK_SECRET }, async (webhook) => {
 *   await queue.push(webhook.json());
 *   return new Response(null, { status: 200 });
 * });
 * ```
 */
export function okta(options: OktaOptions = {}): Scheme<{ timestamp: false; id: false; url: false }> {
  if (options === null || typeof options !== "object") throw new TypeError("okta(options): options must be an object such as { header }");
  const { header = "authorization", minSecretBytes = 16 } = options;
  if (typeof header !== "string") throw new TypeError("okta(options): header must be a header name");
  return defineScheme({
    name: "okta",
    algorithm: "token",
    secret: utf8Secret,
    minSecretBytes,
    signatureHeader: header.toLowerCase(),
    parse: (value) => ({ signatures: value === "" ? [] : [value] }),
    format: ({ signatures }) => signatures[0]!,
    handshake: {
      // A GET with the challenge header: verified (the authorization header) before it is answered.
      claims: ({ method, headers }) => method === "GET" && headerValues(headers, CHALLENGE).length > 0,
      answer: ({ headers }) => {
        const verification = headerValue(headers, CHALLENGE, "Okta's verification request");
        if (verification === undefined) throw handshakeRefused("Okta's verification request has no challenge.");
        return jsonAnswer({ verification });
      },
    },
  });
}
