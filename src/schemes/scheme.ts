// The scheme contract: what a provider is, as data. The engine (engine.ts) runs every scheme.
import type { CryptoProvider, HashAlgorithm, MaybePromise } from "../crypto/types.js";
import type { Key, KeyUse } from "../engine/keys.js";
import type { Steps } from "../engine/steps.js";
import type { VerifyConfiguration } from "../engine/engine.js";
import type { Secret, Verified } from "../engine/options.js";
import type { HeadersLike } from "../lib/headers.js";
import type { Part } from "../lib/bytes.js";
import type { SignatureEncoding } from "./encodings.js";

/**
 * How a scheme turns a string secret into HMAC key bytes. Byte secrets are always used as given.
 *
 * @example
 * ```ts
 * // Acme hands out secrets as 64 hex digits: the key is the bytes they spell.
 * const hexSecret: SecretRule = {
 *   describe: "64 hex digits",
 *   decode: (text) => (/^[0-9a-f]{64}$/i.test(text) ? Uint8Array.from(text.match(/../g)!, (byte) => parseInt(byte, 16)) : undefined),
 * };
 * const acme = defineScheme({ ...github, name: "acme", secret: hexSecret, minSecretBytes: 32 });
 * ```
 */
export interface SecretRule {
  /** What a valid string secret looks like, for error messages (never the secret itself). */
  readonly describe: string;
  /** Key bytes of a string secret, or `undefined` if it is not in the scheme's format. */
  readonly decode: (secret: string) => Uint8Array | undefined;
}

/**
 * What a scheme reads out of one value of its signature header.
 *
 * @example
 * ```ts
 * // parse() of a scheme whose header is "t=<unix seconds>,v1=<hex>[,v1=<hex>…]".
 * const parse = (value: string): ParsedSignatureHeader => {
 *   const fields = value.split(",").map((field) => field.split("=", 2) as [string, string?]);
 *   return {
 *     signatures: fields.flatMap(([key, text]) => (key === "v1" && text ? [text] : [])),
 *     timestamp: fields.find(([key]) => key === "t")?.[1],
 *   };
 * };
 * ```
 */
export interface ParsedSignatureHeader {
  /** The encoded HMAC signatures found (hex or base64 text), in order. */
  readonly signatures: readonly string[];
  /** The encoded Ed25519 signatures found, for schemes with {@link SchemeDefinition.asymmetric} keys. */
  readonly asymmetricSignatures?: readonly string[];
  /** The timestamp, for schemes that carry it inside the signature header (Stripe's `t=`). */
  readonly timestamp?: string;
}

/**
 * What a scheme's {@link SchemeDefinition.readSignatures} rule found: every field present (an
 * empty list where there is none), so the engine uses it as it is.
 *
 * @example
 * ```ts
 * const found: ReadSignatures = { signatures: ["3q2+7w=="], asymmetricSignatures: [] };
 * ```
 */
export interface ReadSignatures extends ParsedSignatureHeader {
  readonly asymmetricSignatures: readonly string[];
}

/**
 * The parts of a message that a scheme signs, as they appear on the wire.
 *
 * @example
 * ```ts
 * // variants() of a scheme that signs the URL: the sender may have left the default port out.
 * const variants = (message: SignedMessage): SignedMessage[] =>
 *   message.url === undefined ? [] : [{ ...message, url: message.url.replace(/:443(?=\/)/, "") }];
 * ```
 */
export interface SignedMessage {
  /** The raw body. */
  readonly body: Uint8Array;
  /** The timestamp exactly as sent (decimal Unix seconds), for timestamped schemes. */
  readonly timestamp?: string;
  /** The message id, for schemes that carry one. */
  readonly id?: string;
  /** The full request URL, for schemes that sign it ({@link SchemeDefinition.signsUrl}). */
  readonly url?: string;
  /** The digest of the raw body, for schemes that name a {@link SchemeDefinition.bodyDigest} hash. */
  readonly bodyDigest?: Uint8Array;
  /** What the scheme's {@link SchemeDefinition.prepare} made of the message, once for all its variants. */
  readonly prepared?: unknown;
}

