import { WebhookVerificationError } from "../engine/errors.js";
import { utf8, decoder } from "../lib/bytes.js";
import { toHex } from "../lib/hex.js";
import { base64Encoding } from "./encodings.js";
import { absoluteUrl, preparedForms } from "./message-forms.js";
import { builtInScheme } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

const BODY_HASH_PARAMETER = "bodySHA256";

/**
 * Most parameters accepted in a form body. Twilio's largest requests carry a few dozen (an MMS
 * with ten media items: about 50; a call with Add-on results: fewer), so 1,000 leaves twenty
 * times that for parameters a product adds later, while a hostile body of 100,000 tiny
 * parameters is refused before it is parsed, sorted and hashed.
 */
const MAX_FORM_PARAMETERS = 1000;
const AMPERSAND = 0x26;

/** Whether the form has more than `max` `&`-separated fields, found without decoding or parsing it. */
function moreFieldsThan(body: Uint8Array, max: number): boolean {
  let fields = 1;
  for (let at = body.indexOf(AMPERSAND); at >= 0; at = body.indexOf(AMPERSAND, at + 1)) if (++fields > max) return true;
  return false;
}

/**
 * The POST parameters as Twilio signs them, as one byte string: sorted by name (case-sensitive,
 * code unit order), each distinct value of a name in sorted order, written as name then value
 * with nothing between. The body is `application/x-www-form-urlencoded` (`+` is a space).
 */
function formBytes(body: Uint8Array): Uint8Array {
  if (moreFieldsThan(body, MAX_FORM_PARAMETERS)) {
    throw new WebhookVerificationError("malformed_header", `The form body has more than ${MAX_FORM_PARAMETERS} parameters, more than Twilio sends.`);
  }
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(decoder.decode(body))) {
    const values = byName.get(name) ?? new Set<string>();
    values.add(value);
    byName.set(name, values);
  }
  let signed = "";
  for (const name of [...byName.keys()].sort()) for (const value of [...byName.get(name)!].sort()) signed += name + value;
  return utf8(signed);
}

const signsBodyHash = (url: string): boolean => new URL(url).searchParams.has(BODY_HASH_PARAMETER);

/**
 * The URL without its port, and with the scheme's default port added when it has none:
 * Twilio signs one or the other depending on the product (SMS keeps the port, voice over
 * HTTPS drops it), so a receiver accepts either.
 */
function portForms(url: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([\s\S]*)$/i.exec(url);
  if (match === null) return [];
  const [, origin, authority, rest] = match as unknown as [string, string, string, string];
  const userInfo = authority.slice(0, authority.lastIndexOf("@") + 1);
  const hostAndPort = authority.slice(userInfo.length);
  const colon = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1); // past an IPv6 literal
  const host = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
  const withoutPort = origin + userInfo + host + rest;
  const withPort = colon >= 0 ? url : origin + userInfo + host + (origin.toLowerCase() === "https://" ? ":443" : ":80") + rest;
  return [...new Set([withoutPort, withPort])].filter((form) => form !== url);
}

/**
 * Twilio webhooks: `X-Twilio-Signature: <base64 HMAC-SHA1>`, keyed with the UTF-8 bytes of
 * the account's (primary) Auth Token, over the full request URL (scheme, host, path and query
 * string, exactly as Twilio requested it) followed by the POST parameters of the
 * form-encoded body sorted by name, each name and value appended with no delimiters. For a
 * JSON body, Twilio adds a `bodySHA256=<hex SHA-256 of the body>` query parameter to the URL
 * and signs only the URL: `verify()` then checks that parameter against the body (a mismatch
 * is `no_matching_signature`), and `sign()` refuses a `url` whose `bodySHA256` does not match
 * the payload. A form body of more than 1,000 parameters (Twilio sends a few dozen) is refused
 * as `malformed_header` before it is parsed. The URL is signed, so `sign()` and `verify()` need
 * the `url` option; `verify()` accepts the URL with or without its port, as Twilio signs
 * either. Verify the raw body (not parameters your framework parsed and may have trimmed). No
 * timestamp: pair it with a replay store if repeats matter. Webhooks signed with an HMAC-SHA256 SharedKey (Webhook Rules,
 * `X-Twilio-Webhooks-Signature-Settings`) are not covered by this scheme.
 *
 * Follows Twilio's "Webhooks security" (https://www.twilio.com/docs/usage/webhooks/webhooks-security)
 * and the validation helpers of the `twilio` package (`validateRequest`, `validateRequestWithBody`).
 *
 * @example
 * ```ts
 * const url = `https://${req.headers.host}${req.url}`; // the URL as Twilio called it (mind proxies)
 * await verify(twilio, { secret: process.env.TWILIO_AUTH_TOKEN!, payload: rawBody, headers: req.headers, url });
 * ```
 */
export const twilio: Scheme<{ timestamp: false; id: false; url: true }> = /* @__PURE__ */ builtInScheme({
  name: "twilio",
  hash: "SHA-1",
  encoding: "base64",
  codec: base64Encoding,
  secret: utf8Secret,
  signatureHeader: "x-twilio-signature",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  signsUrl: true,
  checkUrl: absoluteUrl,
  forms: preparedForms,
  bodyDigest: "SHA-256",
  // The form is parsed once per message, not once per URL form tried (variants share it).
  prepare: ({ url, body }) => (signsBodyHash(url) ? undefined : formBytes(body)),
  content: ({ url, body, bodyDigest, prepared }) => {
    const query = new URL(url).searchParams;
    if (!query.has(BODY_HASH_PARAMETER)) return [url, (prepared as Uint8Array | undefined) ?? formBytes(body)];
    // A JSON (not form-encoded) body: bound to the signed URL by its hash.
    return query.get(BODY_HASH_PARAMETER) === toHex(bodyDigest) ? [url] : undefined;
  },
  variants: (message) => portForms(message.url).map((url) => ({ ...message, url })),
});
