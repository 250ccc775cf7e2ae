// Timestamps sent as RFC 3339 date-time text (Zendesk's `2021-07-25T10:00:00Z`, Box's
// `2020-01-01T07:05:00-08:00`), read with their offset and signed exactly as sent. Only
// schemes whose timestamp rule has `unit: "rfc3339"` carry this code.
import { WebhookVerificationError } from "../engine/errors.js";
import { singleHeader } from "../engine/read-headers.js";
import type { HeadersLike } from "../lib/headers.js";
import { checkFreshness } from "../lib/time.js";
import type { Scheme, TimestampRule } from "./scheme.js";

// RFC 3339 §5.6 date-time: a fraction of at most 9 digits, `T`/`Z` in either case (§5.6 NOTE).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Unix seconds of an RFC 3339 date-time (fraction dropped), or undefined when it is not one or names no real instant. */
export function rfc3339Seconds(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = match[7] !== undefined ? 0 : (match[8] === "-" ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  if (Math.abs(offset) >= 24 * 60 || Number(match[10]) > 59 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2021-02-30 over to March: a day the month does not have is refused.
  const date = new Date(utc);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return utc / 1000 - offset * 60;
}

/** The `rfc3339` reader: the header's text as sent and its Unix seconds, checked against the tolerance (and the rule's `future` bound). */
export function readRfc3339Timestamp(scheme: Scheme, headers: HeadersLike, embedded: string | undefined, now: number, tolerance: number): [string, number] {
  const rule = scheme.timestamp!;
  const where = rule.header ?? scheme.signatureHeader;
  let text: string;
  if (rule.header !== undefined) text = singleHeader(headers, rule.header);
  else if (embedded === undefined) throw new WebhookVerificationError("malformed_header", `The "${where}" header has no single timestamp.`);
  else text = embedded;
  const seconds = text.length > 40 ? undefined : rfc3339Seconds(text);
  if (seconds === undefined) {
    throw new WebhookVerificationError("malformed_header", `The timestamp in the "${where}" header is not an RFC 3339 date-time (such as 2021-07-25T10:00:00Z).`);
  }
  // A sender that never signs ahead of its clock (Box) bounds the future tighter; `tolerance` never widens that bound.
  const ahead = rule.future === undefined ? tolerance : Math.min(rule.future, tolerance);
  if (seconds - now > ahead) {
    throw new WebhookVerificationError("timestamp_too_new", `The webhook timestamp is ${seconds - now} seconds in the future, more than the ${ahead} seconds allowed: check the sender's and this machine's clocks.`);
  }
  checkFreshness(seconds, now, tolerance);
  return [text, seconds];
}

/** How `sign()` writes a timestamp: RFC 3339 in UTC, whole seconds (`2023-11-14T22:13:20Z`). */
export const writeRfc3339 = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** `rule` (unit `"rfc3339"`) with its reader and writer. */
export const rfc3339Timestamp = <const T extends TimestampRule>(rule: T): T => ({ ...rule, readHeader: readRfc3339Timestamp, write: writeRfc3339 });