/**
 * Where a timestamped scheme finds its timestamp, and how far from now it may be. The
 * timestamp must be covered by the signature: in a header that {@link SchemeDefinition.content}
 * signs, inside the signature header (`parse` returns it, as Stripe's `t=`), or in the signed body.
 *
 * @example
 * ```ts
 * // Acme sends Unix milliseconds in "acme-timestamp" and allows ten minutes of clock skew.
 * const rule: TimestampRule = { header: "acme-timestamp", unit: "milliseconds", tolerance: 600 };
 * const acme = defineScheme({
 *   name: "acme", hash: "SHA-256", encoding: "hex", signatureHeader: "acme-signature",
 *   parse: (value) => ({ signatures: [value] }), format: ({ signatures }) => signatures[0]!,
 *   timestamp: rule,
 *   content: ({ timestamp, body }) => [`${timestamp}.`, body],
 * });
 * ```
 */
export interface TimestampRule {
  /** Lower-case name of the header carrying it; omit when `parse` returns it from the signature header. */
  readonly header?: string;
  /**
   * Name of a top-level field of the JSON body carrying it (Linear's `webhookTimestamp`), for
   * senders that sign the timestamp as part of the body. It is read only after a signature has
   * matched; `sign()` leaves it to the payload. Not combined with {@link header}.
   */
  readonly bodyField?: string;
  /**
   * How the engine reads {@link bodyField}: Unix seconds of the field in a body, or `undefined`
   * when the body has none. `defineScheme()` supplies it; the engine parses no body without it.
   */
  readonly readBody?: (body: Uint8Array) => number | undefined;
  /**
   * How the engine reads a timestamp sent in {@link header} (or inside the signature header):
   * the text as sent and its Unix seconds, checked against the tolerance. `defineScheme()`
   * supplies it (`headerTimestamp()` for built-ins); only schemes with it bundle that code.
   */
  readonly readHeader?: (scheme: Scheme, headers: HeadersLike, embedded: string | undefined, now: number, tolerance: number) => [string, number];
  /**
   * How the engine checks a {@link bodyField} timestamp once a signature matched: its Unix
   * seconds, checked against the tolerance. `defineScheme()` supplies it with {@link readBody}.
   */
  readonly checkBody?: (scheme: Scheme, body: Uint8Array, now: number, tolerance: number) => number;
  /**
   * Unit of the sent value: `"seconds"` (the default) or `"milliseconds"` (Unix time), or
   * `"rfc3339"` for a date-time text such as `2021-07-25T10:00:00Z` (Zendesk, Box), read with its
   * offset and signed exactly as sent.
   */
  readonly unit?: "seconds" | "milliseconds" | "rfc3339";
  /**
   * How `sign()` writes the timestamp of a scheme whose {@link unit} is not Unix time: the text
   * for those Unix seconds. `defineScheme()` supplies it (rfc3339-timestamp.ts).
   */
  readonly write?: (seconds: number) => string;
  /** Default tolerance in seconds, either way (300 when omitted); `verify`'s `tolerance` option overrides it. */
  readonly tolerance?: number;
  /**
   * Most seconds a timestamp may lie in the future, for senders that refuse any later time
   * (Box: 0); it never widens `tolerance`. Default: the tolerance. For `unit: "rfc3339"` only.
   */
  readonly future?: number;
}

/**
 * What a successful check proved, for the engine to report (and to claim for replay
 * protection). Token rules return it.
 *
 * @example
 * ```ts
 * const match: SchemeMatch = { secretIndex: 0, timestamp: 1700000000, id: "msg_1", proof: new Uint8Array(32), validUntil: 1700000300 };
 * ```
 */
export interface SchemeMatch {
  /** Index of the secret that matched. */
  readonly secretIndex: number;
  /** The signed time, Unix seconds. */
  readonly timestamp?: number;
  /** The message id. */
  readonly id?: string;
  /** Bytes unique to this message's signature: the replay key when there is no id. */
  readonly proof: Uint8Array;
  /** Last second (Unix) at which this delivery could be accepted; unbounded when absent. */
  readonly validUntil?: number;
}

