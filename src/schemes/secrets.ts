// Secret rules shared by schemes.
import { fromBase64 } from "../lib/base64.js";
import { utf8 } from "../lib/bytes.js";
import type { SecretRule } from "../scheme.js";

/** The secret string's UTF-8 bytes are the key (GitHub, Stripe: the whole `whsec_…` string). */
export const utf8Secret: SecretRule = {
  describe: "a string (its UTF-8 bytes are the key) or raw bytes",
  decode: utf8,
};

/** `prefix` + standard base64 of the key; the prefix may be left off (Standard Webhooks' `whsec_`). */
export function prefixedBase64Secret(prefix: string): SecretRule {
  return {
    describe: `"${prefix}" followed by base64 (the prefix is optional), or raw bytes`,
    decode: (secret) => fromBase64(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, { canonical: false }),
  };
}
