// Synchronous drivers for the engine, for Node code that cannot await (hookseal/node only).
import { nodeCrypto } from "../crypto/node.js";
import type { SyncCryptoProvider } from "../crypto/types.js";
import { observedSync } from "./observe.js";
import { deliveredSteps, signSteps } from "./engine.js";
import { assertOptionsObject } from "../lib/options-object.js";
import { payloadPart } from "../lib/payload.js";
import { directly, rememberedVerifySync } from "./remembered.js";
import type { ReplayStore, RequiredOptions, SecretOptions, SignedHeaders, SignOptions, Verified, VerifyOptions } from "./options.js";
import { runSync } from "./steps.js";
import { prepareVerifier, type SyncVerifier, type VerifierOptions } from "./verifier.js";
import type { Scheme, TraitsOf } from "../schemes/scheme.js";

/**
 * Options of the sync variants: as the async ones, with a synchronous crypto provider.
 *
 * @example
 * ```ts
 * const options: SyncOptions<VerifyOptions> = { secret, payload: rawBody, headers: req.headers, crypto: nodeCrypto };
 * const verified = verifySync(github, options);
 * ```
 */
export type SyncOptions<T> = Omit<T, "crypto"> & { crypto?: SyncCryptoProvider };

/**
 * `sign()` without a Promise, on `node:crypto`.
 *
 * @example
 * ```ts
 * import { signSync, github } from "hookseal/node";
 * const headers = signSync(github, { secret: "It's a Secret to Everybody", payload: "Hello, World!" });
 * ```
 */
export function signSync<S extends Scheme>(scheme: S, options: SyncOptions<SignOptions> & RequiredOptions<TraitsOf<S>>): SignedHeaders {
  const crypto = options?.crypto ?? nodeCrypto;
  return runSync(signSteps(scheme, options, crypto), crypto);
}

/**
 * `verify()` without a Promise, on `node:crypto`. Throws `WebhookVerificationError` where
 * `verify()` would reject with it.
 *
 * @example
 * ```ts
 * import { verifySync, stripe } from "hookseal/node";
 * const { timestamp } = verifySync(stripe, { secret: process.env.STRIPE_WEBHOOK_SECRET!, payload: rawBody, headers: req.headers });
 * ```
 */
export function verifySync<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  options: SecretOptions<SyncOptions<VerifyOptions<Replay>>, TraitsOf<S>> & RequiredOptions<TraitsOf<S>>,
): Verified<TraitsOf<S>, Replay> {
  return verifySyncWith(scheme, options as SyncOptions<VerifyOptions<Replay>>);
}

function verifySyncWith<S extends Scheme, Replay extends ReplayStore | undefined>(scheme: S, options: SyncOptions<VerifyOptions<Replay>>): Verified<TraitsOf<S>, Replay> {
  // The engine reports what the traits promise (see verifyWith). Without an observer, nothing more than this one read.
  const observe = options?.observe;
  if (observe === undefined) return rememberedVerifySync(scheme, options, options?.crypto ?? nodeCrypto) as Verified<TraitsOf<S>, Replay>;
  return observedSync(observe, scheme, () => rememberedVerifySync(scheme, options, options.crypto ?? nodeCrypto) as Verified<TraitsOf<S>, Replay>);
}

/**
 * `createVerifier()` without a Promise, on `node:crypto`: the options are checked and the
 * secrets decoded once, here (a configuration error throws a `RangeError` or `TypeError` at
 * once), and the returned function verifies one delivery synchronously, throwing
 * `WebhookVerificationError` where `verifySync()` would.
 *
 * @example
 * ```ts
 * import { createVerifierSync, stripe } from "hookseal/node";
 * const verifyStripe = createVerifierSync(stripe, { secret: process.env.STRIPE_WEBHOOK_SECRET! }); // at start-up
 * const { timestamp } = verifyStripe({ payload: rawBody, headers: req.headers });
 * ```
 */
export function createVerifierSync<S extends Scheme, Replay extends ReplayStore | undefined = undefined>(
  scheme: S,
  options: SecretOptions<SyncOptions<VerifierOptions<Replay>>, TraitsOf<S>>,
): SyncVerifier<S, Replay> {
  const { configuration, crypto } = prepareVerifier(nodeCrypto, scheme, options as SyncOptions<VerifierOptions<Replay>>, "createVerifierSync");
  const verifier: SyncVerifier<S, Replay> = (delivery) => {
    assertOptionsObject(delivery, "verifier(delivery)");
    const body = payloadPart(delivery.payload);
    // On node:crypto, the common case without the engine's steps (direct.ts), as verifySync.
    const verified = directly(scheme, configuration, body, delivery, crypto);
    return (verified ?? runSync(deliveredSteps(scheme, configuration, body, delivery), crypto)) as Verified<TraitsOf<S>, Replay>;
  };
  const observe = options.observe;
  // Without an observer, the verifier as it is (observe.ts).
  return observe === undefined ? verifier : (delivery) => observedSync(observe, scheme, () => verifier(delivery));
}
