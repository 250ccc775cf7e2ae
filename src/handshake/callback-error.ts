/**
 * A handshake that must call its provider back could not: AWS SNS's `SubscribeURL` (with
 * `awsSns({ confirmSubscription: true })`) failed to answer, answered an error status or
 * something too large, or took longer than `timeoutMs`. The check itself was authentic and
 * nothing was accepted or claimed; the subscription simply is not confirmed yet. The request
 * helpers answer it 503 `{ "error": "handshake_callback_failed" }` (as `webhookErrorStatus()`
 * says), so the provider sees a failure. `cause` holds the underlying error, when there is one.
 * Its message never carries the URL called (it holds the subscription's token).
 *
 * @example
 * ```ts
 * const orders = awsSns({ topicArns: ["arn:aws:sns:us-east-1:123456789012:orders"], confirmSubscription: true }); // once, not per request
 * try {
 *   const answer = await handshakeResponse(orders, request);
 *   if (answer !== undefined) return answer;
 * } catch (error) {
 *   if (error instanceof HandshakeCallbackError) return new Response(null, { status: 503 }); // not confirmed: log error.cause
 *   throw error;
 * }
 * ```
 */
export class HandshakeCallbackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // Set explicitly: minifiers rename classes, and `name` is what logs show.
    this.name = "HandshakeCallbackError";
  }
}
