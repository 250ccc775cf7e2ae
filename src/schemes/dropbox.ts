import { hexEncoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";
import { queryValue, textAnswer } from "../handshake/answers.js";

/**
 * Dropbox webhooks: `X-Dropbox-Signature: <hex HMAC-SHA256 of the body>`, keyed with the UTF-8
 * bytes of the App Secret. No timestamp. The GET verification request (`?challenge=…`) is
 * answered by the request helpers: the challenge echoed as `text/plain` with
 * `X-Content-Type-Options: nosniff`, as Dropbox asks (no reflected markup), and only when it is
 * shaped as a random token (at most 256 of A-Z a-z 0-9 + / = _ . ~ -; anything else is refused).
 *
 * Follows Dropbox's "Webhooks" reference, sections "The verification request" and "Receiving
 * notifications", https://www.dropbox.com/developers/reference/webhooks.
 *
 * @example
 * ```ts
 * await verify(dropbox, { secret: process.env.DROPBOX_APP_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const dropbox: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "dropbox",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  minSecretBytes: 1,
  signatureHeader: "x-dropbox-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  multipleSignatures: false,
  content: ({ body }) => [body],
  handshake: {
    unsigned: ({ method, query }) => {
      if (method !== "GET" || !query.has("challenge")) return undefined;
      return textAnswer(queryValue(query, "challenge", "Dropbox's verification request")!);
    },
  },
});
