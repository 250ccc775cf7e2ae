// defineScheme(): the one way to describe a provider, public and used by every built-in scheme.
// The types turn the usual mistakes into compile errors; the checks below catch the rest (and
// everything a JavaScript caller gets wrong) with a TypeError when the scheme is defined, not
// when the first delivery arrives.
import { HASH_BYTES, type HashAlgorithm } from "../crypto/types.js";
import { toBase64 } from "../lib/base64.js";
import { concatBytes, utf8, decoder } from "../lib/bytes.js";
import { toHex } from "../lib/hex.js";
import { preparedMessage } from "../engine/prepare.js";
import { MAX_TOLERANCE } from "../lib/time.js";
import { bodyTimestamp, checkBodyTimestamp, needsReader } from "./body-timestamp.js";
import { base64Encoding, hexEncoding, type SignatureEncoding } from "./encodings.js";
import { headerTimestamp, readHeaderTimestamp } from "./header-timestamp.js";
import { readRfc3339Timestamp, rfc3339Timestamp } from "./rfc3339-timestamp.js";
import { absoluteUrl, preparedForms } from "./message-forms.js";
import { readIdHeader } from "./id-header.js";
import { jwtTokenSteps, publicKeySteps, staticTokenSteps } from "../engine/token-steps.js";
import { textContent } from "../engine/text-body.js";
import { ed25519Keys } from "./ed25519-keys.js";
import type {
  AsymmetricRule,
  HandshakeRule,
  ParsedSignatureHeader,
  PublicKeyRule,
  Scheme,
  SchemeDefinition,
  SchemeTraits,
  SecretRule,
  SignatureFields,
  SignedMessage,
  TimestampRule,
  TokenRule,
} from "./scheme.js";
import { resolveScheme } from "./resolve.js";
import { signsNothing } from "./signs-nothing.js";

/**
 * A header name as the engine looks it up: a literal with a capital letter is a compile error.
 *
 * @example
 * ```ts
 * // defineScheme() types signatureHeader as LowerCaseHeader<S>, so "Acme-Signature" there does not compile:
 * type Header = LowerCaseHeader<"Acme-Signature">; // "acme-signature", which "Acme-Signature" is not
 * const header: Header = "acme-signature";
 * ```
 */
export type LowerCaseHeader<H> = string extends H ? H : H extends Lowercase<H & string> ? H : Lowercase<H & string>;
/**
 * `T`, refusing keys that `Allowed` does not have (a misspelt `tolerence` is a compile error).
 *
 * @example
 * ```ts
 * // defineScheme() types timestamp as Exactly<T, TimestampRule>: a misspelt key is a compile error.
 * const rule: Exactly<{ header: string; tolerance: number }, TimestampRule> = { header: "acme-timestamp", tolerance: 300 };
 * // With `tolerence: 300` instead, `tolerence` would have to be `never`, and the literal does not compile.
 * ```
 */
export type Exactly<T, Allowed> = T & { readonly [K in Exclude<keyof T, keyof Allowed>]: never };

/**
 * The message a scheme's `content` receives, typed by what its definition declares: `timestamp`
 * when it has a timestamp rule (other than {@link TimestampRule.bodyField}), `id` with an
 * `idHeader`, `url` with `signsUrl: true`, `bodyDigest` with a `bodyDigest` hash.
 *
 * @example
 * ```ts
 * // content() of a scheme with a timestamp header and an id header, written on its own.
 * type AcmeMessage = SchemeMessage<{ header: "acme-timestamp" }, "acme-id">;
 * const content = ({ id, timestamp, body }: AcmeMessage) => [`${id}.${timestamp}.`, body];
 * ```
 */
export type SchemeMessage<
  T extends TimestampRule | undefined = undefined,
  I extends string | undefined = undefined,
  U extends boolean | undefined = undefined,
  D extends HashAlgorithm | undefined = undefined,
> = { readonly body: Uint8Array; readonly prepared?: unknown } & (T extends { readonly bodyField: string }
  ? unknown
  : [T] extends [undefined]
    ? unknown
    : { readonly timestamp: string }) &
  ([I] extends [undefined] ? unknown : { readonly id: string }) &
  (U extends true ? { readonly url: string } : unknown) &
  ([D] extends [undefined] ? unknown : { readonly bodyDigest: Uint8Array });

/**
 * What `format` receives: with a timestamp carried in the signature header (Stripe's `t=`), `timestamp` is set.
 *
 * @example
 * ```ts
 * // format() of a Stripe-like scheme: no timestamp header, so the timestamp travels in the signature header.
 * const format = ({ timestamp, signatures }: SchemeSignatureFields<{ tolerance: 300 }>) =>
 *   [`t=${timestamp}`, ...signatures.map((signature) => `v1=${signature}`)].join(",");
 * ```
 */
