import { assertCrypto } from "../crypto/assert.js";
import type { CryptoProvider } from "../crypto/types.js";
import { signSteps } from "./engine.js";
import type { SignedHeaders, SignOptions } from "./options.js";
import { runAsync } from "./steps.js";
import type { Scheme } from "../schemes/scheme.js";

/** `sign()` with the entry point's default crypto provider; `options.crypto` wins. */
export async function signWith(defaultCrypto: CryptoProvider, scheme: Scheme, options: SignOptions): Promise<SignedHeaders> {
  const crypto = assertCrypto(options?.crypto ?? defaultCrypto);
  return runAsync(signSteps(scheme, options, crypto), crypto);
}
