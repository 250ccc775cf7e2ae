import { headerTimestamp } from "./header-timestamp.js";
import { base64Encoding } from "./encodings.js";
import { absoluteUrl } from "./message-forms.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { utf8Secret } from "./secrets.js";

// HubSpot's table of URL-encoded characters a receiver decodes in the URI before signing it.
const ENCODED = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** The request URI as HubSpot signs it: the characters of HubSpot's table decoded, nothing else. */
const signedUri = (url: string): string => url.replace(ENCODED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * HubSpot request signatures, version 3: `X-HubSpot-Signature-v3: <base64>`, an HMAC-SHA256 of
 * `POST` + the request URI + the raw body + the `X-HubSpot-Request-Timestamp` value (Unix
 * milliseconds), keyed with the UTF-8 bytes of the app's client secret (the app's Auth page in
 * HubSpot's developer account). The URI is signed, so `sign()` and `verify()` need the `url`
 * option: the full URL HubSpot called, scheme, host, path and query string in the order sent;
 * the URL-encoded characters in HubSpot's table (`%3A`, `%2F`, `%3F`, `%40`, `%21`, `%24`, `%27`,
 * `%28`, `%29`, `%2A`, `%2C`, `%3B`) are decoded first, as HubSpot requires. A timestamp more
 * than `tolerance` seconds (default 300, HubSpot's five minutes) from now is refused either
 * way. This scheme checks POST requests (webhooks, workflow actions); the older `v1`/`v2`
 * signatures are not used.
 *
 * Follows HubSpot's "Validating requests", section "Validate the v3 request signature",
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation.
 *
 * @example
 * ```ts
 * await verify(hubspot, { secret: process.env.HUBSPOT_CLIENT_SECRET!, payload: rawBody, headers: request.headers, url: request.url });
 * ```
 */
export const hubspot: Scheme<{ timestamp: true; id: false; url: true }> = /* @__PURE__ */ builtInScheme({
  name: "hubspot",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-hubspot-signature-v3",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  signsUrl: true,
  checkUrl: absoluteUrl,
  timestamp: /* @__PURE__ */ headerTimestamp({ header: "x-hubspot-request-timestamp", unit: "milliseconds", tolerance: 300 }),
  content: ({ url, body, timestamp }) => [`POST${signedUri(url)}`, body, timestamp],
});
