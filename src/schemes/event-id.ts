// The provider's event id (Verified.eventId), read only from signed content by a scheme's
// `eventId` rule (SchemeDefinition.eventId): the engine calls it once a signature matched, so
// nothing unauthenticated is ever read, and schemes without a rule bundle none of this.
import { type Part, fatalDecoder } from "../lib/bytes.js";
import type { Verified } from "../engine/options.js";

/** What an event id may be: 1 to 256 visible ASCII characters (it goes into replay keys and logs). */
const EVENT_ID = /^[\x21-\x7e]{1,256}$/;

/**
 * Largest body whose JSON is parsed for an event id. The body is authentic by then (a provider
 * sends far less), but the parse still has a bound: a bigger body has no `eventId`, and
 * `replayKey: "event"` then claims its digest.
 */
export const MAX_EVENT_BODY_BYTES = 4_194_304; // 4 MiB

/** The string at `path` in a JSON object body, when it is shaped like an id; undefined otherwise. */
export function jsonField(body: Part, path: readonly string[]): string | undefined {
  if ((typeof body === "string" ? body.length : body.byteLength) > MAX_EVENT_BODY_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(typeof body === "string" ? body : fatalDecoder.decode(body));
  } catch {
    return undefined; // not JSON (a Slack slash command's form body): no event id
  }
  for (const key of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" && EVENT_ID.test(value) ? value : undefined;
}

/**
 * The rule of a scheme whose signed message id is the provider's event id (Standard Webhooks'
 * `webhook-id`, the same on every retry of a message).
 */
export function idIsEventId(verified: Verified): void {
  if (verified.id !== undefined) verified.eventId = verified.id;
}

/**
 * {@link idIsEventId} for an id read from a signed body rather than from a header whose reader
 * already bounds it (SNS's `MessageId`): only an id shaped like one becomes the event id.
 */
export function shapedIdIsEventId(verified: Verified): void {
  if (verified.id !== undefined && EVENT_ID.test(verified.id)) verified.eventId = verified.id;
}

/**
 * Base of {@link PendingBody}: a constructor that returns the object it is given, so that the
 * subclass's private field is added to that object (a result made elsewhere) rather than to a
 * new one.
 */
class Stamped {
  constructor(target: object) {
    return target;
  }
}

/**
 * The body a lazily read `eventId` still has to parse, kept on the result itself in a private
 * field: invisible to spreads, `JSON.stringify`, `console.log` and reflection, and cheap to
 * add. A WeakMap entry per verification measured ~1 µs (its ephemeron costs the garbage
 * collector too), and a non-enumerable symbol property ~0.13 µs (`Object.defineProperty`),
 * against a 1 KiB HMAC of ~3 µs.
 */
class PendingBody extends Stamped {
  #body: Part | undefined;
  constructor(target: Verified, body: Part) {
    super(target);
    this.#body = body;
  }

  /** The body still to parse, once: taken (and let go of) by the first read or write. */
  static take(verified: object): Part | undefined {
    if (!(#body in verified)) return undefined;
    const body = (verified as PendingBody).#body;
    (verified as PendingBody).#body = undefined;
    return body;
  }
}

/** Replaces the accessor by the value, once read or set (no `delete`: it would make the result a slow dictionary object). */
const settle = (verified: Verified, value: string | undefined): void => {
  Object.defineProperty(verified, "eventId", { value, writable: true, enumerable: true, configurable: true });
};

/**
 * The accessor of a rule reading `path`, made once per rule, so installing it changes no
 * object's shape more than a data property would (a getter made per call would cost an
 * allocation and a slow object each time).
 */
const lazyEventId = (path: readonly string[]): PropertyDescriptor => ({
  configurable: true,
  enumerable: true,
  get(this: Verified): string | undefined {
    const body = PendingBody.take(this);
    const value = body === undefined ? undefined : jsonField(body, path);
    settle(this, value);
    return value;
  },
  set(this: Verified, value: string | undefined): void {
    PendingBody.take(this);
    settle(this, value);
  },
});

/**
 * The rule of a scheme whose provider puts the event id in its signed JSON body, at `path`
 * (Stripe: `"id"`). The body is parsed only when `eventId` is first read (by the caller, by
 * `replayKey: "event"` or for an observer), so a verification that never asks costs nothing
 * more; the value is then kept. The payload's bytes are read then: do not change them in place
 * before that.
 */
export function jsonEventId(...path: string[]): (verified: Verified, body: Part) => void {
  const accessor = lazyEventId(path);
  return (verified, body) => {
    new PendingBody(verified, body);
    Object.defineProperty(verified, "eventId", accessor);
  };
}
