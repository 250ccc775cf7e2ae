import { base64Encoding } from "./encodings.js";
import type { HeadersLike } from "../lib/headers.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { ReadSignatures, Scheme } from "./scheme.js";
import { prefixedFormat, prefixedParse } from "./formats.js";
import { readSignatureHeaders } from "./signature-headers.js";
import { utf8Secret } from "./secrets.js";

/** Most HMAC keys a Connect configuration has, so most numbered headers read: DocuSign allows 100. */
const MAX_KEYS = 100;

let names: string[] | undefined;
// x-docusign-signature-1 … -100, made once, on the first delivery.
const numberedHeaders = (): string[] => (names ??= Array.from({ length: MAX_KEYS }, (_, index) => `x-docusign-signature-${index + 1}`));

const readDocuSignSignatures = (scheme: Scheme, headers: HeadersLike): ReadSignatures => readSignatureHeaders(scheme, headers, numberedHeaders());

/**
 * DocuSign Connect with HMAC security: one `X-DocuSign-Signature-<n>` header per active HMAC
 * key (`-1`, `-2`, … up to DocuSign's 100 keys), each the base64 HMAC-SHA256 of the raw body,
 * keyed with the UTF-8 bytes of a Connect secret key (eSignature Admin, Connect > Connect Keys,
 * "Add Secret Key"; shown in full only once). Give every key you hold (`secret: [key1, key2]`):
 * a match of any key with any numbered header is enough, so keys can be added and removed
 * without downtime. No timestamp is signed: pair it with a replay store if repeats matter.
 * `sign()` writes `x-docusign-signature-1` for one key.
 *
 * Follows DocuSign's "How to validate an HMAC signature"
 * (https://developers.docusign.com/platform/webhooks/connect/validate/) and "HMAC security"
 * (https://developers.docusign.com/platform/webhooks/connect/hmac/).
 *
 * @example
 * ```ts
 * await verify(docusign, { secret: [process.env.DOCUSIGN_HMAC_KEY_1!, process.env.DOCUSIGN_HMAC_KEY_2!], payload: rawBody, headers: req.headers });
 * ```
 */
export const docusign: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "docusign",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-docusign-signature-1",
  parse: /* @__PURE__ */ prefixedParse(""),
  format: /* @__PURE__ */ prefixedFormat(""),
  readSignatures: readDocuSignSignatures,
  content: ({ body }) => [body],
});
