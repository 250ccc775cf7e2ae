// A verification on node:crypto without the step machinery (steps.ts), for the node:crypto
// builds only. In the common case (HMAC keys, no replay store, node:crypto as the provider, a
// scheme whose timestamp and id come from headers, one form of content) the engine's steps
// yield one request per secret and wait for nothing: this does the same work in the same order
// (deliveredSteps in engine.ts) as one plain function, without a generator, request objects,
// a driver or the lists the general path keeps. The result and every error are the engine's.
import { macOf, macTextOf } from "../crypto/node.js";
import type { Part } from "../lib/bytes.js";
import { bytesOf } from "../lib/payload.js";
import { recordHeaderValues } from "../lib/headers.js";
import { nowSeconds, toUnixSeconds } from "../lib/time.js";
import { asciiMatches, equalBytes } from "../lib/timing-safe-equal.js";
import { hexMatches, isHexOfLength } from "../lib/hex.js";
import { base64Encoding, hexEncoding, type SignatureEncoding } from "../schemes/encodings.js";
import { isBase64OfLength } from "../lib/base64.js";
import { ED25519_SIGNATURE_BYTES } from "../crypto/ed25519-der.js";
import { readHeaderTimestamp } from "../schemes/header-timestamp.js";
import { readIdHeader } from "../schemes/id-header.js";
import type { Scheme } from "../schemes/scheme.js";
import { contradictoryParts, formOf, noMatch, noSignature, urlOf, type DeliveryFields, type VerifyConfiguration } from "./engine.js";
import type { Verified } from "./options.js";
import { readSignatureHeader } from "./read-headers.js";

/** True when the engine's steps for this scheme and configuration only ever ask for HMACs, one form of content each. */
function isDirect(scheme: Scheme, configuration: VerifyConfiguration): boolean {
  if (configuration.replay !== undefined || scheme.tokenSteps !== undefined || scheme.token !== undefined) return false;
  if (scheme.forms !== undefined || scheme.bodyDigest !== undefined || scheme.timestamp?.bodyField !== undefined || scheme.readSignatures !== undefined) return false;
  const keys = configuration.keys;
  for (let i = 0; i < keys.length; i++) if (keys[i]!.kind !== "hmac") return false;
  return true;
}

/**
 * How a scheme's signatures are matched without decoding them: hex text against the MAC's
 * bytes as a binary string (hexMatches), canonical base64 text against the MAC's base64
 * (canonical base64 has one spelling per value); undefined: decoded, and compared as bytes.
 */
const TEXT_MATCHES = /* @__PURE__ */ new Map<SignatureEncoding, TextMatch>([
  [hexEncoding, { valid: isHexOfLength, digest: "binary", matches: hexMatches }],
  [base64Encoding, { valid: isBase64OfLength, digest: "base64", matches: asciiMatches }],
]);

/** How signatures of one encoding are checked and matched as text (see TEXT_MATCHES). */
export interface TextMatch {
  readonly valid: (text: string, bytes: number) => boolean;
  readonly digest: "binary" | "base64";
  readonly matches: (text: string, mac: string) => boolean;
}

/** The text match of a scheme's encoding, or undefined when its signatures are decoded. @internal (tests) */
export const textMatchOf = (codec: SignatureEncoding | undefined): TextMatch | undefined => (codec === undefined ? undefined : TEXT_MATCHES.get(codec));

/** True when some text decodes, by the scheme's encoding, to exactly `length` bytes. */
function decodesAny(scheme: Scheme, texts: readonly string[], length: number): boolean {
  for (const text of texts) {
    const bytes = scheme.codec!.decode(text);
    if (bytes !== undefined && bytes.length === length) return true;
  }
  return false;
}

/**
 * What `runSync(deliveredSteps(scheme, configuration, body, delivery), nodeCrypto)` returns or
 * throws, computed at once; undefined, having done nothing, when the scheme or configuration
 * needs the general path. The caller makes sure the provider is node:crypto.
 */
