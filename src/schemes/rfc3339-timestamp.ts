// Timestamps sent as an RFC 3339 date-time (Twitch's `Twitch-Eventsub-Message-Timestamp`, such
// as "2019-11-16T10:11:12.634234626Z"). Its own module, reached only through a scheme's
// timestamp rule, so schemes with Unix timestamps carry none of it.
import { WebhookVerificationError } from "../engine/errors.js";
import { singleHeader } from "../engine/read-headers.js";
import type { HeadersLike } from "../lib/headers.js";
import { checkFreshness } from "../lib/time.js";
import type { Scheme, TimestampRule } from "./scheme.js";

/**
 * RFC 3339 §5.6 `date-time`, strictly: four-digit year, two-digit fields, up to nine fraction
 * digits, `Z` or a `±hh:mm` offset. Nothing else: the text is signed next to other parts with no
 * delimiter (Twitch signs id + timestamp + body), so a character moved across an edge must make
 * it unreadable.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Unix seconds (whole, fraction dropped) of an RFC 3339 date-time, or `undefined` when it is not one. */
export function parseRfc3339(text: string): number | undefined {
  const match = text.length <= 40 ? DATE_TIME.exec(text) : null;
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = match[7] === undefined ? 0 : (match[7] === "-" ? -1 : 1) * (Number(match[8]) * 60 + Number(match[9]));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60 || Math.abs(offset) > 23 * 60 + 59) return undefined;
  const midnight = Date.UTC(year, month - 1, day);
  // Date.UTC rolls February 30 over into March: such a day does not exist.
  if (new Date(midnight).getUTCDate() !== day) return undefined;
  return midnight / 1000 + hour * 3600 + minute * 60 + Math.min(second, 59) - offset * 60;
}

/** The timestamp header of an RFC 3339 rule, as sent and in Unix seconds, checked against `tolerance`. */
export function readRfc3339Timestamp(scheme: Scheme, headers: HeadersLike, _embedded: string | undefined, now: number, tolerance: number): [string, number] {
  const header = scheme.timestamp!.header!;
  const text = singleHeader(headers, header);
  const seconds = parseRfc3339(text);
  if (seconds === undefined) throw new WebhookVerificationError("malformed_header", `The "${header}" header is not an RFC 3339 date-time.`);
  checkFreshness(seconds, now, tolerance);
  return [text, seconds];
}

/** `rule` (an RFC 3339 timestamp in a header) with its reader. */
export const rfc3339Timestamp = <const T extends TimestampRule>(rule: T): T => ({ ...rule, readHeader: readRfc3339Timestamp });