export type SchemeSignatureFields<T extends TimestampRule | undefined = undefined> = SignatureFields &
  ([T] extends [undefined]
    ? unknown
    : T extends { readonly header: string } | { readonly bodyField: string }
      ? unknown
      : { readonly timestamp: string });

/**
 * The signed content: parts in order, strings as UTF-8; `undefined` when the message contradicts itself.
 *
 * @example
 * ```ts
 * // content() of a scheme that signs the URL, refusing a plain-http one that no signature covers.
 * const content = ({ url, body }: SchemeMessage<undefined, undefined, true>): SchemeContent =>
 *   url.startsWith("https://") ? [url, body] : undefined;
 * ```
 */
export type SchemeContent = readonly (string | Uint8Array)[] | undefined;

/**
 * A provider that signs its deliveries with an HMAC: the input of {@link defineScheme}.
 * Optional fields default to: `secret` UTF-8 bytes of the string, `minSecretBytes` 1,
 * `multipleSignatures` false, no timestamp, no id, no URL.
 *
 * @example
 * ```ts
 * const definition: HmacSchemeDefinition<"acme-signature"> = {
 *   name: "acme",
 *   hash: "SHA-256",
 *   encoding: "base64",
 *   signatureHeader: "acme-signature",
 *   parse: (value) => ({ signatures: value.split(" ") }),
 *   format: ({ signatures }) => signatures.join(" "),
 *   multipleSignatures: true,
 *   content: ({ body }) => [body],
 * };
 * const acme = defineScheme(definition);
 * ```
 */
export interface HmacSchemeDefinition<
  S extends string = string,
  T extends TimestampRule | undefined = undefined,
  I extends string | undefined = undefined,
  U extends boolean | undefined = undefined,
  D extends HashAlgorithm | undefined = undefined,
  K extends TokenRule | undefined = TokenRule | undefined,
> {
  /** Reported as `Verified.scheme`, and the prefix of replay keys. */
  readonly name: string;
  readonly algorithm?: "hmac";
  /** Hash under the HMAC. */
  readonly hash: HashAlgorithm;
  /** How MACs are written in the header. */
  readonly encoding: "hex" | "base64";
  /** How a string secret becomes key bytes (see `utf8Secret`, `prefixedBase64Secret`); default UTF-8. */
  readonly secret?: SecretRule;
  /** Fewest key bytes accepted, after decoding; default 1. */
  readonly minSecretBytes?: number;
  /** Most key bytes accepted, after decoding, where the sender's specification bounds them; default unbounded. */
  readonly maxSecretBytes?: number;
  /** The code behind `encoding`: `defineScheme()` derives it from `encoding` (built-ins name it). */
  readonly codec?: SignatureEncoding;
  /** How a string body reaches `content` (see {@link SchemeDefinition.textContent}); `defineScheme()` supplies its own. */
  readonly textContent?: SchemeDefinition["textContent"];
  /** Supplied by `defineScheme()` for a scheme with a token rule. */
  readonly tokenSteps?: SchemeDefinition["tokenSteps"];
  /** Supplied by `defineScheme()` for a scheme with an id header. */
  readonly readId?: SchemeDefinition["readId"];
  /** Supplied by `defineScheme()` for a scheme that signs the URL. */
  readonly checkUrl?: SchemeDefinition["checkUrl"];
  /** Supplied by `defineScheme()` for a scheme with `prepare` or `variants`. */
  readonly forms?: SchemeDefinition["forms"];
  /** Lower-case name of the header carrying the signature(s). */
  readonly signatureHeader: LowerCaseHeader<S>;
  /** Reads one value of the signature header: the encoded signatures found (and an embedded timestamp). Must not throw. */
  readonly parse: (value: string) => ParsedSignatureHeader;
  /** Writes the signature header value; `format` then `parse` must give the signatures back. */
  readonly format: (fields: SchemeSignatureFields<T>) => string;
  /** Whether one header carries several signatures (a sender rotating secrets signs with each); default false. */
  readonly multipleSignatures?: boolean;
  /** For a sender whose signatures are not all in `signatureHeader` (several headers, or the body): how verify() reads them (see `signatureHeaders`). */
  readonly readSignatures?: SchemeDefinition["readSignatures"];
  /** For timestamped schemes: where the timestamp is, its unit and the default tolerance. */
  readonly timestamp?: Exactly<T, TimestampRule>;
  /** Lower-case name of a header carrying a message id that `content` signs. */
  readonly idHeader?: LowerCaseHeader<I>;
  /** `true` when `content` signs the request URL: `sign` and `verify` then require the `url` option. */
  readonly signsUrl?: U;
  /** A hash of the raw body that `content` receives as `bodyDigest`. */
  readonly bodyDigest?: D;
  /** Ed25519 key text prefixes, for schemes that also sign asymmetrically (Standard Webhooks `v1a`). */
  readonly asymmetric?: { readonly secretKeyPrefix: string; readonly publicKeyPrefix: string } | AsymmetricRule;
  /** For schemes whose header carries a signed token (JWT) checked by a token rule. */
  readonly token?: K;
  /**
   * Where the provider's event id is in signed content: sets `verified.eventId` once a
   * signature matched (see {@link SchemeDefinition.eventId}; `eventId: stripe.eventId` reuses
   * a built-in's rule, which reads the body's `id`).
   */
  readonly eventId?: SchemeDefinition["eventId"];
  /** For schemes whose sender signs with a private key: how keys are taken, checked and used (see {@link PublicKeyRule}). */
  readonly publicKey?: PublicKeyRule;
  /** The signed bytes, as parts in order (strings are UTF-8), built from what the definition declares. */
  readonly content: (message: SchemeMessage<T, I, U, D>) => SchemeContent;
  /** Other forms of a message the sender may have signed instead; `verify` accepts any of them. */
  readonly variants?: (message: SchemeMessage<T, I, U, D>) => readonly SchemeMessage<T, I, U, D>[];
  /**
   * Work every form of a message shares (parsing a form body), done once per message; `content`
   * and `variants` receive its result as `message.prepared`. Throws a `WebhookVerificationError`
   * (`malformed_header`) for a message no sender could have sent.
   */
  readonly prepare?: (message: SchemeMessage<T, I, U, D>) => unknown;
  /** How the provider checks an endpoint (a GET challenge, a signed verification event): see {@link HandshakeRule}. */
  readonly handshake?: HandshakeRule;
}

