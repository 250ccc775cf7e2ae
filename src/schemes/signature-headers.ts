// Signatures spread over several headers (Box's primary and secondary, DocuSign's numbered
// ones), read with the bounds of the one-header reader: the engine reaches this only through a
// scheme's `readSignatures` rule, so the bundles of other schemes carry none of it.
import { WebhookVerificationError } from "../engine/errors.js";
import { headerValues, MAX_HEADER_VALUE_LENGTH, trimOws, type HeadersLike } from "../lib/headers.js";
import type { ReadSignatures, Scheme } from "./scheme.js";

/** Most signatures read from one request, as for one header (read-headers.ts). */
const MAX_SIGNATURES = 32;

/**
 * Every signature in every value of the headers `names`, each value read by the scheme's
 * `parse`: `missing_header` when none of them is present, `malformed_header` for an oversized
 * value or more than 32 signatures. Embedded timestamps are not read (no such sender has one).
 */
export function readSignatureHeaders(scheme: Scheme, headers: HeadersLike, names: readonly string[]): ReadSignatures {
  const signatures: string[] = [];
  let present = false;
  for (const name of names) {
    for (const value of headerValues(headers, name)) {
      present = true;
      if (value.length > MAX_HEADER_VALUE_LENGTH) {
        throw new WebhookVerificationError("malformed_header", `The "${name}" header is longer than ${MAX_HEADER_VALUE_LENGTH} characters.`);
      }
      signatures.push(...scheme.parse(trimOws(value)).signatures);
      if (signatures.length > MAX_SIGNATURES) {
        throw new WebhookVerificationError("malformed_header", `The ${scheme.name} signature headers carry more than ${MAX_SIGNATURES} signatures.`);
      }
    }
  }
  if (!present) {
    throw new WebhookVerificationError("missing_header", `The "${names[0]}" header is missing: the request carries no ${scheme.name} signature.`);
  }
  return { signatures, asymmetricSignatures: [] };
}
