// Providers that send a shared token itself in a header of their own (GitLab, Telegram): the
// staticToken machinery (token-steps.ts compares digests in constant time) under fixed names,
// resolved without defineScheme()'s checks, as every built-in is.
import { staticTokenSteps } from "../engine/token-steps.js";
import { resolveScheme } from "./resolve.js";
import { signsNothing } from "./signs-nothing.js";
import type { ParsedSignatureHeader, Scheme, SecretRule } from "./scheme.js";

/** The whole header value is the token; an empty one is no token. */
const wholeValue = (value: string): ParsedSignatureHeader => ({ signatures: value === "" ? [] : [value] });

/** A built-in token scheme: `header` carries the secret itself, checked by `secret`'s rule when configured. */
export function headerTokenScheme(name: string, header: string, secret: SecretRule, maxSecretBytes?: number): Scheme<{ timestamp: false; id: false; url: false }> {
  return resolveScheme({
    name,
    algorithm: "token",
    hash: "SHA-256",
    encoding: "hex",
    content: signsNothing,
    secret,
    minSecretBytes: 1,
    ...(maxSecretBytes !== undefined ? { maxSecretBytes } : {}),
    signatureHeader: header,
    parse: wholeValue,
    format: ({ signatures }) => signatures[0]!,
    multipleSignatures: false,
    tokenSteps: staticTokenSteps,
  }) as Scheme<{ timestamp: false; id: false; url: false }>;
}
