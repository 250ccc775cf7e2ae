// The message id of a scheme that signs one (SchemeDefinition.idHeader), read from its header.
// The engine reaches this only through a scheme's `readId` rule, so schemes without an id carry none of it.
import { WebhookVerificationError } from "../engine/errors.js";
import { singleHeader } from "../engine/read-headers.js";
import type { HeadersLike } from "../lib/headers.js";
import type { Scheme } from "./scheme.js";

/** Longest message id accepted (ids go into replay keys and into the signed content). */
export const MAX_ID_LENGTH = 256;

/** The single value of the scheme's id header (its `values`, when read already): `missing_header`, or `malformed_header` when repeated or too long. */
export function readIdHeader(scheme: Scheme, headers: HeadersLike, values?: readonly string[]): string {
  const id = singleHeader(headers, scheme.idHeader!, values);
  if (id.length > MAX_ID_LENGTH) {
    throw new WebhookVerificationError("malformed_header", `The "${scheme.idHeader}" header is longer than ${MAX_ID_LENGTH} characters.`);
  }
  return id;
}
