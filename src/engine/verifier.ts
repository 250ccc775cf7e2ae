// Prepared verification: the scheme, secrets and options checked and decoded once, when a
// receiver starts, and a function that verifies each delivery with only per-delivery work.
import { assertCrypto } from "../crypto/assert.js";
import type { CryptoProvider } from "../crypto/types.js";
import { assertOptionsObject } from "../lib/options-object.js";
import type { HeadersLike } from "../lib/headers.js";
import type { Timestamp } from "../lib/time.js";
import { assertScheme, type Scheme, type TraitsOf } from "../schemes/scheme.js";
import { assertSecretGiven } from "./keys.js";
import { deliverySteps, verifyConfiguration, type VerifyConfiguration } from "./engine.js";
import type { Payload, ReplayStore, RequiredOptions, Verified, VerifyOptions } from "./options.js";
import { assertObserver, observed } from "./observe.js";
import { runAsync, type RunAsync, type Steps } from "./steps.js";

/**
 * One delivery, as a prepared verifier takes it: what changes from request to request.
 *
 * @example
 * ```ts
 * const verifyGithub = createVerifier(github, { secret });
 * const delivery: Delivery = { payload: await request.text(), headers: request.headers };
 * const verified = await verifyGithub(delivery);
 * ```
 */
export interface Delivery {
  /** The raw body, exactly as received. Never a parsed object. */
  payload: Payload;
  /** The request headers. */
  headers: HeadersLike;
  /** The verifier's clock; defaults to now. A number is Unix seconds. */
  now?: Timestamp;
  /** The full request URL as the sender addressed it, for schemes that sign it. */
  url?: string;
}

/**
 * The options of {@link createVerifier}: those of `verify()` that stay the same for every delivery.
 *
 * @example
 * ```ts
 * const options: VerifierOptions = { secret: [currentSecret, previousSecret], tolerance: 60 };
 * const verifyStripe = createVerifier(stripe, options);
 * ```
 */
export type VerifierOptions<Replay extends ReplayStore | undefined = ReplayStore | undefined> = Omit<VerifyOptions<Replay>, "payload" | "headers" | "now" | "url">;

/**
 * A verifier made by {@link createVerifier}: resolves with what was verified, or rejects as `verify()` does.
 *
 * @example
 * ```ts
 * const verifyGithub: Verifier<typeof github> = createVerifier(github, { secret });
 * const { secretIndex } = await verifyGithub({ payload, headers });
 * ```
 */
export type Verifier<S extends Scheme, Replay extends ReplayStore | undefined = undefined> = (
  delivery: Delivery & RequiredOptions<TraitsOf<S>>,
) => Promise<Verified<TraitsOf<S>, Replay>>;

/**
 * A verifier made by `createVerifierSync`: returns what was verified, or throws as `verifySync()` does.
 *
 * @example
 * ```ts
 * const verifyGithub: SyncVerifier<typeof github> = createVerifierSync(github, { secret });
 * const { secretIndex } = verifyGithub({ payload, headers });
 * ```
 */
export type SyncVerifier<S extends Scheme, Replay extends ReplayStore | undefined = undefined> = (
  delivery: Delivery & RequiredOptions<TraitsOf<S>>,
) => Verified<TraitsOf<S>, Replay>;

/** The checked configuration and provider of a verifier; a configuration error is a RangeError (a value) or TypeError (a type), naming `fn`. */
export function prepareVerifier<C extends CryptoProvider>(
  defaultCrypto: C,
  scheme: Scheme,
  options: VerifierOptions,
  fn: string,
): { configuration: VerifyConfiguration; crypto: C } {
  assertScheme(scheme);
  assertOptionsObject(options, `${fn}(scheme, options)`);
  const crypto = assertCrypto(options.crypto ?? defaultCrypto) as C;
  assertSecretGiven(scheme, options.secret, fn);
  const configuration = verifyConfiguration(scheme, options, (message) => new RangeError(`${fn}: ${message}`));
  assertObserver(options.observe);
  return { configuration, crypto };
}

/** How a prepared verifier describes the verification of one delivery: {@link deliverySteps}, or the node:crypto builds' direct path (remembered.ts). */
export type DeliveryStepsOf = (scheme: Scheme, configuration: VerifyConfiguration, delivery: Delivery, crypto: CryptoProvider) => Steps<Verified>;

/**
 * `createVerifier()` with the entry point's default crypto provider; `options.crypto` wins.
 * `run`: `runAsyncOrDone` with steps that may be done already (the direct path's, remembered.ts).
 */
export function createVerifierWith<S extends Scheme, Replay extends ReplayStore | undefined>(
  defaultCrypto: CryptoProvider,
  scheme: S,
  options: VerifierOptions<Replay>,
  fn = "createVerifier",
  steps: DeliveryStepsOf = deliverySteps,
  run: RunAsync = runAsync,
): Verifier<S, Replay> {
  const { configuration, crypto } = prepareVerifier(defaultCrypto, scheme, options, fn);
  const verifier: Verifier<S, Replay> = (delivery) => {
    try {
      return run(steps(scheme, configuration, delivery, crypto), crypto) as Promise<Verified<TraitsOf<S>, Replay>>;
    } catch (error) {
      return Promise.reject(error); // a delivery that is not even an object, or a parsed payload
    }
  };
  const observe = options.observe;
  // Without an observer, the verifier as it is (observe.ts).
  return observe === undefined ? verifier : (delivery) => observed(observe, scheme, () => verifier(delivery));
}
