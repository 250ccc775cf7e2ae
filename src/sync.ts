// Synchronous drivers for the engine, for Node code that cannot await (hookseal/node only).
import { nodeCrypto } from "./crypto/node.js";
import type { SyncCryptoProvider } from "./crypto/types.js";
import { signSteps, verifySteps } from "./engine.js";
import type { SignedHeaders, SignOptions, Verified, VerifyOptions } from "./options.js";
import { runSync } from "./lib/steps.js";
import type { Scheme } from "./scheme.js";

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
export function signSync(scheme: Scheme, options: SyncOptions<SignOptions>): SignedHeaders {
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
export function verifySync(scheme: Scheme, options: SyncOptions<VerifyOptions>): Verified {
  return runSync(verifySteps(scheme, options), options?.crypto ?? nodeCrypto);
}