/**
 * A scheme whose header carries a signed token (a JWT) rather than a MAC over the content.
 * The engine still reads the header, decodes the secrets, builds the content (the body) and
 * handles replay claims; the token rule checks and makes the token. Make one with `jwtToken()`.
 *
 * @example
 * ```ts
 * const rule: TokenRule = jwtToken({ bodyHashClaim: "request_body_sha256" });
 * ```
 */
export interface TokenRule {
  verify(input: {
    readonly scheme: Scheme;
    readonly tokens: readonly string[];
    readonly keys: readonly Uint8Array[];
    readonly content: readonly Uint8Array[];
    readonly now: number;
    readonly tolerance: number;
  }): Steps<SchemeMatch>;
  sign(input: {
    readonly scheme: Scheme;
    readonly key: Uint8Array;
    readonly content: readonly Uint8Array[];
    readonly timestamp: number;
    readonly id: string;
  }): Steps<string>;
}

/**
 * Ed25519 key pairs for a scheme that also signs asymmetrically (Standard Webhooks `v1a`): a
 * string secret starting with `secretKeyPrefix` or `publicKeyPrefix` is a key pair half, not
 * an HMAC secret. The engine reaches the Ed25519 work only through this rule, so bundles of
 * other schemes carry none of it. Make one with `ed25519Keys()`; `defineScheme()` also takes
 * the two prefixes alone.
 *
 * @example
 * ```ts
 * const rule: AsymmetricRule = ed25519Keys({ secretKeyPrefix: "whsk_", publicKeyPrefix: "whpk_" });
 * ```
 */
export interface AsymmetricRule {
  readonly secretKeyPrefix: string;
  readonly publicKeyPrefix: string;
  /** The key pair half a string secret is, or `undefined` when it has neither prefix; bad ones go through `fail`. */
  key(scheme: Scheme, secret: string, label: string, use: KeyUse, fail: (message: string) => Error): Key | undefined;
  /** Index of the form of the message (in `contents`) that one of `signatures` covers under `publicKey`, or -1. */
  verify(
    publicKey: Uint8Array,
    signatures: readonly Uint8Array[],
    contents: readonly (readonly Part[])[],
    joined: (readonly Part[])[],
  ): Steps<number>;
  /** The raw signature of `content` under the 32-byte seed. */
  sign(seed: Uint8Array, content: readonly Part[]): Steps<Uint8Array>;
  /** Refuses (`RangeError`) a secret key whose stated public half is not its seed's. */
  checkKeyHalves(scheme: Scheme, key: Key): Steps<void>;
}

/**
 * A request as a {@link HandshakeRule} sees it: the method, the query and the headers. The
 * request helpers make it from a Fetch `Request` or a Node request.
 *
 * @example
 * ```ts
 * const target = new URL(url);
 * const request: HandshakeRequest = { method: "GET", path: target.pathname, query: target.searchParams, headers: { "x-acme-challenge": "a1b2" } };
 * ```
 */
export interface HandshakeRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The path of the request URL (`/webhooks/asana/7654`), without the query: which endpoint is being checked. */
  readonly path: string;
  /** The query parameters of the request URL. */
  readonly query: URLSearchParams;
  /** The request headers. */
  readonly headers: HeadersLike;
}

/**
 * The HTTP answer to a provider's endpoint check, as the provider documents it. The helpers
 * send it exactly: this status, these headers (lower-case names), this body.
 *
 * @example
 * ```ts
 * const answer: HandshakeAnswer = { status: 200, headers: { "content-type": "text/plain" }, body: "a1b2" };
 * ```
 */
export interface HandshakeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * What a {@link HandshakeRule} may use besides the request: the secrets the receiver was
 * configured with (none for a handshake that needs none, such as Asana's before its secret
 * exists) and the crypto provider of the call.
 *
 * @example
 * ```ts
 * const context: HandshakeContext = { secrets: [process.env.X_CONSUMER_SECRET!], crypto: nodeCrypto };
 * ```
 */
export interface HandshakeContext {
  readonly secrets: readonly Secret[];
  readonly crypto: CryptoProvider;
}

