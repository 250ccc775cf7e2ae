import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme, SchemeDefinition } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * GitHub's legacy signature: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>`, keyed with
 * the webhook secret's UTF-8 bytes. GitHub still sends it beside `X-Hub-Signature-256` for
 * compatibility; prefer `github` (SHA-256) and use this only for a receiver or a sender
 * that knows no other. No timestamp: pair it with a replay store if repeats matter.
 *
 * Follows GitHub's "Validating webhook deliveries" and "Webhook events and payloads"
 * (delivery headers: `X-Hub-Signature`), https://docs.github.com/en/webhooks.
 *
 * @example
 * ```ts
 * await verify(githubSha1, { secret: process.env.GITHUB_WEBHOOK_SECRET!, payload: rawBody, headers: req.headers });
 * ```
 */
export const githubSha1: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ githubSha1Rules("githubSha1");

/** GitHub's legacy SHA-1 rules under a scheme name (Intercom signs the same way, and names its events). */
export function githubSha1Rules(name: string, eventId?: SchemeDefinition["eventId"]): Scheme<{ timestamp: false; id: false; url: false }> {
  return builtInScheme({
    ...(eventId === undefined ? {} : { eventId }),
    name,
    hash: "SHA-1",
    encoding: "hex",
    codec: hexEncoding,
    textContent: placedText,
    secret: utf8Secret,
    signatureHeader: "x-hub-signature",
    parse: prefixedParse("sha1="),
    format: prefixedFormat("sha1="),
    content: ({ body }) => [body],
  });
}
