/**
 * Why a webhook failed verification. Stable: match on it, not on the message.
 *
 * @example
 * ```ts
 * const refusals = new Map<VerificationErrorCode, number>();
 * try {
 *   await verify(stripe, { secret, payload, headers });
 * } catch (error) {
 *   if (!(error instanceof WebhookVerificationError)) throw error;
 *   const code: VerificationErrorCode = error.code;
 *   refusals.set(code, (refusals.get(code) ?? 0) + 1); // count refusals by reason
 *   if (code === "invalid_secret") console.error("STRIPE_WEBHOOK_SECRET is misconfigured");
 * }
 * ```
 */
export type VerificationErrorCode =
  | "missing_header"
  | "malformed_header"
  | "no_matching_signature"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_secret"
  | "payload_too_large"
  | "body_timeout"
  | "replayed"
  | "handshake_refused";

/**
 * The one error `verify()` rejects with when a delivery is not authentic, not fresh or not
 * well formed. Messages are safe to log: they never contain a secret, an expected signature
 * or the payload.
 *
 * @example
 * ```ts
 * try {
 *   await verify(github, { secret, payload, headers });
 * } catch (error) {
 *   if (error instanceof WebhookVerificationError) return new Response(error.code, { status: webhookErrorStatus(error) });
 *   throw error;
 * }
 * ```
 */
export class WebhookVerificationError extends Error {
  /** Machine-readable reason; see {@link VerificationErrorCode}. */
  readonly code: VerificationErrorCode;

  constructor(code: VerificationErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    // Set explicitly: minifiers rename classes, and `name` is what logs show.
    this.name = "WebhookVerificationError";
    this.code = code;
  }
}