/**
 * How a provider checks an endpoint before (or between) its deliveries, for schemes whose
 * provider does: `handshakeResponse()`, `webhookHandler()` and `webhookMiddleware()` answer it,
 * and never call the user's handler for it. Two kinds, either or both:
 *
 * - `unsigned`: a check the provider does not sign (Meta's and Dropbox's GET challenges, X's
 *   CRC, Asana's `X-Hook-Secret`). It sees the method, query and headers only, before the
 *   body is read and before any verification, and answers it, or returns `undefined` when the
 *   request is not one. It must authenticate what it can (Meta's verify token) and echo only
 *   values shaped as the provider sends them.
 * - `claims` + `answer`: a check the provider signs like any delivery (Slack's
 *   `url_verification`, Twitch's `webhook_callback_verification`, Zoom's
 *   `endpoint.url_validation`, Okta's challenge with its authorization header). `claims` says,
 *   from the request and its raw, NOT yet verified body, whether it is one (cheaply: it runs
 *   on every delivery); the request is then verified with the scheme's normal verification
 *   (the configured secrets and tolerance, but no replay claim) and `answer` makes the answer
 *   from what was verified. A check that `claims` passes but that is not well formed is refused.
 *
 * Both refuse a malformed check by throwing `WebhookVerificationError` with the code
 * `handshake_refused` (answered 403); `answer` may be async (a confirmation that calls the
 * provider back). A scheme without this rule bundles none of the handshake code.
 *
 * @example
 * ```ts
 * // Acme pings new endpoints with a signed {"type":"ping"} and expects {"type":"pong"} back.
 * const acmePing: HandshakeRule = {
 *   claims: (_request, body) => body.length <= 64 && new TextDecoder().decode(body).includes('"ping"'),
 *   answer: () => ({ status: 200, headers: { "content-type": "application/json" }, body: '{"type":"pong"}' }),
 * };
 * const acme = defineScheme({ ...github, name: "acme", handshake: acmePing });
 * ```
 */
export interface HandshakeRule {
  readonly unsigned?: (request: HandshakeRequest, context: HandshakeContext) => MaybePromise<HandshakeAnswer | undefined>;
  readonly claims?: (request: HandshakeRequest, body: Uint8Array) => boolean;
  readonly answer?: (request: HandshakeRequest, body: Uint8Array, verified: Verified, context: HandshakeContext) => MaybePromise<HandshakeAnswer>;
}

/**
 * How a public-key scheme takes its keys, verifies and signs (Discord, SendGrid, AWS SNS). The
 * engine reads the signature header (and a timestamp header rule, if any, is the rule's to call),
 * then hands over: key decoding, signature checks and signing all live in the rule, so HMAC
 * bundles carry none of it.
 *
 * @example
 * ```ts
 * const rule: PublicKeyRule = discord.publicKey!;
 * ```
 */
export interface PublicKeyRule {
  /** The rule gets its keys elsewhere (not from `secret`): the receivers then accept options without `secret`. */
  readonly keyless?: true;
  /** The configured keys: public keys to verify, private keys to sign; bad ones go through `fail`, wrong types are `TypeError`s. */
  keys(scheme: Scheme, secrets: unknown, use: KeyUse, fail: (message: string) => Error): Key[];
  /** Proves a delivery, as {@link SchemeDefinition.tokenSteps} (the header's signature texts in `signatures`). */
  verify(scheme: Scheme, configuration: VerifyConfiguration, body: Part, signatures: readonly string[], now: number, headers: HeadersLike): Steps<Verified>;
  /** The headers of a signed delivery; `keys` are private keys, `timestamp` is set for timestamped schemes. */
  sign(scheme: Scheme, keys: readonly Key[], message: { readonly body: Part; readonly timestamp?: string; readonly id?: string }): Steps<Record<string, string>>;
}

/**
 * The encoded signatures that `format` writes into the signature header.
 *
 * @example
 * ```ts
 * // format() of a scheme that sends one "v1=<signature>" per secret, space-separated.
 * const format = ({ signatures }: SignatureFields): string => signatures.map((signature) => `v1=${signature}`).join(" ");
 * ```
 */
export interface SignatureFields {
  readonly signatures: readonly string[];
  readonly asymmetricSignatures: readonly string[];
  readonly timestamp?: string;
}

