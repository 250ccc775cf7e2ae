/**
 * A key set could not be had: the network failed, the server answered an error status or
 * something that is not a JSON Web Key Set, the answer was too large, or it took longer than
 * `timeoutMs`. Verification then rejects with this error and never accepts (hookseal fails
 * closed). It says nothing about the token or the delivery: the request helpers answer it with
 * 503, so the provider retries later. `cause` holds the underlying error, when there is one.
 *
 * @example
 * ```ts
 * try {
 *   await verifyJwt(token, jwks("https://www.googleapis.com/oauth2/v3/certs"), { audience: "https://hooks.example.com/pubsub" });
 * } catch (error) {
 *   if (error instanceof KeySetError) return new Response(null, { status: 503 }); // try again later
 *   throw error;
 * }
 * ```
 */
export class KeySetError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // Set explicitly: minifiers rename classes, and `name` is what logs show.
    this.name = "KeySetError";
  }
}
