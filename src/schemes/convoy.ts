import { MAX_TOLERANCE } from "../lib/time.js";
import { base64Encoding, hexEncoding } from "./encodings.js";
import { headerTimestamp } from "./header-timestamp.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { ParsedSignatureHeader, Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/**
 * Options of {@link convoy}: how the Convoy endpoint is set to sign. The defaults are Convoy's:
 * advanced signatures, SHA-256, hex, `X-Convoy-Signature`, and a 300-second window.
 *
 * @example
 * ```ts
 * const options: ConvoyOptions = { mode: "simple", hash: "SHA-512", encoding: "base64" };
 * const legacyEndpoint = convoy(options);
 * ```
 */
export interface ConvoyOptions {
  /** `"advanced"` (the default): `t=<unix seconds>,v1=<signature>…` over `"<t>,<body>"`; `"simple"`: the bare signature of the body. */
  readonly mode?: "advanced" | "simple";
  /** The project's signature hash: `"SHA-256"` (the default) or `"SHA-512"`. */
  readonly hash?: "SHA-256" | "SHA-512";
  /** The project's signature encoding: `"hex"` (the default) or `"base64"`. */
  readonly encoding?: "hex" | "base64";
  /** The header the project signs into, any case; default `"x-convoy-signature"`. */
  readonly header?: string;
  /** Default tolerance in seconds for the advanced mode's timestamp, either way; default 300. */
  readonly tolerance?: number;
}

const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

// `t=<ts>,v1=<sig>[,v1=<sig>…][,v2=<sig>…]`, in any order. Every `v<n>` is a signature under one
// of the project's signature versions: the engine keeps those it can decode at this scheme's
// length, and any one matching is enough. Only the spaces of a ", " that joined two header lines
// are skipped before a key; different t= values are ambiguous, so none is reported.
function parseAdvanced(value: string): ParsedSignatureHeader {
  const signatures: string[] = [];
  let timestamp: string | undefined;
  let conflicting = false;
  for (const item of value.split(",")) {
    const field = item.replace(/^[ \t]+/, "");
    const equals = field.indexOf("=");
    if (equals < 0) continue;
    const key = field.slice(0, equals);
    const text = field.slice(equals + 1);
    if (/^v[1-9][0-9]?$/.test(key)) signatures.push(text);
    else if (key === "t") {
      if (timestamp !== undefined && timestamp !== text) conflicting = true;
      timestamp = text;
    }
  }
  return timestamp === undefined || conflicting ? { signatures } : { signatures, timestamp };
}

/**
 * Convoy webhooks, as the endpoint's project is set to sign them. Advanced (Convoy's default):
 * `X-Convoy-Signature: t=<unix seconds>,v1=<signature>[,v1=…]`, an HMAC of `"<t>,<body>"` (a comma,
 * not a dot), with a `tolerance` window (default 300 s) either way; one `v1` per secret while a
 * secret is rolled. Simple: the header is the bare HMAC of the body, with no timestamp. The HMAC is
 * SHA-256 (or SHA-512), written in hex (or base64), keyed with the UTF-8 bytes of the endpoint's
 * secret. A `TypeError`/`RangeError` names a wrong option.
 *
 * Follows Convoy's "Signatures" (https://getconvoy.io/docs/product-manual/signatures) and Convoy's
 * own signing code and published vectors (frain-dev/convoy, pkg/signature).
 *
 * @example
 * ```ts
 * const convoyEndpoint = convoy(); // advanced, SHA-256, hex, X-Convoy-Signature
 * await verify(convoyEndpoint, { secret: process.env.CONVOY_ENDPOINT_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export function convoy(options: ConvoyOptions = {}): Scheme<{ timestamp: boolean; id: false; url: false }> {
  if (options === null || typeof options !== "object") throw new TypeError("convoy(options): options must be an object such as { mode: \"simple\" }");
  const { mode = "advanced", hash = "SHA-256", encoding = "hex", header = "x-convoy-signature", tolerance = 300 } = options;
  if (mode !== "advanced" && mode !== "simple") throw new TypeError('convoy(options): mode must be "advanced" or "simple"');
  if (hash !== "SHA-256" && hash !== "SHA-512") throw new TypeError('convoy(options): hash must be "SHA-256" or "SHA-512"');
  if (encoding !== "hex" && encoding !== "base64") throw new TypeError('convoy(options): encoding must be "hex" or "base64"');
  if (typeof header !== "string" || !HEADER.test(header)) throw new TypeError("convoy(options): header must be a header name");
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_TOLERANCE) {
    throw new RangeError(`convoy(options): tolerance must be a number of seconds from 0 to ${MAX_TOLERANCE}`);
  }
  const common = {
    name: "convoy",
    hash,
    encoding,
    codec: encoding === "hex" ? hexEncoding : base64Encoding,
    textContent: placedText,
    secret: utf8Secret,
    signatureHeader: header.toLowerCase(),
  } as const;
  if (mode === "simple") {
    return builtInScheme({
      ...common,
      parse: (value: string) => ({ signatures: [value] }),
      format: ({ signatures }) => signatures[0]!,
      content: ({ body }) => [body],
    });
  }
  return builtInScheme({
    ...common,
    parse: parseAdvanced,
    format: ({ signatures, timestamp }) => [`t=${timestamp}`, ...signatures.map((mac) => `v1=${mac}`)].join(","),
    multipleSignatures: true,
    timestamp: headerTimestamp({ tolerance }),
    content: ({ timestamp, body }) => [`${timestamp},`, body],
  });
}
