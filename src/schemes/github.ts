import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

/**
 * GitHub webhooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, keyed with
 * the secret's UTF-8 bytes. No timestamp, so pair it with replay protection if that matters.
 * See GitHub's "Validating webhook deliveries".
 *
 * @example
 * ```ts
 * const result = await verify(github, { secret: process.env.GITHUB_WEBHOOK_SECRET!, payload: rawBody, headers: req.headers });
 * ```
 */
export const github: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "github",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  minSecretBytes: 1,
  signatureHeader: "x-hub-signature-256",
  parse: /* @__PURE__ */ prefixedParse("sha256="),
  format: /* @__PURE__ */ prefixedFormat("sha256="),
  multipleSignatures: false,
  content: ({ body }) => [body],
});
