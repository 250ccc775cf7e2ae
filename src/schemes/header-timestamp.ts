// Timestamps sent in a header or inside the signature header (Stripe's `t=`): parsed in the
// scheme's unit and checked against the tolerance. The engine reaches this only through a
// scheme's timestamp rule (TimestampRule.readHeader), so schemes without a timestamp carry none of it.
import { WebhookVerificationError } from "../engine/errors.js";
import { singleHeader } from "../engine/read-headers.js";
import type { HeadersLike } from "../lib/headers.js";
import { checkFreshness } from "../lib/time.js";
import type { Scheme, TimestampRule } from "./scheme.js";

/** Strict Unix time as sent: ASCII digits only (no sign, space or fraction), at most 12 for seconds, 15 for milliseconds. */
const DIGITS = /^[0-9]+$/;

/**
 * The timestamp of a delivery, as sent and in Unix seconds, checked against `tolerance`:
 * `missing_header`/`malformed_header` when it is absent or not plain digits in the scheme's unit,
 * `timestamp_too_old`/`timestamp_too_new` when it is out of the window. `embedded` is what the
 * scheme's `parse` found in the signature header, for a rule without its own header. `values`:
 * the timestamp header's values, when the caller has read them already (see `singleHeader`).
 */
export function readHeaderTimestamp(
  scheme: Scheme,
  headers: HeadersLike,
  embedded: string | undefined,
  now: number,
  tolerance: number,
  values?: readonly string[],
): [string, number] {
  const rule = scheme.timestamp!;
  const where = rule.header ?? scheme.signatureHeader;
  let text: string;
  if (rule.header !== undefined) text = singleHeader(headers, rule.header, values);
  else if (embedded === undefined) throw new WebhookVerificationError("malformed_header", `The "${where}" header has no single timestamp.`);
  else text = embedded;
  const milliseconds = rule.unit === "milliseconds";
  if (text.length > (milliseconds ? 15 : 12) || !DIGITS.test(text)) {
    throw new WebhookVerificationError("malformed_header", `The timestamp in the "${where}" header is not an integer number of Unix ${rule.unit ?? "seconds"}.`);
  }
  const seconds = milliseconds ? Number(text) / 1000 : Number(text);
  checkFreshness(seconds, now, tolerance);
  return [text, Math.floor(seconds)];
}

/** `rule` (a header timestamp, or one inside the signature header) with its reader. */
export const headerTimestamp = <const T extends TimestampRule>(rule: T): T => ({ ...rule, readHeader: readHeaderTimestamp });