/**
 * A provider's signing rules, written as data.
 *
 * @example
 * ```ts
 * // Every Scheme is a checked SchemeDefinition: its rules can be read, e.g. to log what a route expects.
 * const definition: SchemeDefinition = stripe;
 * console.log(definition.name, definition.signatureHeader, definition.hash, definition.timestamp?.tolerance ?? 300);
 * ```
 */
export interface SchemeDefinition {
  /** Name reported as `Verified.scheme`. */
  readonly name: string;
  /**
   * How the signature is made: `"hmac"` (the default) signs {@link content} with the secret;
   * `"token"` sends the secret itself (a shared token, compared in constant time), which
   * proves who sent the request but does NOT protect the body.
   */
  readonly algorithm?: "hmac" | "token";
  /** Hash under the HMAC. */
  readonly hash: HashAlgorithm;
  /** How MACs are written in the header. */
  readonly encoding: "hex" | "base64";
  /**
   * The code that reads and writes {@link encoding}: `defineScheme()` supplies it (built-ins
   * name `hexEncoding` or `base64Encoding`), so a bundle carries only the encodings its schemes use.
   */
  readonly codec?: SignatureEncoding;
  /**
   * How the engine gets {@link content} for a string body without encoding it first: the parts
   * with the text in the body's place, or a symbol when `content` reads the body (it is then
   * given the bytes). Built-in schemes place the body; `defineScheme()` supplies a reader that
   * finds out (text-body.ts). Without it a string body is encoded first.
   */
  readonly textContent?: (
    scheme: Scheme,
    body: string,
    timestamp: string | undefined,
    id: string | undefined,
    url: string | undefined,
    bodyDigest: Uint8Array | undefined,
  ) => readonly Part[] | undefined | symbol;
  /** How string secrets become key bytes. */
  readonly secret: SecretRule;
  /** Fewest key bytes accepted (after decoding). */
  readonly minSecretBytes: number;
  /** Most key bytes accepted (after decoding), for senders whose specification bounds them; unbounded when absent. */
  readonly maxSecretBytes?: number;
  /** Lower-case name of the header that carries the signature(s). */
  readonly signatureHeader: string;
  /** Reads one value of the signature header. Must not throw; return no signatures when unsure. */
  readonly parse: (value: string) => ParsedSignatureHeader;
  /** Writes the signature header value for the given encoded signatures (and timestamp). */
  readonly format: (fields: SignatureFields) => string;
  /**
   * Ed25519 keys, for schemes that also sign asymmetrically (Standard Webhooks `v1a`): a string
   * secret with one of the rule's prefixes is a key pair half, not an HMAC secret.
   */
  readonly asymmetric?: AsymmetricRule;
  /** Whether the signature header can carry several signatures (secret rotation on the sender side). */
  readonly multipleSignatures: boolean;
  /**
   * How the engine reads the signatures of a sender that does not put them all in
   * {@link signatureHeader}: several headers (Box's primary and secondary, DocuSign's numbered
   * ones) or the body itself. It returns what `parse` would (and an embedded timestamp), does
   * bounded work, and throws a `WebhookVerificationError` (`missing_header` when there is no
   * signature at all, `malformed_header` for one no sender writes). `sign()` still writes
   * {@link signatureHeader} with {@link format}. Without it the engine reads `signatureHeader`.
   */
  readonly readSignatures?: (scheme: Scheme, headers: HeadersLike, body: Part) => ReadSignatures;
  /** Present for timestamped schemes: where the timestamp is and the default tolerance. */
  readonly timestamp?: TimestampRule;
  /** Lower-case name of the header carrying a message id, for schemes that sign one. */
  readonly idHeader?: string;
  /** How the engine reads {@link idHeader}: `defineScheme()` supplies it (id-header.ts); only schemes with an id bundle it. */
  readonly readId?: (scheme: Scheme, headers: HeadersLike) => string;
  /**
   * Where the provider's event id is in signed content: sets `verified.eventId` once a signature
   * matched (event-id.ts: `idIsEventId` for a signed id header, `jsonEventId("id")` for a field
   * of a signed JSON body). Only schemes with one bundle that code; without one, results have
   * no `eventId`.
   */
  readonly eventId?: (verified: Verified, body: Part) => void;
  /** For token schemes (JWT): how the token in the signature header is checked and made. */
  readonly token?: TokenRule;
  /**
   * How the engine verifies a header of tokens rather than MACs (`algorithm: "token"`, or a
   * {@link token} rule): `defineScheme()` supplies it (token-steps.ts); only such schemes bundle it.
   */
  readonly tokenSteps?: ((scheme: Scheme, configuration: VerifyConfiguration, body: Part, tokens: readonly string[], now: number, headers: HeadersLike) => Steps<Verified>) & {
    /**
     * Refuses a replay store the steps cannot serve, with a `TypeError` (a shared token without a
     * message id is the same in every delivery): run when a configuration with a store is checked.
     */
    readonly checkReplay?: (scheme: Scheme) => void;
  };
  /**
   * For schemes whose sender signs with a private key (Discord, SendGrid, AWS SNS): the secrets
   * are public keys (private keys for `sign`), and verifying and signing go through this rule.
   * Its {@link tokenSteps} is `publicKeySteps`, which hands over to it. Only such schemes bundle key parsing.
   */
  readonly publicKey?: PublicKeyRule;
  /** Whether {@link content} uses the request URL; `sign` and `verify` then require the `url` option. */
  readonly signsUrl?: boolean;
  /** The `url` option checked for a scheme that {@link signsUrl}: `defineScheme()` supplies it (message-forms.ts). */
  readonly checkUrl?: (scheme: Scheme, url: string | undefined) => string;
  /**
   * The signed content of every form of a message, for a scheme with {@link prepare} or
   * {@link variants}: `defineScheme()` supplies it (message-forms.ts); only such schemes bundle it.
   */
  readonly forms?: (scheme: Scheme, message: SignedMessage) => (readonly Part[])[];
  /** A hash whose digest of the raw body the engine passes to {@link content} as `bodyDigest` (Twilio's `bodySHA256`). */
  readonly bodyDigest?: HashAlgorithm;
  /**
   * The byte sequence that is signed, as parts in order (strings are UTF-8); `undefined` when
   * the message contradicts itself so that no signature can cover it (`verify` then rejects
   * with `no_matching_signature`, `sign` throws a `TypeError`).
   */
  readonly content: (message: SignedMessage) => readonly (string | Uint8Array)[] | undefined;
  /**
   * Work that every form of a message shares, done once per message before {@link content} and
   * {@link variants} run (Twilio parses its form body here); they receive the result as
   * `message.prepared`. It throws a `WebhookVerificationError` (`malformed_header`) for a
   * message no sender could have sent, such as a form with more fields than the provider ever
   * sends; `sign` reports that as a `RangeError`.
   */
  readonly prepare?: (message: SignedMessage) => unknown;
  /**
   * Other forms of a message that the sender may have signed instead (Twilio signs a URL with
   * or without its port): `verify` accepts a signature over any of them; `sign` signs the message as given.
   */
  readonly variants?: (message: SignedMessage) => readonly SignedMessage[];
  /** How the provider checks an endpoint, for the request helpers to answer ({@link HandshakeRule}). */
  readonly handshake?: HandshakeRule;
}

