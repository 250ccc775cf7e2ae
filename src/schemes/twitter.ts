import { base64Encoding } from "./encodings.js";
import { builtInScheme } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { jsonAnswer, queryValue } from "../handshake/answers.js";
import { asBytes, utf8 } from "../lib/bytes.js";
import { toBase64 } from "../lib/base64.js";
import { hmac, runAsync } from "../engine/steps.js";

const WHAT = "X's challenge-response check";

/**
 * X (Twitter) webhooks (Account Activity API, X API v2 webhooks):
 * `X-Twitter-Webhooks-Signature: sha256=<base64 HMAC-SHA256 of the body>`, keyed with the
 * UTF-8 bytes of the app's Consumer Secret (API Key Secret). No timestamp.
 *
 * The GET challenge-response check (`?crc_token=…`) is answered by the request helpers with
 * `{"response_token":"sha256=<base64 HMAC-SHA256 of crc_token>"}` under the first secret. That
 * answer is the very signature X would send for a body equal to the token, so only a token
 * shaped as X sends them is answered (at most 256 of A-Z a-z 0-9 + / = _ . ~ -), and a
 * delivery whose body is not a JSON object (does not start with `{`, as every X delivery does)
 * never verifies: no crc_token can be turned into a forged delivery.
 *
 * Follows X's "Securing webhooks" (challenge-response checks and signature header),
 * https://docs.x.com/x-api/webhooks/quickstart and
 * https://developer.x.com/en/docs/x-api/enterprise/account-activity-api/guides/securing-webhooks.
 *
 * @example
 * ```ts
 * await verify(twitter, { secret: process.env.X_CONSUMER_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const twitter: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "twitter",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  secret: utf8Secret,
  minSecretBytes: 1,
  signatureHeader: "x-twitter-webhooks-signature",
  parse: /* @__PURE__ */ prefixedParse("sha256="),
  format: /* @__PURE__ */ prefixedFormat("sha256="),
  multipleSignatures: false,
  // Only a JSON object is a delivery: a CRC answer (an HMAC of a token without "{") never verifies one.
  content: ({ body }) => (body[0] === 0x7b ? [body] : undefined),
  handshake: {
    unsigned: async ({ method, query }, { secrets, crypto }) => {
      if (method !== "GET" || !query.has("crc_token")) return undefined;
      const token = queryValue(query, "crc_token", WHAT)!;
      const key = asBytes(secrets[0]);
      if (key === undefined || key.length === 0) throw new RangeError(`twitter: ${WHAT} needs the Consumer Secret: give the secret option`);
      const mac = await runAsync(hmac("SHA-256", key, [utf8(token)]), crypto);
      return jsonAnswer({ response_token: `sha256=${toBase64(mac)}` });
    },
  },
});
