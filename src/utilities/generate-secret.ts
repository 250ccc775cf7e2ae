import { toBase64 } from "../lib/base64.js";

const MIN_BYTES = 24; // Standard Webhooks' minimum key size
const MAX_BYTES = 1024;

/**
 * A fresh random secret, `"whsec_"` + base64 of `bytes` random bytes (default 32, at least 24).
 * Works for every HMAC scheme: Standard Webhooks decodes the base64, GitHub and Stripe use the
 * whole string. Uses the platform's `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * const secret = generateSecret(); // "whsec_…", store it with the endpoint
 * ```
 */
export function generateSecret(options: { bytes?: number } = {}): string {
  const bytes = options.bytes ?? 32;
  if (!Number.isInteger(bytes) || bytes < MIN_BYTES || bytes > MAX_BYTES) {
    throw new RangeError(`generateSecret: bytes must be an integer from ${MIN_BYTES} to ${MAX_BYTES}, got ${bytes}`);
  }
  const random = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(random);
  return "whsec_" + toBase64(random);
}
