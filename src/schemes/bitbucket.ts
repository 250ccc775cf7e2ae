import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * Bitbucket Cloud webhooks: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed
 * with the UTF-8 bytes of the secret set on the webhook (Repository settings > Webhooks). The
 * same header name as GitHub's legacy SHA-1 signature, but SHA-256: use `githubSha1` for GitHub.
 * A webhook saved without a secret sends no signature. No timestamp is signed: pair it with a
 * replay store if repeats matter.
 *
 * Follows Atlassian's "Manage webhooks" (section "Secure webhooks"),
 * https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/.
 *
 * @example
 * ```ts
 * await verify(bitbucket, { secret: process.env.BITBUCKET_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const bitbucket: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "bitbucket",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-hub-signature",
  parse: /* @__PURE__ */ prefixedParse("sha256="),
  format: /* @__PURE__ */ prefixedFormat("sha256="),
  content: ({ body }) => [body],
});