/**
 * A sender that puts a shared token itself in a header (see `staticToken`): the input of
 * {@link defineScheme} with `algorithm: "token"`. `parse` returns the token text(s) found,
 * `format` writes one. Such a scheme proves who sent a request but does NOT protect its body.
 *
 * @example
 * ```ts
 * // Acme can only send a shared token in "x-acme-token": this proves the sender, not the body.
 * const definition: TokenSchemeDefinition<"x-acme-token"> = {
 *   name: "acmeToken",
 *   algorithm: "token",
 *   minSecretBytes: 32,
 *   signatureHeader: "x-acme-token",
 *   parse: (value) => ({ signatures: [value] }),
 *   format: ({ signatures }) => signatures[0]!,
 * };
 * const acmeToken = defineScheme(definition);
 * ```
 */
export interface TokenSchemeDefinition<S extends string = string> {
  readonly name: string;
  readonly algorithm: "token";
  /** How a string secret becomes the token bytes; default UTF-8. */
  readonly secret?: SecretRule;
  /** Fewest token bytes accepted; default 1. */
  readonly minSecretBytes?: number;
  /** Most token bytes accepted; default unbounded. */
  readonly maxSecretBytes?: number;
  /** Lower-case name of the header carrying the token. */
  readonly signatureHeader: LowerCaseHeader<S>;
  /** The token text(s) in one value of the header. Must not throw. */
  readonly parse: (value: string) => ParsedSignatureHeader;
  /** The header value carrying the token `signatures[0]`. */
  readonly format: (fields: SignatureFields) => string;
  readonly multipleSignatures?: boolean;
  /** Supplied by `defineScheme()`. */
  readonly tokenSteps?: SchemeDefinition["tokenSteps"];
  /** How the provider checks an endpoint (Okta's verification challenge): see {@link HandshakeRule}. */
  readonly handshake?: HandshakeRule;
}

/**
 * A trait of a defined scheme: `true` when the definition declares the field, `false` when it
 * does not (and no token rule, which may report it, is given), `boolean` when that is not known.
 */
type Declared<Field, Token> = [Field] extends [undefined]
  ? [Token] extends [undefined]
    ? false
    : boolean
  : undefined extends Field
    ? boolean
    : true;

// ---------------------------------------------------------------------------------------------
// Runtime checks, table-driven to stay small: the built-in schemes run them at import.

const LOWER_HEADER = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const MAX_NAME_LENGTH = 100;

type Check = (value: unknown) => boolean;
/** A field: its check, what it must be (for the message), and whether it is required. */
type Field = readonly [check: Check, expected: string, required?: boolean];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isFunction: Check = (value) => typeof value === "function";