/**
 * What a scheme guarantees, as types: `true` always, `false` never, `boolean` when it depends
 * on the delivery (or is not known, as for a plain {@link Scheme}). `verify()` and the helpers
 * read it to type their results and the options a scheme requires.
 *
 * @example
 * ```ts
 * // Standard Webhooks signs a timestamp and a message id, not the URL.
 * const traits: SchemeTraits = { timestamp: true, id: true, url: false };
 * const scheme: Scheme<{ timestamp: true; id: true; url: false }> = standardWebhooks;
 * ```
 */
export interface SchemeTraits {
  /** Every verified delivery has a signed `timestamp`. */
  readonly timestamp: boolean;
  /** Every verified delivery has a signed message `id`. */
  readonly id: boolean;
  /** The request URL is signed: `sign()` and `verify()` require the `url` option. */
  readonly url: boolean;
  /**
   * The scheme's keys come from the scheme itself (a certificate AWS names, a key set given to
   * the scheme's factory): `true` lets the receivers leave the `secret` option out. Absent for
   * every scheme that needs one.
   */
  readonly keyless?: boolean;
}

/**
 * A checked, frozen {@link SchemeDefinition}, ready for `sign()` and `verify()`. `Traits` says
 * what the scheme guarantees ({@link SchemeTraits}): built-in schemes declare theirs and
 * `defineScheme()` infers them from the definition, so `verify(stripe, …)` resolves with
 * `timestamp: number` and `sign(twilio, …)` without `url` does not compile. A plain `Scheme`
 * accepts every scheme, with results that promise only what every scheme has.
 *
 * @example
 * ```ts
 * // Pick the scheme per route: every Scheme works with sign(), verify() and the request helpers.
 * const routes: Record<string, { scheme: Scheme; secret: string }> = {
 *   "/webhooks/github": { scheme: github, secret: env.GITHUB_WEBHOOK_SECRET },
 *   "/webhooks/stripe": { scheme: stripe, secret: env.STRIPE_WEBHOOK_SECRET },
 * };
 * const route = routes[new URL(request.url).pathname];
 * if (route === undefined) return new Response(null, { status: 404 });
 * const webhook = await verifyRequest(route.scheme, request, { secret: route.secret });
 * ```
 */
