import type { CryptoProvider } from "./crypto/types.js";
import { planVerification, type Verified, type VerifyOptions } from "./engine.js";
import type { Scheme } from "./scheme.js";

/** `verify()` with the entry point's default crypto provider; `options.crypto` wins. */
export async function verifyWith(defaultCrypto: CryptoProvider, scheme: Scheme, options: VerifyOptions): Promise<Verified> {
  const crypto = options?.crypto ?? defaultCrypto;
  const plan = planVerification(scheme, options);
  // One HMAC per secret, in order, stopping at the first that matches: the usual case costs one.
  for (let index = 0; index < plan.keys.length; index++) {
    if (plan.matches(await crypto.hmac(plan.hash, plan.keys[index]!, plan.content))) return plan.verified(index);
  }
  throw plan.noMatch();
}
