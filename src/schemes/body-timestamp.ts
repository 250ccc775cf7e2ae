// Timestamps signed inside a JSON body (Linear's `webhookTimestamp`): the body is parsed only
// for schemes that say so, and only this module carries that code (see TimestampRule.readBody).
import { WebhookVerificationError } from "../engine/errors.js";
import { checkFreshness } from "../lib/time.js";
import type { Scheme, TimestampRule } from "./scheme.js";
import { fatalDecoder } from "../lib/bytes.js";


/** What a body must be for a scheme with a body timestamp, for messages. */
export const bodyTimestampMissing = (scheme: Scheme): string =>
  `a JSON object with a numeric "${scheme.timestamp!.bodyField}" field (Unix ${scheme.timestamp!.unit ?? "seconds"})`;

/**
 * Unix seconds of the timestamp in a body whose signature matched, checked against
 * `tolerance`: `malformed_header` when the body has none, `timestamp_too_old`/`_too_new`.
 */
export function checkBodyTimestamp(scheme: Scheme, body: Uint8Array, now: number, tolerance: number): number {
  const seconds = scheme.timestamp!.readBody!(body);
  if (seconds === undefined) {
    throw new WebhookVerificationError("malformed_header", `The signed body is not ${bodyTimestampMissing(scheme)}, which ${scheme.name} requires.`);
  }
  checkFreshness(seconds, now, tolerance);
  return Math.floor(seconds);
}

/**
 * The readers {@link bodyTimestamp} made, each with the field and unit it reads: a rule spread
 * from an existing scheme with another `bodyField` or `unit` must not keep its reader.
 */
const madeReaders = /* @__PURE__ */ new WeakMap<object, string>();

const readsAs = (rule: TimestampRule): string => `${rule.unit === "milliseconds" ? "ms" : "s"}:${rule.bodyField}`;

/**
 * Whether a `bodyField` rule needs a reader made for it: it has none, or one that
 * {@link bodyTimestamp} made for another field or unit. A reader a definition wrote is its own.
 */
export const needsReader = (rule: TimestampRule): boolean =>
  rule.readBody === undefined || (madeReaders.has(rule.readBody) && madeReaders.get(rule.readBody) !== readsAs(rule));

/** `rule` with the reader of its `bodyField`: Unix seconds of that top-level JSON field, or undefined. */
export function bodyTimestamp<const T extends TimestampRule & { readonly bodyField: string }>(rule: T): T {
  const { bodyField, unit } = rule;
  const readBody = (body: Uint8Array): number | undefined => {
    let value: unknown;
    try {
      const parsed: unknown = JSON.parse(fatalDecoder.decode(body));
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) value = (parsed as Record<string, unknown>)[bodyField];
    } catch {
      return undefined;
    }
    if (typeof value === "string" && /^[0-9]{1,15}$/.test(value)) value = Number(value);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return undefined;
    return unit === "milliseconds" ? value / 1000 : value;
  };
  madeReaders.set(readBody, readsAs(rule));
  return { ...rule, readBody, checkBody: checkBodyTimestamp };
}