export function verifyDirect(scheme: Scheme, configuration: VerifyConfiguration, body: Part, delivery: DeliveryFields): Verified | undefined {
  if (!isDirect(scheme, configuration)) return undefined;
  const { keys, tolerance } = configuration;
  const rule = scheme.timestamp;
  // The clock is read only by what needs it (here, only a timestamp).
  const now = delivery.now !== undefined ? toUnixSeconds(delivery.now, "now") : rule !== undefined ? nowSeconds() : 0;
  const url = urlOf(scheme, delivery.url);
  const headers = delivery.headers;

  // Every header the scheme reads, in one pass over a headers record, each then read as the
  // engine reads it (a name left out or marked null, see recordHeaderValues: read on its own).
  const timestampHeader = rule !== undefined && rule.readHeader === readHeaderTimestamp ? rule.header : undefined;
  const idHeader = scheme.readId === readIdHeader ? scheme.idHeader : undefined;
  const scanned =
    timestampHeader === undefined && idHeader === undefined ? undefined : recordHeaderValues(headers, scheme.signatureHeader, timestampHeader, idHeader);
  const read = readSignatureHeader(scheme, headers, scanned?.[0] ?? undefined);

  // Timestamp first: a stale delivery is refused before any signature work is spent on it.
  let timestamp: string | undefined;
  let seconds: number | undefined;
  if (rule !== undefined) {
    [timestamp, seconds] =
      rule.readHeader === readHeaderTimestamp
        ? readHeaderTimestamp(scheme, headers, read.timestamp, now, tolerance, scanned?.[1] ?? undefined)
        : rule.readHeader!(scheme, headers, read.timestamp, now, tolerance);
  }
  let id: string | undefined;
  if (scheme.idHeader !== undefined) id = scheme.readId === readIdHeader ? readIdHeader(scheme, headers, scanned?.[2] ?? undefined) : scheme.readId!(scheme, headers);

  // The signatures of the MAC's length, kept without a list in the usual case of one. Hex and
  // base64 signatures (nearly every scheme) stay text (TEXT_MATCHES): no bytes of their own.
  const macBytes = scheme.macBytes;
  const textMatch = textMatchOf(scheme.codec);
  let first: Uint8Array | string | undefined;
  let others: Array<Uint8Array | string> | undefined;
  for (const text of read.signatures) {
    const signature = textMatch !== undefined ? (textMatch.valid(text, macBytes) ? text : undefined) : scheme.codec!.decode(text);
    if (signature !== undefined && (textMatch !== undefined || signature.length === macBytes)) {
      if (first === undefined) first = signature;
      else (others ??= []).push(signature);
    }
  }

  // Only Ed25519 signatures, which HMAC keys never match, get the engine's errors in its order.
  if (first === undefined && (read.asymmetricSignatures.length === 0 || !decodesAny(scheme, read.asymmetricSignatures, ED25519_SIGNATURE_BYTES))) {
    throw noSignature(scheme);
  }
  // formOf (engine.ts), without a message object for a string body its scheme places as it is.
  let parts: readonly Part[] | undefined;
  if (typeof body === "string" && scheme.textContent !== undefined) {
    const placed = scheme.textContent(scheme, body, timestamp, id, url, undefined);
    parts = typeof placed !== "symbol" ? placed : scheme.content({ body: bytesOf(body), timestamp, id, url, bodyDigest: undefined });
  } else {
    parts = formOf(scheme, { body, timestamp, id, url, bodyDigest: undefined });
  }
  if (parts === undefined) throw contradictoryParts(scheme);
  if (first === undefined) throw noMatch(scheme, configuration);

  // Secrets in order, stopping at the first match; every signature compared in constant time.
  for (let index = 0; index < keys.length; index++) {
    const key = (keys[index] as { readonly bytes: Uint8Array }).bytes; // HMAC keys only (see above)
    let matched: boolean;
    if (textMatch !== undefined) {
      const mac = macTextOf(scheme.hash, key, parts, textMatch.digest);
      matched = textMatch.matches(first as string, mac);
      if (others !== undefined) for (let i = 0; i < others.length; i++) matched = textMatch.matches(others[i] as string, mac) || matched;
    } else {
      const mac = macOf(scheme.hash, key, parts);
      matched = equalBytes(mac, first as Uint8Array);
      if (others !== undefined) for (let i = 0; i < others.length; i++) matched = equalBytes(mac, others[i] as Uint8Array) || matched;
    }
    if (matched) {
      const verified: Verified = { scheme: scheme.name, secretIndex: index };
      if (seconds !== undefined) verified.timestamp = seconds;
      if (id !== undefined) verified.id = id;
      if (scheme.eventId !== undefined) scheme.eventId(verified, body);
      return verified;
    }
  }
  throw noMatch(scheme, configuration);
}
