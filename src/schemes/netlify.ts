import { jwtToken } from "../jwt/webhook-token.js";
import { base64Encoding } from "./encodings.js";
import { jwtTokenSteps } from "../engine/token-steps.js";
import { builtInScheme } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/**
 * Netlify deploy notifications (outgoing webhooks) with a JWS secret token:
 * `X-Webhook-Signature: <JWS>`, an HS256 JSON Web Signature keyed with the UTF-8 bytes of the
 * "JWS secret token" you set on the notification (Site configuration > Build & deploy > Deploy
 * notifications). Its claims are `iss: "netlify"` and `sha256`, the hex SHA-256 of the raw
 * body: both are required and checked. The token carries no time, so nothing bounds a replay:
 * pair it with a replay store if repeats matter (each body gives one token). The secret must be
 * at least 32 bytes, as RFC 7518 requires for HS256 (Netlify accepts shorter ones: choose a long one).
 *
 * Follows Netlify's "Deploy notifications", section "Payload signature",
 * https://docs.netlify.com/site-deploys/deploy-notifications/#payload-signature.
 *
 * @example
 * ```ts
 * await verify(netlify, { secret: process.env.NETLIFY_JWS_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
// A token rule reports a time and an id when the token has them; Netlify's untimed rule never reports a time.
export const netlify = /* @__PURE__ */ builtInScheme({
  name: "netlify",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  tokenSteps: jwtTokenSteps,
  secret: utf8Secret,
  minSecretBytes: 32,
  signatureHeader: "x-webhook-signature",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  multipleSignatures: false,
  content: ({ body }) => [body],
  token: /* @__PURE__ */ jwtToken({ bodyHashClaim: "sha256", bodyHashEncoding: "hex", issuer: "netlify", timed: false }),
}) as Scheme as Scheme<{ timestamp: false; id: boolean; url: false }>;
