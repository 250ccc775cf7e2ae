import { fromBase64, toBase64 } from "../lib/base64.js";
import { utf8, fatalDecoder } from "../lib/bytes.js";
import { authCredentials, equalsIgnoringAsciiCase } from "../lib/headers.js";
import { defineScheme } from "./define-scheme.js";
import type { Scheme, SecretRule } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/**
 * Options of {@link staticToken}: a token in a header of your choice, or HTTP Basic auth.
 *
 * @example
 * ```ts
 * const options: StaticTokenOptions = { header: "authorization", prefix: "Bearer ", name: "acmeBearer", minSecretBytes: 32 };
 * const acmeBearer = staticToken(options);
 * await verify(acmeBearer, { secret: token, payload, headers });
 * ```
 */
export type StaticTokenOptions =
  | {
      /** The header carrying the token (any case), for example `"x-webhook-token"` or `"authorization"`. */
      readonly header: string;
      /** Text before the token in the header value, for example `"Bearer "`; compared case-insensitively. Default none. */
      readonly prefix?: string;
      readonly basicAuth?: never;
      /** Reported as `Verified.scheme`; default `"staticToken"`. */
      readonly name?: string;
      /** Fewest bytes a configured token may have; default 16. */
      readonly minSecretBytes?: number;
    }
  | {
      /** `Authorization: Basic <base64 of "username:password">`; the secret is the `"username:password"` string. */
      readonly basicAuth: true;
      readonly header?: never;
      readonly prefix?: never;
      readonly name?: string;
      readonly minSecretBytes?: number;
    };


const basicAuthSecret: SecretRule = {
  describe: 'a "username:password" string (its UTF-8 bytes are compared), or raw bytes',
  decode: (secret) => (secret.includes(":") ? utf8(secret) : undefined),
};

/** The `username:password` of a Basic credential (RFC 7617), or nothing when it is not one. */
function parseBasic(value: string): string[] {
  const credentials = authCredentials(value, "basic");
  if (credentials === undefined) return [];
  const bytes = fromBase64(credentials, { canonical: false });
  if (bytes === undefined) return [];
  try {
    return [fatalDecoder.decode(bytes)];
  } catch {
    return [];
  }
}

const isLatin1Text = (text: string) => /^[\x20-\x7e\x80-\xff]*$/.test(text);

/**
 * A scheme for senders that can only send a fixed shared secret: a token in a header
 * (`staticToken({ header: "x-webhook-token" })`, or `{ header: "authorization", prefix: "Bearer " }`)
 * or HTTP Basic credentials (`staticToken({ basicAuth: true })`, secret `"username:password"`).
 * `verify()` compares the token with the configured secret(s) in constant time (by SHA-256
 * digest, so neither length leaks); `sign()` writes the header.
 *
 * **This does NOT protect the body.** The token is the same on every request, so anyone who
 * sees one request (a log, a proxy) can send any body with it, and replay it forever. It
 * proves only who sent the request, and only over HTTPS. Prefer a provider's signing scheme
 * whenever it has one; with this scheme, treat the body as untrusted input, and keep the
 * token long (at least 16 bytes by default) and random. A replay store cannot help: there is
 * no message id or signature to tell deliveries apart, and `verify()` refuses one.
 *
 * @example
 * ```ts
 * const tokenInHeader = staticToken({ header: "x-webhook-token" });
 * await verify(tokenInHeader, { secret: process.env.WEBHOOK_TOKEN!, payload: rawBody, headers: request.headers });
 *
 * const basic = staticToken({ basicAuth: true });
 * await verify(basic, { secret: `webhooks:${process.env.WEBHOOK_PASSWORD}`, payload: rawBody, headers: request.headers });
 * ```
 */
export function staticToken(options: StaticTokenOptions): Scheme<{ timestamp: false; id: false; url: false }> {
  if (options === null || typeof options !== "object") {
    throw new TypeError('staticToken(options): options must be { header: "x-webhook-token" } or { basicAuth: true }');
  }
  const { header, prefix = "", basicAuth, name = "staticToken", minSecretBytes = 16 } = options as {
    header?: unknown; prefix?: unknown; basicAuth?: unknown; name?: string; minSecretBytes?: number;
  };
  if ((header === undefined) === (basicAuth === undefined)) {
    throw new TypeError('staticToken(options): give either header (such as "x-webhook-token") or basicAuth: true');
  }
  if (basicAuth !== undefined) {
    if (basicAuth !== true) throw new TypeError("staticToken(options): basicAuth must be true");
    return defineScheme({
      name,
      algorithm: "token",
      secret: basicAuthSecret,
      minSecretBytes,
      signatureHeader: "authorization",
      parse: (value) => ({ signatures: parseBasic(value) }),
      format: ({ signatures }) => "Basic " + toBase64(utf8(signatures[0]!)),
    });
  }
  if (typeof header !== "string") throw new TypeError("staticToken(options): header must be a header name");
  if (typeof prefix !== "string" || !isLatin1Text(prefix)) throw new TypeError("staticToken(options): prefix must be a string of printable characters");
  // ASCII case only: toLowerCase() would let a non-ASCII letter (the Kelvin sign) match "k".
  const lowerPrefix = prefix.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return defineScheme({
    name,
    algorithm: "token",
    secret: utf8Secret,
    minSecretBytes,
    signatureHeader: header.toLowerCase(),
    parse: (value) => ({
      signatures: equalsIgnoringAsciiCase(value.slice(0, prefix.length), lowerPrefix) && value.length > prefix.length ? [value.slice(prefix.length)] : [],
    }),
    format: ({ signatures }) => prefix + signatures[0],
  });
}
