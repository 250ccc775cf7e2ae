import { assertCrypto } from "./crypto/assert.js";
import type { CryptoProvider } from "./crypto/types.js";
import { verifySteps } from "./engine.js";
import type { Verified, VerifyOptions } from "./options.js";
import { runAsync } from "./lib/steps.js";
import type { Scheme } from "./scheme.js";

/** `verify()` with the entry point's default crypto provider; `options.crypto` wins. */
export async function verifyWith(defaultCrypto: CryptoProvider, scheme: Scheme, options: VerifyOptions): Promise<Verified> {
  return runAsync(verifySteps(scheme, options), assertCrypto(options?.crypto ?? defaultCrypto));
}
