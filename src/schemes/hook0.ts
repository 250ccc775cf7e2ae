import { WebhookVerificationError } from "../engine/errors.js";
import { singleHeader } from "../engine/read-headers.js";
import type { HeadersLike } from "../lib/headers.js";
import { hexEncoding } from "./encodings.js";
import { readHeaderTimestamp } from "./header-timestamp.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { ParsedSignatureHeader, ReadSignatures, Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/** Most header names one `h=` list may cover: Hook0 names a handful; more is no delivery of theirs. */
const MAX_COVERED_HEADERS = 20;
/** Unix seconds as sent: digits only. */
const DIGITS = /^[0-9]+$/;
/** A lower-case HTTP header name (RFC 9110 token, at most 64 characters), as Hook0 writes them. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]{1,64}$/;

interface Hook0Fields {
  readonly t?: string;
  readonly h?: string;
  readonly v0?: string;
  readonly v1?: string;
}

// `t=<unix>,h=<names>,v0=<hex>,v1=<hex>`: the first "=" of a field splits key from value; other keys are ignored.
function fieldsOf(value: string): Hook0Fields {
  const fields: Record<string, string> = {};
  for (const item of value.split(",")) {
    const equals = item.indexOf("=");
    if (equals < 0) continue;
    const key = item.slice(0, equals).trim();
    if (key === "t" || key === "h" || key === "v0" || key === "v1") fields[key] = item.slice(equals + 1).trim();
  }
  return fields;
}

/** The one signature that decides: v1 when present (v0 beside it is never looked at: a downgrade), else v0. */
function parseHook0Signature(value: string): ParsedSignatureHeader {
  const { t, v0, v1 } = fieldsOf(value);
  const decisive = v1 ?? v0;
  return { signatures: decisive === undefined ? [] : [decisive], timestamp: t };
}

/**
 * Reads the signature header and, for a v1 signature, the headers its `h=` list covers. What
 * `content` signs before the body travels as the timestamp text (the engine hands headers to no
 * other rule): `"<t>"` for v0, `"<t>.<names>.<values>"` for v1; {@link readHook0Timestamp}
 * checks the `<t>` in it.
 */
function readHook0Signatures(scheme: Scheme, headers: HeadersLike): ReadSignatures {
  const value = singleHeader(headers, scheme.signatureHeader);
  if (value === "") throw new WebhookVerificationError("missing_header", `The "${scheme.signatureHeader}" header is empty.`);
  const { t, h, v0, v1 } = fieldsOf(value);
  // Plain digits, so the "<t>" is the text before the first "." of what is returned (the engine's reader bounds its length).
  if (t === undefined || !DIGITS.test(t)) {
    throw new WebhookVerificationError("malformed_header", `The "${scheme.signatureHeader}" header has no t= timestamp of Unix seconds.`);
  }
  if (v1 === undefined) return { signatures: v0 === undefined ? [] : [v0], asymmetricSignatures: [], timestamp: t };
  const names = h === undefined || h === "" ? [] : h.split(" ");
  if (names.length > MAX_COVERED_HEADERS || !names.every((name) => HEADER_NAME.test(name))) {
    throw new WebhookVerificationError(
      "malformed_header",
      `The h= list of the "${scheme.signatureHeader}" header must name at most ${MAX_COVERED_HEADERS} lower-case header names separated by single spaces.`,
    );
  }
  // A covered header the request lacks is refused before any HMAC: signing over an absent value would let it be dropped.
  const values = names.map((name) => singleHeader(headers, name));
  return { signatures: [v1], asymmetricSignatures: [], timestamp: `${t}.${names.join(" ")}.${values.join(".")}` };
}

/** The `<t>` at the start of what {@link readHook0Signatures} found, checked as a Unix-seconds timestamp; the whole text is what is signed. */
function readHook0Timestamp(scheme: Scheme, headers: HeadersLike, embedded: string | undefined, now: number, tolerance: number): [string, number] {
  const dot = embedded === undefined ? -1 : embedded.indexOf(".");
  const [, seconds] = readHeaderTimestamp(scheme, headers, dot < 0 ? embedded : embedded!.slice(0, dot), now, tolerance);
  return [embedded!, seconds];
}

/**
 * Hook0 webhooks: `X-Hook0-Signature: t=<unix seconds>,h=<header names>,v1=<hex>`, the
 * HMAC-SHA256, keyed with the UTF-8 bytes of the subscription's secret, of `<t>.`, the names
 * of `h=` joined by spaces, `.`, those headers' values in that order joined by `.`, `.`, and
 * the raw body. The older form `t=<unix>,v0=<hex>` signs `<t>.<body>`. When v1 is present it
 * alone decides: a right v0 beside a wrong v1 is refused (accepting it would be a downgrade).
 * `h=` may name at most 20 lower-case header names; one the request does not carry is
 * `missing_header`, before any HMAC. The default `tolerance` is 300 seconds, either way.
 * `sign()` writes v1 covering no header (`t=<unix>,v1=<hex>`, signing `<t>...<body>`): it
 * sees no request headers whose values it could sign.
 *
 * Follows Hook0's "Verifying Signatures" and "Implementing Webhook Authentication",
 * https://documentation.hook0.com/docs/verifying-webhook-signatures, and its conformance
 * vectors (clients/conformance/signature.json in github.com/hook0/hook0).
 *
 * @example
 * ```ts
 * await verify(hook0, { secret: process.env.HOOK0_SUBSCRIPTION_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const hook0: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "hook0",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret,
  signatureHeader: "x-hook0-signature",
  parse: parseHook0Signature,
  // sign() passes the timestamp text its `write` made, "<t>..": the header carries the `<t>`.
  format: ({ signatures, timestamp }) => [`t=${timestamp!.split(".")[0]}`, ...signatures.map((mac) => `v1=${mac}`)].join(","),
  multipleSignatures: false,
  readSignatures: readHook0Signatures,
  timestamp: { tolerance: 300, readHeader: readHook0Timestamp, write: (seconds: number) => `${seconds}..` },
  content: ({ timestamp, body }) => [`${timestamp}.`, body],
});