export type Scheme<Traits extends SchemeTraits = SchemeTraits> = Readonly<SchemeDefinition> & {
  readonly macBytes: number;
  /** Types only, never set: what the scheme guarantees ({@link SchemeTraits}). */
  readonly "~traits"?: Traits;
};

/**
 * The {@link SchemeTraits} of a scheme's type. For a union of schemes, each trait is what they
 * share: `verify(cond ? github : stripe, …)` has an optional `timestamp`.
 *
 * @example
 * ```ts
 * type StripeTraits = TraitsOf<typeof stripe>; // { timestamp: true; id: false; url: false }
 * const verified: Verified<StripeTraits> = await verify(stripe, { secret, payload, headers });
 * ```
 */
export type TraitsOf<S extends Scheme> = S extends { readonly "~traits"?: infer Traits extends SchemeTraits } ? Traits : SchemeTraits;

/** Narrows an argument to a scheme, with an error that says what was expected. */
export function assertScheme(value: unknown): asserts value is Scheme {
  const scheme = value as Partial<Scheme> | null;
  if (
    scheme === null ||
    typeof scheme !== "object" ||
    typeof scheme.name !== "string" ||
    typeof scheme.parse !== "function" ||
    typeof scheme.content !== "function" ||
    typeof scheme.macBytes !== "number"
  ) {
    throw new TypeError('scheme must be a scheme object such as `github`, `stripe` or `standardWebhooks` imported from "hookseal"');
  }
  // The engine reaches every feature a scheme declares only through the rule that carries its
  // code (defineScheme() supplies them all). A scheme object put together by hand that declares
  // a feature without its rule is refused here, by name, before any work: never a TypeError
  // from inside the engine, never a check (freshness, id bound, URL, prepare's bounds) left out.
  const { timestamp: t, idHeader } = scheme as Scheme;
  const missing =
    scheme.algorithm === "token" || scheme.token
      ? // A shared token's steps also carry its replay rule (checkReplay).
        (!scheme.tokenSteps || (scheme.algorithm === "token" && !scheme.tokenSteps.checkReplay)) && "tokenSteps"
      : // The codec must write what `encoding` says (a copy of a hex scheme given `encoding: "base64"` keeps a hex codec).
        scheme.codec?.encode(CODEC_PROBE) !== (scheme.encoding === "hex" ? "fb" : "+w==")
        ? "codec"
        : t && !(t.bodyField === undefined ? t.readHeader : t.readBody && t.checkBody)
          ? "timestamp"
          : idHeader !== undefined && !scheme.readId
            ? "readId"
            : scheme.signsUrl && !scheme.checkUrl
              ? "checkUrl"
              : (scheme.prepare || scheme.variants) && !scheme.forms && "forms";
  if (missing) throw new TypeError(`scheme "${scheme.name}" has no ${missing} rule for what it declares: make it with defineScheme()`);
}

/** One byte whose hex ("fb") and base64 ("+w==") tell the two encodings apart. */
const CODEC_PROBE = /* @__PURE__ */ Uint8Array.of(0xfb);
