/**
 * A key set could not be had: the network failed, the server answered an error status or
 * something that is not a JSON Web Key Set, the answer was too large, or it took longer than
 * `timeoutMs`. Verification then rejects with this error and never accepts (hookseal fails
 * closed). It says nothing about the token or the delivery: the request helpers answer it with
 * 503, so the provider retries later. `cause` holds the underlying error, when there is one.
 *
 * @example
 * ```ts
 * // The helpers answer it with 503 themselves; by hand, tell it apart by name:
 * const status = await verify(awsSns(), { secret: [], payload, headers }).then(
 *   () => 200,
 *   (error: unknown) => (error instanceof Error && error.name === "KeySetError" ? 503 : 401),
 * );
 * ```
 */
export class KeySetError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // Set explicitly: minifiers rename classes, and `name` is what logs show.
    this.name = "KeySetError";
  }
}
