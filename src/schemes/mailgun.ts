import { WebhookVerificationError } from "../engine/errors.js";
import { jwtTokenSteps } from "../engine/token-steps.js";
import { hmac, type Steps } from "../engine/steps.js";
import { type Part, fatalDecoder } from "../lib/bytes.js";
import { fromHex } from "../lib/hex.js";
import { checkFreshness } from "../lib/time.js";
import { equalBytes } from "../lib/timing-safe-equal.js";
import { hexEncoding } from "./encodings.js";
import { builtInScheme } from "./resolve.js";
import type { ReadSignatures, Scheme, SchemeMatch, TokenRule } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/** Most `&`-separated fields of a form body parsed (a route forward carries a few dozen), as for Twilio. */
const MAX_FORM_FIELDS = 1000;
/** Mailgun's token is 50 characters; anything much longer is not Mailgun's. */
const MAX_TOKEN_LENGTH = 256;
const TIMESTAMP = /^[0-9]{1,12}$/;
const TOKEN = /^[\x21-\x7e]+$/;
const AMPERSAND = 0x26;

const malformed = (why: string) => new WebhookVerificationError("malformed_header", `The body carries no well-formed Mailgun signature: ${why}.`);

/** The text of a body, or `malformed_header` for bytes that are not UTF-8. */
function bodyText(body: Part): string {
  if (typeof body === "string") return body;
  try {
    return fatalDecoder.decode(body);
  } catch {
    throw malformed("it is not UTF-8 text");
  }
}

/** `timestamp`, `token`, `signature` (and `parent-signature`) of a JSON webhook body: its `signature` object. */
function jsonFields(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed("it is neither JSON nor a form");
  }
  const signature = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>).signature : undefined;
  if (signature === null || typeof signature !== "object" || Array.isArray(signature)) throw malformed('the JSON body has no "signature" object');
  return signature as Record<string, unknown>;
}

/** The same fields, top-level parameters of a form body (routes and legacy webhooks), each at most once. */
function formFields(body: Part, text: string): Record<string, unknown> {
  let fields = 1;
  if (typeof body === "string") {
    for (let at = text.indexOf("&"); at >= 0; at = text.indexOf("&", at + 1)) if (++fields > MAX_FORM_FIELDS) break;
  } else {
    for (let at = body.indexOf(AMPERSAND); at >= 0; at = body.indexOf(AMPERSAND, at + 1)) if (++fields > MAX_FORM_FIELDS) break;
  }
  if (fields > MAX_FORM_FIELDS) throw malformed(`the form has more than ${MAX_FORM_FIELDS} fields`);
  const form = new URLSearchParams(text);
  const found: Record<string, unknown> = {};
  for (const name of ["timestamp", "token", "signature", "parent-signature"]) {
    const values = form.getAll(name);
    if (values.length > 1) throw malformed(`the form has more than one "${name}"`);
    if (values.length === 1) found[name] = values[0];
  }
  return found;
}

/**
 * The signature fields of a Mailgun body, as one text per signature: `"<timestamp> <token>
 * <hex>"` (the signature, then the parent account's for a subaccount). A multipart body is
 * refused with a message saying how to verify it.
 */
function readMailgunSignatures(_scheme: Scheme, _headers: unknown, body: Part): ReadSignatures {
  const text = bodyText(body);
  const start = text.trimStart();
  if (start.startsWith("--")) {
    throw malformed('a multipart/form-data body is not parsed here: read "timestamp", "token" and "signature" with your form parser and verify new URLSearchParams({ timestamp, token, signature }).toString() instead');
  }
  const fields = start.startsWith("{") ? jsonFields(text) : formFields(body, text);
  let { timestamp } = fields;
  const { token, signature } = fields;
  if (typeof timestamp === "number" && Number.isSafeInteger(timestamp) && timestamp >= 0) timestamp = String(timestamp);
  if (typeof timestamp !== "string" || !TIMESTAMP.test(timestamp)) throw malformed('"timestamp" is not a whole number of Unix seconds');
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH || !TOKEN.test(token)) throw malformed('"token" is missing or not a token');
  const signatures = [signature, fields["parent-signature"]].filter((value): value is string => typeof value === "string");
  if (signatures.length === 0) throw new WebhookVerificationError("missing_header", 'The body carries no Mailgun "signature": it was not signed by Mailgun.');
  return { signatures: signatures.map((hex) => `${timestamp} ${token} ${hex}`), asymmetricSignatures: [] };
}