// The field tables, built in one pure function: a bundle without defineScheme() drops them whole.
const RULES = /* @__PURE__ */ (() => {
  const HASHES = Object.keys(HASH_BYTES);

  const isBoolean: Check = (value) => typeof value === "boolean";
  const isHeader: Check = (value) => typeof value === "string" && LOWER_HEADER.test(value);
  const oneOf = (...values: unknown[]): Check => (value) => values.includes(value);
  const HEADER = "a lower-case header name (letters, digits and !#$%&'*+.^_`|~-)";
  const FUNCTION = "a function";

  const COMMON: Record<string, Field> = {
    name: [() => true, ""], // checked first
    algorithm: [oneOf("hmac", "token"), '"hmac" or "token"'],
    secret: [(v) => isObject(v) && typeof v.describe === "string" && isFunction(v.decode), "a secret rule { describe, decode }, such as utf8Secret"],
    minSecretBytes: [(v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1024, "an integer from 1 to 1024"],
    maxSecretBytes: [(v) => Number.isInteger(v) && (v as number) >= 1, "a positive integer"],
    signatureHeader: [isHeader, HEADER, true],
    parse: [isFunction, "a function (value: string) => { signatures: string[] }", true],
    format: [isFunction, "a function ({ signatures }) => string", true],
    multipleSignatures: [isBoolean, "a boolean"],
    readSignatures: [isFunction, "a function (scheme, headers, body) => { signatures: string[] }"],
    macBytes: [() => true, ""], // from spreading an existing scheme; recomputed
    tokenSteps: [() => true, ""], // from spreading an existing scheme; supplied
    readId: [() => true, ""], // from spreading an existing scheme; supplied
    handshake: [
      (v) =>
        isObject(v) &&
        ["unsigned", "claims", "answer"].every((key) => v[key] === undefined || isFunction(v[key])) &&
        (v.claims === undefined) === (v.answer === undefined) &&
        (v.unsigned !== undefined || v.claims !== undefined),
      "a handshake rule { unsigned?, claims?, answer? }: functions, claims and answer together",
    ],
  };
  const HMAC: Record<string, Field> = {
    ...COMMON,
    hash: [oneOf(...HASHES), `one of ${HASHES.join(", ")}`, true],
    encoding: [oneOf("hex", "base64"), '"hex" or "base64"', true],
    codec: [() => true, ""], // from spreading an existing scheme; derived from encoding
    textContent: [() => true, ""], // from spreading an existing scheme; replaced
    checkUrl: [() => true, ""], // from spreading an existing scheme; supplied
    forms: [() => true, ""], // from spreading an existing scheme; supplied
    content: [isFunction, "a function (message) => (string | Uint8Array)[]", true],
    timestamp: [isObject, "an object { header?, bodyField?, unit?, tolerance? }"],
    idHeader: [isHeader, HEADER],
    signsUrl: [isBoolean, "a boolean"],
    bodyDigest: [oneOf(...HASHES), `one of ${HASHES.join(", ")}`],
    asymmetric: [
      (v) =>
        isObject(v) &&
        typeof v.secretKeyPrefix === "string" &&
        typeof v.publicKeyPrefix === "string" &&
        v.secretKeyPrefix !== "" &&
        v.publicKeyPrefix !== "" &&
        !v.secretKeyPrefix.startsWith(v.publicKeyPrefix) &&
        !v.publicKeyPrefix.startsWith(v.secretKeyPrefix),
      "{ secretKeyPrefix, publicKeyPrefix }: two non-empty prefixes, neither starting the other",
    ],
    token: [(v) => isObject(v) && isFunction(v.verify) && isFunction(v.sign), "a token rule { verify, sign }, such as jwtToken()"],
    eventId: [isFunction, FUNCTION + " (verified, body) => void that sets verified.eventId"],
    publicKey: [(v) => isObject(v) && isFunction(v.keys) && isFunction(v.verify) && isFunction(v.sign), "a public-key rule { keys, verify, sign }, such as discord.publicKey"],
    variants: [isFunction, FUNCTION + " (message) => message[]"],
    prepare: [isFunction, FUNCTION + " (message) => unknown"],
  };
  const TIMESTAMP: Record<string, Field> = {
    header: [isHeader, HEADER],
    bodyField: [(v) => typeof v === "string" && v !== "", "a non-empty JSON field name"],
    readBody: [isFunction, FUNCTION + " (body) => seconds | undefined"],
    readHeader: [() => true, ""], // from spreading an existing scheme; supplied
    checkBody: [() => true, ""], // from spreading an existing scheme; supplied
    unit: [oneOf("seconds", "milliseconds", "rfc3339"), '"seconds", "milliseconds" or "rfc3339"'],
    write: [() => true, ""], // from spreading an existing scheme; supplied
    future: [(v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_TOLERANCE, `a finite, non-negative number of seconds, at most ${MAX_TOLERANCE}`],
    tolerance: [(v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_TOLERANCE, `a finite, non-negative number of seconds, at most ${MAX_TOLERANCE}`],
  };
  return { COMMON, HMAC, TIMESTAMP };
})();

type Fail = (message: string) => never;

const isAsymmetricRule = (value: object): value is AsymmetricRule =>
  ["key", "verify", "sign", "checkKeyHalves"].every((method) => isFunction((value as Record<string, unknown>)[method]));

function describe(value: unknown): string {
  // Never the string itself: a secret passed where a rule belongs would end up in the message.
  if (typeof value === "string") return `a string of ${value.length} characters`;
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" || typeof value === "function" ? `a${typeof value === "object" ? "n" : ""} ${typeof value}` : String(value);
}

/** Checks every field of `object` against `fields`; `path` prefixes the names in messages. */
function checkFields(object: Record<string, unknown>, fields: Record<string, Field>, fail: Fail, path = "", unknown?: (key: string) => string): void {
  for (const key of Object.keys(object)) {
    // A field set to undefined is absent (every scheme carries every field: resolve.ts).
    if (object[key] !== undefined && !Object.prototype.hasOwnProperty.call(fields, key)) fail(unknown?.(key) ?? `${path} has an unknown property "${key}"`);
  }
  for (const [key, [check, expected, required]] of Object.entries(fields)) {
    const value = object[key];
    if (value === undefined ? required : !check(value)) fail(`${path}${path ? "." : ""}${key} must be ${expected}, got ${describe(value)}`);
  }
}

/** Sample values for the probes below: what `sign` would hand to `format`, and messages for `content`. */
function sampleSignature(scheme: Scheme, index: number): string {
  if (scheme.algorithm === "token") return `probe-token-${index}`;
  if (scheme.token !== undefined) return `probe.token.${index}`;
  const mac = new Uint8Array(scheme.macBytes).fill(0x5a + index);
  return scheme.encoding === "hex" ? toHex(mac) : toBase64(mac);
}

const SAMPLE_TIMESTAMP = "1700000000";
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `format` then `parse` must give the signatures (and an embedded timestamp) back: else `sign` writes what `verify` cannot read. */
function probeFormat(scheme: Scheme, fail: Fail): void {
  const signatures = [sampleSignature(scheme, 0), ...(scheme.multipleSignatures ? [sampleSignature(scheme, 1)] : [])];
  const asymmetricSignatures = scheme.asymmetric === undefined ? [] : [toBase64(new Uint8Array(64).fill(0x42))];
  const embedsTimestamp = scheme.timestamp !== undefined && scheme.timestamp.header === undefined && scheme.timestamp.bodyField === undefined;
  let value: unknown;
  let parsed: ParsedSignatureHeader;
  try {
    value = scheme.format({ signatures, asymmetricSignatures, ...(embedsTimestamp ? { timestamp: SAMPLE_TIMESTAMP } : {}) });
    parsed = typeof value === "string" ? scheme.parse(value) : fail(`format must return the header value as a string, got ${describe(value)}`);
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith("defineScheme")) throw error;
    return fail(`format or parse threw on a sample signature (${errorText(error)})`);
  }
  if (!isObject(parsed) || !Array.isArray(parsed.signatures)) fail("parse must return { signatures: string[] }");
  const read = (found: unknown, wanted: string[]) => wanted.every((signature) => Array.isArray(found) && found.includes(signature));
  if (!read(parsed.signatures, signatures) || !read(parsed.asymmetricSignatures ?? [], asymmetricSignatures)) {
    fail("parse does not read back the signatures that format writes: sign() would send headers that verify() cannot check");
  }
  if (embedsTimestamp && parsed.timestamp !== SAMPLE_TIMESTAMP) {
    fail("timestamp has no header, so parse must return the timestamp that format writes into the signature header");
  }
}

type Change = "body" | "timestamp" | "id" | "url";

function sampleMessage(scheme: Scheme, change?: Change): SignedMessage {
  const changed = (part: Change) => (change === part ? 2 : 1);
  return {
    body: utf8(`{"probe":${changed("body")}}`),
    ...(scheme.timestamp !== undefined && scheme.timestamp.bodyField === undefined ? { timestamp: `170000000${changed("timestamp")}` } : {}),
    ...(scheme.idHeader !== undefined ? { id: `msg_probe${changed("id")}` } : {}),
    ...(scheme.signsUrl ? { url: `https://example.com/webhook?probe=${changed("url")}` } : {}),
    ...(scheme.bodyDigest !== undefined ? { bodyDigest: new Uint8Array(HASH_BYTES[scheme.bodyDigest]).fill(changed("body")) } : {}),
  };
}

const hexOf = (parts: readonly (string | Uint8Array)[]): string => toHex(concatBytes(parts.map((part) => (typeof part === "string" ? utf8(part) : part))));

/**
 * True when moving one character across the edge between the id and the body (either end of
 * either, so any order of the two) leaves the signed bytes unchanged: the signature would then
 * cover two different ids.
 */
function movesAcrossIdBoundary(scheme: Scheme, reference: string): boolean {
  const message = sampleMessage(scheme);
  const id = message.id!;
  const body = decoder.decode(message.body);
  // A content that refuses (or throws on) a moved form is safe from this move.
  const textOf = (form: SignedMessage): string | undefined => {
    try {
      const parts = scheme.content(form);
      return parts === undefined ? undefined : hexOf(parts);
    } catch {
      return undefined;
    }
  };
  const moved: [id: string, body: string][] = [
    [id + body[0], body.slice(1)], // [id, body]: the body's first character joins the id
    [id.slice(0, -1), id.slice(-1) + body], // [id, body]: the id's last character joins the body
    [body.slice(-1) + id, body.slice(0, -1)], // [body, id]: the body's last character joins the id
    [id.slice(1), body + id[0]], // [body, id]: the id's first character joins the body
  ];
  return moved.some(([movedId, movedBody]) => textOf({ ...message, id: movedId, body: utf8(movedBody) }) === reference);
}

/** The declared parts must be signed: a timestamp or id the signature does not cover protects nothing. */
function probeContent(scheme: Scheme, fail: Fail): void {
  const prepared = (message: SignedMessage): SignedMessage => {
    try {
      return preparedMessage(scheme, message);
    } catch (error) {
      return fail(`prepare threw on a sample message (${errorText(error)})`);
    }
  };
  const textOf = (message: SignedMessage): string => {
    const input = prepared(message);
    let parts: unknown;
    try {
      parts = scheme.content(input);
    } catch (error) {
      return fail(`content threw on a sample message (${errorText(error)})`);
    }
    if (parts === undefined) fail("content refused an ordinary sample message (returned undefined)");
    if (!Array.isArray(parts) || !parts.every((part) => typeof part === "string" || part instanceof Uint8Array)) {
      fail("content must return an array of strings and Uint8Arrays");
    }
    return hexOf(parts as (string | Uint8Array)[]);
  };
  const reference = textOf(sampleMessage(scheme));
  if (reference !== textOf(sampleMessage(scheme))) fail("content must return the same bytes for the same message");
  const declared: [Change, boolean, string][] = [
    ["body", true, "content must sign the body (or its bodyDigest): changing the body did not change it"],
    ["timestamp", scheme.timestamp !== undefined && scheme.timestamp.bodyField === undefined, "content does not sign the timestamp: a captured delivery could be replayed with a fresh one"],
    ["id", scheme.idHeader !== undefined, "content does not sign the message id: an unsigned idHeader would let a replay through under a new id"],
    ["url", scheme.signsUrl === true, "signsUrl is set but content does not sign the url"],
  ];
  for (const [change, applies, message] of declared) if (applies && textOf(sampleMessage(scheme, change)) === reference) fail(message);
  if (scheme.idHeader !== undefined && movesAcrossIdBoundary(scheme, reference)) {
    fail(
      "content signs the id and the body with nothing between them: a byte can move from one to the other and the same " +
        "signature then verifies under another id (a replay the store cannot see). Put a delimiter that cannot appear in " +
        'the id between them, such as [`${id}.`, body]',
    );
  }
  if (scheme.variants !== undefined) {
    const input = prepared(sampleMessage(scheme));
    let variants: unknown;
    try {
      variants = scheme.variants(input);
    } catch (error) {
      fail(`variants threw on a sample message (${errorText(error)})`);
    }
    if (!Array.isArray(variants) || !variants.every((message) => isObject(message) && message.body instanceof Uint8Array)) {
      fail("variants must return an array of messages ({ body, … })");
    }
  }
}

/**
 * Describes a provider's signing rules as data and returns a checked, frozen {@link Scheme}
 * that `sign()`, `verify()`, `verifyRequest()` and the sync variants run. Every built-in scheme
 * is made with it. The engine does the rest once for all schemes: case-insensitive header
 * lookup, secret decoding, the timestamp window in both directions, several signatures and
 * several secrets, constant-time comparison, bounded parsing, replay claims.
 *
 * You write:
 * - `signatureHeader` (lower case), with `parse` (read the encoded signatures out of one value;
 *   never throw) and `format` (write them; `parse(format(x))` must give them back);
 * - `content`: the signed bytes as parts, from the message fields the definition declares
 *   (`body`; `timestamp` with a `timestamp` rule; `id` with `idHeader`; `url` with
 *   `signsUrl: true`; `bodyDigest` with a `bodyDigest` hash). The message is typed by the
 *   definition, so reading a field you did not declare is a compile error;
 * - `hash` (`"SHA-1"`, `"SHA-256"`, `"SHA-384"`, `"SHA-512"`) and `encoding` (`"hex"`, `"base64"`);
 * - optionally `secret` (how a string secret becomes key bytes: `utf8Secret`, the default, or
 *   `prefixedBase64Secret("whsec_")`), `minSecretBytes`, `multipleSignatures`, `timestamp`
 *   (`{ header?, bodyField?, unit?, tolerance? }`; no `header` means `parse` returns it),
 *   `idHeader`, `signsUrl`, `bodyDigest`, `variants`, `prepare` (parse what every variant
 *   shares once), `maxSecretBytes`.
 *
 * A definition with `algorithm: "token"` describes a sender that puts a shared token itself in
 * a header (see `staticToken`); it has no hash, encoding or content. An existing scheme can be
 * spread into a new definition and changed: `defineScheme({ ...github, name: "forgejo" })`.
 *
 * The definition is checked at once: a wrong type, an unknown property, an upper-case header
 * name, a `format` whose output `parse` cannot read, a `content` that ignores the body, the
 * timestamp, the id or the URL it declares, or one that joins the id and the body with no
 * delimiter between them (a byte could move from one to the other under the same signature),
 * throws a `TypeError` saying what to fix.
 *
 * @example
 * ```ts
 * // acme.ts — Acme sends `Acme-Signature: t=<unix seconds>;sig=<hex>` and `Acme-Delivery: <id>`,
 * // an HMAC-SHA256 of "<id>.<t>.<body>" keyed with the UTF-8 bytes of the endpoint secret.
 * import { defineScheme, sign, verify } from "hookseal";
 *
 * export const acme = defineScheme({
 *   name: "acme",
 *   hash: "SHA-256",
 *   encoding: "hex",
 *   minSecretBytes: 16,
 *   signatureHeader: "acme-signature",
 *   parse: (value) => {
 *     const fields = new Map(value.split(";").map((item) => item.split("=", 2) as [string, string]));
 *     const t = fields.get("t");
 *     const sig = fields.get("sig");
 *     return { signatures: sig ? [sig] : [], ...(t ? { timestamp: t } : {}) };
 *   },
 *   format: ({ signatures, timestamp }) => `t=${timestamp};sig=${signatures[0]}`,
 *   timestamp: { tolerance: 300 }, // no header: parse() returns it from acme-signature
 *   idHeader: "acme-delivery",
 *   content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
 * });
 *
 * // The sender's side and the receiver's side, for free:
 * const headers = await sign(acme, { secret: process.env.ACME_SECRET!, payload: '{"ok":true}' });
 * const { id, timestamp } = await verify(acme, { secret: process.env.ACME_SECRET!, payload: '{"ok":true}', headers });
 * ```
 */
export function defineScheme<const Traits extends SchemeTraits>(definition: Scheme<Traits>): Scheme<Traits>;
export function defineScheme<const S extends string>(definition: TokenSchemeDefinition<S>): Scheme<{ timestamp: false; id: false; url: false }>;
export function defineScheme<
  const S extends string,
  const T extends TimestampRule | undefined = undefined,
  const I extends string | undefined = undefined,
  const U extends boolean | undefined = undefined,
  const D extends HashAlgorithm | undefined = undefined,
  const K extends TokenRule | undefined = undefined,
>(definition: HmacSchemeDefinition<S, T, I, U, D, K>): Scheme<{ timestamp: Declared<T, K>; id: Declared<I, K>; url: [U] extends [true] ? true : [U] extends [false | undefined] ? false : boolean }>;
export function defineScheme(definition: unknown): Scheme {
  if (!isObject(definition)) throw new TypeError(`defineScheme(definition): definition must be an object, got ${describe(definition)}`);
  const name = definition.name;
  if (typeof name !== "string" || name === "" || name.length > MAX_NAME_LENGTH) {
    throw new TypeError(`defineScheme(definition): name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters, got ${describe(name)}`);
  }
  const fail: Fail = (message) => {
    throw new TypeError(`defineScheme: scheme "${name}": ${message}`);
  };
  const token = definition.algorithm === "token";
  // A spread token scheme (`{ ...gitlab, name: "self-hosted" }`) carries what resolving it filled
  // in for the engine (it hashes nothing, signs nothing): drop those, exactly as they were filled in.
  let fields: Record<string, unknown> = definition;
  if (token && definition.macBytes !== undefined && definition.hash === "SHA-256" && definition.encoding === "hex" && definition.content === signsNothing) {
    const { hash: _h, encoding: _e, content: _c, ...rest } = definition;
    fields = rest;
  }
  checkFields(fields, token ? RULES.COMMON : RULES.HMAC, fail, "", (key) =>
    token && Object.prototype.hasOwnProperty.call(RULES.HMAC, key) ? `a token scheme sends the secret itself and signs nothing: it takes no "${key}"` : `unknown property "${key}"`,
  );
  const d = definition as unknown as SchemeDefinition;
  let timestamp = d.timestamp;
  if (timestamp !== undefined) {
    checkFields(timestamp as unknown as Record<string, unknown>, RULES.TIMESTAMP, fail, "timestamp");
    if (timestamp.header !== undefined && timestamp.bodyField !== undefined) fail("timestamp takes header or bodyField, not both");
    if (timestamp.bodyField !== undefined && timestamp.unit === "rfc3339") fail('a bodyField timestamp is Unix time: unit "rfc3339" is for header timestamps');
    if (timestamp.future !== undefined && timestamp.unit !== "rfc3339") fail('timestamp.future is read by the "rfc3339" unit\'s reader only: set unit: "rfc3339", or leave future out');
    // A bodyField rule gets its reader and its check; any other rule the header reader. The
    // engine reaches timestamps only through them. A reader the definition wrote is kept, and
    // so is one spread from an existing scheme that reads this very field and unit; one made
    // for another field or unit (`{ ...linear.timestamp, bodyField: "sentAt" }`) is made again.
    const { readHeader: _, checkBody: __, write: ___, ...rule } = timestamp;
    // A header reader of the scheme's own (Hook0 reads its covered headers with the timestamp)
    // is kept with its writer: it is made for that scheme's signature header alone.
    const ownReader = rule.bodyField === undefined && timestamp.readHeader !== undefined && timestamp.readHeader !== readHeaderTimestamp && timestamp.readHeader !== readRfc3339Timestamp;
    timestamp = ownReader
      ? timestamp
      : rule.bodyField === undefined
        ? rule.unit === "rfc3339"
          ? rfc3339Timestamp(rule)
          : headerTimestamp(rule)
        : needsReader(rule)
          ? bodyTimestamp({ ...rule, bodyField: rule.bodyField })
          : { ...rule, checkBody: checkBodyTimestamp };
  }
  if (d.maxSecretBytes !== undefined && d.maxSecretBytes < (d.minSecretBytes ?? 1)) fail("maxSecretBytes must not be smaller than minSecretBytes");
  const headers = [d.signatureHeader, timestamp?.header, d.idHeader].filter((header) => header !== undefined);
  if (new Set(headers).size !== headers.length) fail("signatureHeader, timestamp.header and idHeader must be different headers");

  // Plain prefixes get the Ed25519 rule; a rule (from spreading an existing scheme) is kept.
  const asymmetric = d.asymmetric === undefined || isAsymmetricRule(d.asymmetric) ? d.asymmetric : ed25519Keys(d.asymmetric);
  const { checkUrl: _url, forms: _forms, tokenSteps: _tokenSteps, readId: _readId, ...rules } = d;
  const scheme = resolveScheme({
    ...rules,
    ...(d.idHeader !== undefined ? { readId: readIdHeader } : {}),
    ...(token ? { tokenSteps: staticTokenSteps } : d.publicKey !== undefined ? { tokenSteps: publicKeySteps } : d.token !== undefined ? { tokenSteps: jwtTokenSteps } : {}),
    ...(d.signsUrl === true ? { checkUrl: absoluteUrl } : {}),
    ...(d.prepare !== undefined || d.variants !== undefined ? { forms: preparedForms } : {}),
    // A user's content() may read the body: text-body.ts finds out per call.
    ...(token ? {} : { codec: d.encoding === "hex" ? hexEncoding : base64Encoding, textContent }),
    ...(asymmetric !== undefined ? { asymmetric } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
  probeFormat(scheme, fail);
  if (!token) probeContent(scheme, fail);
  return scheme;
}
