// The configuration of a one-call `verify()`/`verifySync()`, remembered between calls. A
// receiver calls `verify(github, { secret: process.env.SECRET, payload, headers })` for every
// delivery, with the same string secret(s) and options each time: checking those options and
// finding the decoded keys again is work the prepared verifier (verifier.ts) does once. Only
// string secrets are remembered (bytes may be changed in place by the caller, so they are decoded
// every call, as keys.ts does), compared by value on every call: a changed secret, or an
// array of secrets changed in place, is never answered with the keys of the old one. Bounded.
import { nodeCrypto } from "../crypto/node.js";
import { verifyDirect } from "./direct.js";
import { deliveredSteps, verifyConfiguration, type DeliveryFields, type VerifyConfiguration } from "./engine.js";
import { WebhookVerificationError } from "./errors.js";
import type { ReplayStore, Verified, VerifyOptions } from "./options.js";
import { Done, runSync, type Steps } from "./steps.js";
import type { CryptoProvider, SyncCryptoProvider } from "../crypto/types.js";
import type { Part } from "../lib/bytes.js";
import { assertOptionsObject } from "../lib/options-object.js";
import { payloadPart } from "../lib/payload.js";
import { assertScheme, type Scheme } from "../schemes/scheme.js";

/** Configurations remembered per scheme; the oldest is replaced first. */
export const REMEMBERED_PER_SCHEME = 8;

interface Remembered {
  /** The secret(s) as they were when the configuration was made (an array copied). */
  readonly secret: string | readonly string[];
  readonly tolerance: unknown;
  readonly replay: ReplayStore | undefined;
  readonly replayTtl: unknown;
  readonly replayScope: unknown;
  readonly replayKey: unknown;
  readonly configuration: VerifyConfiguration;
}

interface SchemeMemory {
  readonly entries: Remembered[];
  next: number;
}

const memory = /* @__PURE__ */ new WeakMap<Scheme, SchemeMemory>();

/** True when `secret` is the string, or an array holding exactly the strings, in `remembered`. */
function sameSecret(remembered: string | readonly string[], secret: unknown): boolean {
  if (typeof remembered === "string") return remembered === secret;
  if (!Array.isArray(secret) || secret.length !== remembered.length) return false;
  for (let i = 0; i < remembered.length; i++) if (secret[i] !== remembered[i]) return false;
  return true;
}

/** A copy of `secret` when it is a string or a non-empty array of strings; undefined otherwise (not remembered). */
function rememberable(secret: unknown): string | readonly string[] | undefined {
  if (typeof secret === "string") return secret;
  if (!Array.isArray(secret) || secret.length === 0) return undefined;
  for (let i = 0; i < secret.length; i++) if (typeof secret[i] !== "string") return undefined;
  return Object.freeze(secret.slice() as string[]);
}

/**
 * `verifyConfiguration(scheme, options, badSecret)`, or the configuration it made for the same
 * string secret(s) and the same other options. A configuration that throws is not remembered.
 */
export function configurationOf(scheme: Scheme, options: VerifyOptions, badSecret: (message: string) => Error): VerifyConfiguration {
  const { secret, tolerance, replay, replayTtl, replayScope, replayKey } = options;
  let forScheme = memory.get(scheme);
  if (forScheme !== undefined) {
    const entries = forScheme.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (
        entry.tolerance === tolerance &&
        entry.replay === replay &&
        entry.replayTtl === replayTtl &&
        entry.replayScope === replayScope &&
        entry.replayKey === replayKey &&
        sameSecret(entry.secret, secret)
      ) {
        return entry.configuration;
      }
    }
  }
  const copy = rememberable(secret);
  // Made from the copy: the whitespace hint of a failed match reads the secrets as they are now.
  const configuration = verifyConfiguration(scheme, { secret: copy ?? secret, tolerance, replay, replayTtl, replayScope, replayKey }, badSecret);
  if (copy !== undefined) {
    if (forScheme === undefined) memory.set(scheme, (forScheme = { entries: [], next: 0 }));
    const entry: Remembered = { secret: copy, tolerance, replay, replayTtl, replayScope, replayKey, configuration };
    if (forScheme.entries.length < REMEMBERED_PER_SCHEME) forScheme.entries.push(entry);
    else {
      forScheme.entries[forScheme.next] = entry;
      forScheme.next = (forScheme.next + 1) % REMEMBERED_PER_SCHEME;
    }
  }
  return configuration;
}

const invalidSecret = (message: string) => new WebhookVerificationError("invalid_secret", message);

/** The one-call checks in their order (scheme, options, then payload): the body as a part. */
function checkedBody(scheme: Scheme, options: VerifyOptions): Part {
  assertScheme(scheme);
  assertOptionsObject(options, "verify(scheme, options)");
  return payloadPart(options.payload);
}

/**
 * On node:crypto (`crypto` undefined: the default), a verification that needs nothing but HMACs,
 * done at once (direct.ts); undefined, having done nothing, otherwise.
 */
export const directly = (scheme: Scheme, configuration: VerifyConfiguration, body: Part, fields: DeliveryFields, crypto: CryptoProvider | undefined): Verified | undefined =>
  crypto === undefined || crypto === nodeCrypto ? verifyDirect(scheme, configuration, body, fields) : undefined;

/** A direct result as steps that are already done, or the engine's steps when there is none. */
const stepsAfter = (verified: Verified | undefined, scheme: Scheme, configuration: VerifyConfiguration, body: Part, fields: DeliveryFields): Steps<Verified> =>
  verified !== undefined ? (new Done(verified) as unknown as Steps<Verified>) : deliveredSteps(scheme, configuration, body, fields);

/**
 * `verifySteps(scheme, options)` with the configuration remembered between calls: the same
 * checks in the same order (scheme, options, payload, then the configuration). On node:crypto,
 * a verification that needs nothing but HMACs is done here at once (direct.ts), and its
 * errors thrown here: both drivers call this where they would run the first step.
 */
export function rememberedVerifySteps(scheme: Scheme, options: VerifyOptions): Steps<Verified> {
  const body = checkedBody(scheme, options);
  const configuration = configurationOf(scheme, options, invalidSecret);
  return stepsAfter(directly(scheme, configuration, body, options, options.crypto), scheme, configuration, body, options);
}

/**
 * `deliverySteps(scheme, configuration, delivery)` of a prepared verifier (verifier.ts) on
 * `crypto`: on node:crypto, a verification that needs nothing but HMACs is done here at once
 * (direct.ts), as {@link rememberedVerifySteps} does for a one-call `verify()`.
 */
export function directDeliverySteps(scheme: Scheme, configuration: VerifyConfiguration, delivery: DeliveryFields & { readonly payload: unknown }, crypto: CryptoProvider): Steps<Verified> {
  assertOptionsObject(delivery, "verifier(delivery)");
  const body = payloadPart(delivery.payload);
  return stepsAfter(directly(scheme, configuration, body, delivery, crypto), scheme, configuration, body, delivery);
}

/** `runSync(rememberedVerifySteps(scheme, options), crypto)`, with a direct result returned as it is. */
export function rememberedVerifySync(scheme: Scheme, options: VerifyOptions, crypto: SyncCryptoProvider): Verified {
  const body = checkedBody(scheme, options);
  const configuration = configurationOf(scheme, options, invalidSecret);
  return directly(scheme, configuration, body, options, options.crypto) ?? runSync(deliveredSteps(scheme, configuration, body, options), crypto);
}
