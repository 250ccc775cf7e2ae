import { jwtToken, jwtTokenCheck } from "../jwt/webhook-token.js";
import { base64Encoding } from "./encodings.js";
import { jwtKeys } from "./jwt-keys.js";
import { publicKeySteps } from "../engine/token-steps.js";
import { builtInScheme } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";
import { jsonEventId } from "./event-id.js";

const TOKEN = { bodyHashClaim: "request_body_sha256" } as const;
const rule = /* @__PURE__ */ jwtKeys(/* @__PURE__ */ jwtTokenCheck(TOKEN), { hmacAlgorithms: ["HS256"] });

/**
 * FusionAuth signed webhooks: `X-FusionAuth-Signature-JWT: <jwt>`, whose `request_body_sha256`
 * claim is the standard base64 of the body's SHA-256. Written from FusionAuth's "Signing
 * Webhooks" documentation (docs/extend/events-and-webhooks/signing): verify the JWT with the
 * signing key from Key Master, then compare the claim with the hash of the raw body.
 *
 * `secret` is the signing key:
 * - an HMAC key (HS256; at least 32 bytes): the secret shown in Key Master;
 * - an RSA or EC key's public half: PEM (the public key or its certificate), a JWK, a
 *   CryptoKey or a KeyObject (RS256/384/512 and PS* for RSA, ES256/384/512 by curve);
 * - or FusionAuth's key set, `jwks("https://<your FusionAuth>/.well-known/jwks.json")`: the
 *   token's `kid` selects the key, so rotating the signing key needs no change here.
 *
 * A PEM string or JWK is never used as an HMAC secret. For an HS384/HS512 HMAC key, define a
 * scheme with `jwtToken({ bodyHashClaim: "request_body_sha256", algorithms: ["HS512"] })`.
 * `Verified.eventId` is the signed body's `event.id` (the body is bound by the token's hash), which
 * FusionAuth documents for finding a duplicate event.
 *
 * @example
 * ```ts
 * const result = await verify(fusionauth, { secret: process.env.FUSIONAUTH_HMAC_KEY!, payload: rawBody, headers: req.headers });
 * const keys = jwks("https://auth.example.com/.well-known/jwks.json"); // RSA/EC signing keys
 * await verify(fusionauth, { secret: keys, payload: rawBody, headers: req.headers });
 * ```
 */
export const fusionauth: Scheme<{ timestamp: boolean; id: boolean; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "fusionauth",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  // The engine's public-key path, as defineScheme() gives it; never `rule.verify`: a property
  // read here would keep fusionauth in every bundle.
  tokenSteps: publicKeySteps,
  publicKey: rule,
  secret: utf8Secret,
  minSecretBytes: 32,
  signatureHeader: "x-fusionauth-signature-jwt",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  multipleSignatures: false,
  content: ({ body }) => [body],
  token: /* @__PURE__ */ jwtToken(TOKEN),
  eventId: /* @__PURE__ */ jsonEventId("event", "id"),
});
