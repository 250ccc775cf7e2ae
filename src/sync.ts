// Synchronous drivers for the engine, for Node code that cannot await (hookseal/node only).
import { nodeCrypto } from "./crypto/node.js";
import type { CryptoProvider, SyncCryptoProvider } from "./crypto/types.js";
import { planSigning, planVerification, type SignedHeaders, type SignOptions, type Verified, type VerifyOptions } from "./engine.js";
import type { Scheme } from "./scheme.js";

/** Options of the sync variants: as the async ones, with a synchronous crypto provider. */
export type SyncOptions<T> = Omit<T, "crypto"> & { crypto?: SyncCryptoProvider };

function syncMac(crypto: CryptoProvider, ...args: Parameters<CryptoProvider["hmac"]>): Uint8Array {
  const mac = crypto.hmac(...args);
  if (mac instanceof Promise) {
    mac.catch(() => {}); // the result is discarded; do not leave an unhandled rejection behind
    throw new TypeError(`the "${crypto.name}" crypto provider is asynchronous: signSync/verifySync need nodeCrypto`);
  }
  return mac;
}

/**
 * `sign()` without a Promise, on `node:crypto`.
 *
 * @example
 * ```ts
 * import { signSync, github } from "hookseal/node";
 * const headers = signSync(github, { secret: "It's a Secret to Everybody", payload: "Hello, World!" });
 * ```
 */
export function signSync(scheme: Scheme, options: SyncOptions<SignOptions>): SignedHeaders {
  const crypto = options?.crypto ?? nodeCrypto;
  const plan = planSigning(scheme, options, crypto);
  return plan.headers(plan.keys.map((key) => syncMac(crypto, plan.hash, key, plan.content)));
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
export function verifySync(scheme: Scheme, options: SyncOptions<VerifyOptions>): Verified {
  const crypto = options?.crypto ?? nodeCrypto;
  const plan = planVerification(scheme, options);
  for (let index = 0; index < plan.keys.length; index++) {
    if (plan.matches(syncMac(crypto, plan.hash, plan.keys[index]!, plan.content))) return plan.verified(index);
  }
  throw plan.noMatch();
}