/** The rule that checks what {@link readMailgunSignatures} found: HMAC-SHA256 of timestamp + token, the timestamp's freshness. */
const mailgunRule: TokenRule = {
  *verify({ tokens, keys, now, tolerance }): Steps<SchemeMatch> {
    const [timestamp, token] = tokens[0]!.split(" ") as [string, string];
    const expected = tokens.map((text) => fromHex(text.slice(text.lastIndexOf(" ") + 1))).filter((bytes) => bytes?.length === 32) as Uint8Array[];
    if (expected.length === 0) throw malformed('"signature" is not 64 hex digits');
    const seconds = Number(timestamp);
    checkFreshness(seconds, now, tolerance);
    for (let index = 0; index < keys.length; index++) {
      const mac = yield* hmac("SHA-256", keys[index]!, [timestamp, token]);
      let matched = false;
      for (const candidate of expected) matched = equalBytes(mac, candidate) || matched;
      // The token names this delivery: the replay key, so a second use of it is refused.
      if (matched) return { secretIndex: index, timestamp: seconds, id: token, proof: mac, validUntil: seconds + tolerance };
    }
    throw new WebhookVerificationError(
      "no_matching_signature",
      `The Mailgun signature in the body does not match its timestamp and token under the configured secret${keys.length > 1 ? "s" : ""}. Check the webhook signing key.`,
    );
  },
  // eslint-disable-next-line require-yield -- signing is refused before any step
  *sign(): Steps<string> {
    throw new TypeError("mailgun: Mailgun puts its signature inside the body, which sign() cannot write: build a test body with a signature object (see docs/providers/mailgun.md)");
  },
};

/**
 * Mailgun webhooks: the signature travels in the BODY, not in a header: a JSON webhook's
 * `signature` object (`timestamp`, `token`, `signature`, and `parent-signature` for a subaccount's
 * domain), or the top-level fields of a form-encoded body (routes, legacy webhooks). `signature`
 * is the hex HMAC-SHA256 of `timestamp + token`, keyed with the UTF-8 bytes of the HTTP webhook
 * signing key (Mailgun dashboard, Sending > Webhooks; not the API key). **The rest of the body is
 * not signed**: a verified delivery proves Mailgun made this timestamp and token, not that the
 * event data is Mailgun's. Use a replay store: the token is `Verified.id` and the replay key, so a
 * captured signature cannot be reused with other event data. A timestamp more than `tolerance`
 * seconds (default 300) from now is refused either way. The body is parsed before the signature
 * is checked, with bounds (a form of at most 1,000 fields; a token of at most 256 characters); a
 * multipart body is refused (`malformed_header`). `sign()` throws a `TypeError`: it cannot put a
 * signature into the body. `signatureHeader` names no header Mailgun sends.
 *
 * Follows Mailgun's "Securing Webhooks",
 * https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks.
 *
 * @example
 * ```ts
 * const replay = memoryReplayStore(); // Redis for several processes: the token may be used once
 * const { id } = await verify(mailgun, { secret: process.env.MAILGUN_WEBHOOK_SIGNING_KEY!, payload: rawBody, headers: {}, replay });
 * ```
 */
export const mailgun = /* @__PURE__ */ builtInScheme({
  name: "mailgun",
  hash: "SHA-256",
  encoding: "hex",
  codec: hexEncoding,
  tokenSteps: jwtTokenSteps,
  secret: utf8Secret,
  signatureHeader: "x-mailgun-body-signature",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  readSignatures: readMailgunSignatures,
  multipleSignatures: false,
  content: ({ body }) => [body],
  token: mailgunRule,
}) as Scheme as Scheme<{ timestamp: true; id: true; url: false }>;
