import { assertCrypto } from "../crypto/assert.js";
import type { CryptoProvider } from "../crypto/types.js";
import type { ReplayStore, Verified, VerifyOptions } from "./options.js";
import { verifySteps } from "./engine.js";
import { observed } from "./observe.js";
import { runAsync, type RunAsync, type Steps } from "./steps.js";
import type { Scheme, TraitsOf } from "../schemes/scheme.js";

/**
 * `verify()` with the entry point's default crypto provider; `options.crypto` wins. The result
 * has what the traits promise: the engine reports the timestamp of every timestamped scheme, the
 * id of every scheme with an id header, and `release` whenever a replay store was given.
 * Never throws: every problem is a rejection. `steps`: how the verification is described; the
 * node:crypto builds pass `rememberedVerifySteps` (remembered.ts), which the Web Crypto
 * bundles leave out (a Web Crypto MAC costs far more than checking the options again), and
 * `run`: `runAsyncOrDone`, for the steps it has finished already (steps.ts).
 */
export function verifyWith<S extends Scheme, Replay extends ReplayStore | undefined>(
  defaultCrypto: CryptoProvider,
  scheme: S,
  options: VerifyOptions<Replay>,
  steps: (scheme: Scheme, options: VerifyOptions) => Steps<Verified> = verifySteps,
  run: RunAsync = runAsync,
): Promise<Verified<TraitsOf<S>, Replay>> {
  // Without an observer, nothing more than this one read (observe.ts).
  const observe = options?.observe;
  return observe === undefined ? verification(defaultCrypto, scheme, options, steps, run) : observed(observe, scheme, () => verification(defaultCrypto, scheme, options, steps, run));
}

function verification<S extends Scheme, Replay extends ReplayStore | undefined>(
  defaultCrypto: CryptoProvider,
  scheme: S,
  options: VerifyOptions<Replay>,
  steps: (scheme: Scheme, options: VerifyOptions) => Steps<Verified>,
  run: RunAsync,
): Promise<Verified<TraitsOf<S>, Replay>> {
  try {
    const crypto = assertCrypto(options?.crypto ?? defaultCrypto);
    return run(steps(scheme, options), crypto) as Promise<Verified<TraitsOf<S>, Replay>>;
  } catch (error) {
    return Promise.reject(error);
  }
}
