// Reading a scheme's headers out of a request, with the bounds that keep hostile input cheap.
import { WebhookVerificationError } from "./errors.js";
import { headerValues, MAX_HEADER_VALUE_LENGTH, trimOws, type HeadersLike } from "../lib/headers.js";
import type { Scheme } from "../schemes/scheme.js";

/** Most signatures read from one request (a rotating sender sends two or three). */
const MAX_SIGNATURES = 32;

const oversized = (name: string) =>
  new WebhookVerificationError("malformed_header", `The "${name}" header is longer than ${MAX_HEADER_VALUE_LENGTH} characters.`);

/**
 * The single value of a header, or a typed error for absent, repeated or oversized ones.
 * `values`: the header's values when the caller has read them already (as {@link headerValues} gives them).
 */
export function singleHeader(headers: HeadersLike, name: string, values: readonly string[] = headerValues(headers, name)): string {
  if (values.length === 0) throw new WebhookVerificationError("missing_header", `The "${name}" header is missing.`);
  if (values.length > 1) throw new WebhookVerificationError("malformed_header", `The "${name}" header appears more than once.`);
  const value = values[0]!;
  if (value.length > MAX_HEADER_VALUE_LENGTH) throw oversized(name);
  return trimOws(value);
}

/** Everything found in the signature header: encoded signatures and an embedded timestamp. */
export interface SignatureHeader {
  signatures: readonly string[];
  asymmetricSignatures: readonly string[];
  timestamp?: string;
}

const NONE: readonly string[] = [];

// Appends without copying in the usual case of one header line.
const joinLists = (first: readonly string[], second: readonly string[] | undefined): readonly string[] =>
  second === undefined || second.length === 0 ? first : first.length === 0 ? second : [...first, ...second];

/** Every signature (and an embedded timestamp) from every value of the scheme's signature header (`values`, when read already). */
export function readSignatureHeader(scheme: Scheme, headers: HeadersLike, values: readonly string[] = headerValues(headers, scheme.signatureHeader)): SignatureHeader {
  const name = scheme.signatureHeader;
  if (values.length === 0) {
    throw new WebhookVerificationError("missing_header", `The "${name}" header is missing: the request carries no ${scheme.name} signature.`);
  }
  // Every field from the start: one object shape, however many lines the header has.
  const read: SignatureHeader = { signatures: NONE, asymmetricSignatures: NONE, timestamp: undefined };
  for (const value of values) {
    if (value.length > MAX_HEADER_VALUE_LENGTH) throw oversized(name);
    const parsed = scheme.parse(trimOws(value));
    read.signatures = joinLists(read.signatures, parsed.signatures);
    read.asymmetricSignatures = joinLists(read.asymmetricSignatures, parsed.asymmetricSignatures);
    if (parsed.timestamp !== undefined) {
      if (read.timestamp !== undefined && read.timestamp !== parsed.timestamp) {
        throw new WebhookVerificationError("malformed_header", `The "${name}" header carries conflicting timestamps.`);
      }
      read.timestamp = parsed.timestamp;
    }
    if (read.signatures.length + read.asymmetricSignatures.length > MAX_SIGNATURES) {
      throw new WebhookVerificationError("malformed_header", `The "${name}" header carries more than ${MAX_SIGNATURES} signatures.`);
    }
  }
  return read;
}

