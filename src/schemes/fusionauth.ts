import { jwtToken } from "../jwt/webhook-token.js";
import { base64Encoding } from "./encodings.js";
import { jwtTokenSteps } from "../engine/token-steps.js";
import { builtInScheme } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/**
 * FusionAuth signed webhooks with an HMAC key: `X-FusionAuth-Signature-JWT: <jwt>`, whose
 * `request_body_sha256` claim is the standard base64 of the body's SHA-256. Written from
 * FusionAuth's "Signing Webhooks" documentation (docs/extend/events-and-webhooks/signing):
 * verify the JWT with the HMAC key from Key Master, then compare the claim with the hash of
 * the raw body. HS256 only; for an HS384/HS512 key, define a scheme with
 * `jwtToken({ bodyHashClaim: "request_body_sha256", algorithms: ["HS512"] })`. RSA and EC
 * keys (verified with a public key from FusionAuth's JWKS) are not supported.
 *
 * @example
 * ```ts
 * const result = await verify(fusionauth, { secret: process.env.FUSIONAUTH_HMAC_KEY!, payload: rawBody, headers: req.headers });
 * ```
 */
export const fusionauth: Scheme<{ timestamp: boolean; id: boolean; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "fusionauth",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  tokenSteps: jwtTokenSteps,
  secret: utf8Secret,
  minSecretBytes: 32,
  signatureHeader: "x-fusionauth-signature-jwt",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  multipleSignatures: false,
  content: ({ body }) => [body],
  token: /* @__PURE__ */ jwtToken({ bodyHashClaim: "request_body_sha256" }),
});
