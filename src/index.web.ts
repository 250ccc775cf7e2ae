// The root API ("hookseal") with Web Crypto as the default crypto provider.
import { webCrypto } from "./crypto/web.js";
import type { CryptoProvider } from "./crypto/types.js";
import type { SignedHeaders, SignOptions, Verified, VerifyOptions } from "./options.js";
import { keyPairSteps, type KeyPair } from "./keypair.js";
import { runAsync } from "./lib/steps.js";
import type { Scheme } from "./scheme.js";
import { signWith } from "./sign.js";
import { verifyWith } from "./verify.js";

export * from "./common.js";

/**
 * Signs a payload and returns the headers to send with it (lower-case names).
 * Several secrets put several signatures in the header where the scheme allows it.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ type: "invoice.paid" });
 * const headers = await sign(standardWebhooks, { secret: "whsec_…", payload: body });
 * await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
 * ```
 */
export function sign(scheme: Scheme, options: SignOptions): Promise<SignedHeaders> {
  return signWith(webCrypto, scheme, options);
}

/**
 * Proves a delivery came from the holder of the secret, unchanged and (for timestamped
 * schemes) recently. Resolves with what was verified; rejects with
 * `WebhookVerificationError` otherwise, or with `TypeError` for a parsed (non-raw) payload.
 *
 * @example
 * ```ts
 * const payload = await request.text(); // the raw body, never a parsed object
 * const { secretIndex } = await verify(github, { secret, payload, headers: request.headers });
 * ```
 */
export function verify(scheme: Scheme, options: VerifyOptions): Promise<Verified> {
  return verifyWith(webCrypto, scheme, options);
}

/**
 * A fresh Ed25519 key pair for Standard Webhooks' asymmetric signatures (`v1a`). The sender
 * signs with `secretKey`; receivers verify with `publicKey` and can never forge a delivery.
 *
 * @example
 * ```ts
 * const { secretKey, publicKey } = await generateKeyPair();
 * const headers = await sign(standardWebhooks, { secret: secretKey, payload }); // "v1a,…"
 * await verify(standardWebhooks, { secret: publicKey, payload, headers });
 * ```
 */
export function generateKeyPair(options: { crypto?: CryptoProvider } = {}): Promise<KeyPair> {
  const crypto = options.crypto ?? webCrypto;
  return runAsync(keyPairSteps(crypto), crypto);
}
