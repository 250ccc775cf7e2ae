import { jwtToken } from "../jwt/webhook-token.js";
import { authCredentials } from "../lib/headers.js";
import { base64Encoding } from "./encodings.js";
import { jwtTokenSteps } from "../engine/token-steps.js";
import { builtInScheme } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

const PREFIX = "Bearer ";

/** The token of `Bearer <token>`; the auth scheme is case-insensitive (RFC 9110 §11.1). */
function parseBearer(value: string) {
  const token = authCredentials(value, "bearer");
  return { signatures: token === undefined ? [] : [token] };
}

/**
 * A JWT (HS256) as `Authorization: Bearer <jwt>`, with the body bound by a
 * `request_body_sha256` claim (standard base64 of the body's SHA-256) and freshness by `iat`
 * (within `tolerance`, default 300 s; `exp` and `nbf` allow 5 s of clock skew). The auth scheme
 * is case-insensitive (`bearer` works too). `sign()` makes such a token (with `exp` 300 s after
 * `iat` and a random `jti`, which replay protection uses as the message id). The secret is
 * used as UTF-8 and must be at least 32 bytes (RFC 7518 §3.2).
 *
 * @example
 * ```ts
 * const headers = await sign(jwtBearer, { secret: process.env.WEBHOOK_JWT_SECRET!, payload });
 * // { authorization: "Bearer eyJhbGciOiJIUzI1NiIs…" }
 * const { id, timestamp } = await verify(jwtBearer, { secret: process.env.WEBHOOK_JWT_SECRET!, payload, headers });
 * ```
 */
export const jwtBearer: Scheme<{ timestamp: boolean; id: boolean; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "jwtBearer",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  tokenSteps: jwtTokenSteps,
  secret: utf8Secret,
  minSecretBytes: 32,
  signatureHeader: "authorization",
  parse: parseBearer,
  format: ({ signatures }) => PREFIX + signatures[0],
  multipleSignatures: false,
  content: ({ body }) => [body],
  token: /* @__PURE__ */ jwtToken({ bodyHashClaim: "request_body_sha256" }),
});
