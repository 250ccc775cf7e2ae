// A signed delivery as a Fetch `Request`, for a receiver's own unit tests: the request a
// provider would send, passed straight to the handler under test (no server, no network).
import type { CryptoProvider } from "../crypto/types.js";
import { signWith } from "../engine/sign.js";
import type { SignOptions } from "../engine/options.js";
import { assertOptionsObject } from "../lib/options-object.js";
import type { Scheme } from "../schemes/scheme.js";

/**
 * Options of `signedRequest()`: those of `sign()`, plus the URL the request goes to and any
 * other headers it should carry.
 *
 * @example
 * ```ts
 * const options: SignedRequestOptions = {
 *   url: "http://localhost/webhooks/github",
 *   secret: "test-secret",
 *   payload: JSON.stringify({ action: "opened" }),
 *   headers: { "x-github-event": "pull_request" },
 * };
 * const request = await signedRequest(github, options);
 * ```
 */
export interface SignedRequestOptions extends Omit<SignOptions, "url"> {
  /** The absolute URL the request is addressed to (schemes that sign the URL sign this one). */
  url: string;
  /**
   * More headers (the event name, a content type): `content-type` defaults to
   * `application/json`. The signature headers are set last, so they are never overridden.
   */
  headers?: Headers | Record<string, string> | readonly (readonly [string, string])[];
}

/** `signedRequest()` with the entry point's default crypto provider; `options.crypto` wins. */
export async function signedRequestWith(defaultCrypto: CryptoProvider, scheme: Scheme, options: SignedRequestOptions): Promise<Request> {
  assertOptionsObject(options, "signedRequest(scheme, options)");
  const { url, headers: extra, ...signOptions } = options;
  if (typeof url !== "string") throw new TypeError('signedRequest: url must be the absolute URL of the handler under test, such as "http://localhost/webhooks"');
  // As a Request will hold it (a bare origin gains its "/"), so a scheme that signs the URL signs what the receiver reads.
  const href = new URL(url).href;
  const signed = await signWith(defaultCrypto, scheme, { ...signOptions, url: href });
  const headers = new Headers(extra as ConstructorParameters<typeof Headers>[0]);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  for (const name of Object.keys(signed)) headers.set(name, signed[name]!);
  return new Request(href, { method: "POST", headers, body: options.payload as BodyInit });
}
