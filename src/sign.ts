import type { CryptoProvider } from "./crypto/types.js";
import { planSigning, type SignedHeaders, type SignOptions } from "./engine.js";
import type { Scheme } from "./scheme.js";

/** `sign()` with the entry point's default crypto provider; `options.crypto` wins. */
export async function signWith(defaultCrypto: CryptoProvider, scheme: Scheme, options: SignOptions): Promise<SignedHeaders> {
  const crypto = options?.crypto ?? defaultCrypto;
  const plan = planSigning(scheme, options, crypto);
  const macs = await Promise.all(plan.keys.map((key) => crypto.hmac(plan.hash, key, plan.content)));
  return plan.headers(macs);
}
