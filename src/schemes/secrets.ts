// Secret rules shared by schemes.
import { fromBase64 } from "../lib/base64.js";
import { utf8 } from "../lib/bytes.js";
import type { SecretRule } from "./scheme.js";

/**
 * A secret rule for `defineScheme()`: the secret string's UTF-8 bytes are the key (GitHub,
 * Stripe: the whole `whsec_…` string; Slack, Shopify, Twilio…). The default when a
 * definition names none.
 *
 * @example
 * ```ts
 * const acme = defineScheme({
 *   name: "acme", hash: "SHA-256", encoding: "hex", secret: utf8Secret, signatureHeader: "acme-signature",
 *   parse: (value) => ({ signatures: [value] }), format: ({ signatures }) => signatures[0]!, content: ({ body }) => [body],
 * });
 * ```
 */
export const utf8Secret: SecretRule = {
  describe: "a string (its UTF-8 bytes are the key) or raw bytes",
  decode: utf8,
};

/**
 * A secret rule for `defineScheme()`: the secret is `prefix` + standard base64 of the key,
 * and the key is the decoded bytes; the prefix may be left off (Standard Webhooks' `whsec_`).
 *
 * @example
 * ```ts
 * const acme = defineScheme({
 *   name: "acme", hash: "SHA-256", encoding: "base64", secret: prefixedBase64Secret("whsec_"), minSecretBytes: 24,
 *   signatureHeader: "acme-signature", parse: (value) => ({ signatures: [value] }), format: ({ signatures }) => signatures[0]!,
 *   content: ({ body }) => [body],
 * });
 * ```
 */
export function prefixedBase64Secret(prefix: string): SecretRule {
  return {
    describe: `"${prefix}" followed by base64 (the prefix is optional), or raw bytes`,
    decode: (secret) => fromBase64(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, { canonical: false }),
  };
}
