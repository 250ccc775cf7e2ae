// handshakeResponse(): a provider's endpoint check, answered from a Fetch `Request`, for routes
// that verify with verifyRequest() rather than webhookHandler().
import type { CryptoProvider } from "../crypto/types.js";
import { verifyWith } from "../engine/verify.js";
import { assertOptionsObject } from "../lib/options-object.js";
import { assertScheme, type Scheme } from "../schemes/scheme.js";
import { takesNoSecret } from "../engine/keys.js";
import { answerResponse, fetchHandshakeRequest, handshakeContext, runHandshake } from "../handshake/run.js";
import { assertRequest, assertRequestOptions, bodyTimeoutMsOf, maxBodyBytesOf, readRequestBody, type VerifyRequestOptions } from "./request.js";

/**
 * Options of `handshakeResponse()`: those of `verifyRequest()`, with `secret` optional (a check
 * that needs none, such as Asana's or Dropbox's, is answered without it; one that needs it,
 * such as a signed check or X's CRC, is a `RangeError` without it). `replay` is never used: a
 * check takes no replay claim.
 *
 * @example
 * ```ts
 * const options: HandshakeOptions = { secret: env.SLACK_SIGNING_SECRET, maxBodyBytes: 64 * 1024 };
 * const answer = await handshakeResponse(slack, request, options);
 * ```
 */
export type HandshakeOptions = Omit<VerifyRequestOptions, "secret" | "replay"> & Partial<Pick<VerifyRequestOptions, "secret">>;

/** `handshakeResponse()` with the entry point's default crypto provider; `options.crypto` wins. */
export async function handshakeResponseWith(
  defaultCrypto: CryptoProvider,
  scheme: Scheme,
  request: Request,
  options: HandshakeOptions = {},
): Promise<Response | undefined> {
  assertScheme(scheme);
  assertRequest(request);
  assertOptionsObject(options, "handshakeResponse(scheme, request, options)");
  assertRequestOptions(options as VerifyRequestOptions, "handshakeResponse");
  const rule = scheme.handshake;
  if (rule === undefined) return undefined;
  const { maxBodyBytes: _limit, bodyTimeoutMs: _timeout, replay: _replay, ...rest } = options as VerifyRequestOptions;
  const { answer } = await runHandshake(
    rule,
    fetchHandshakeRequest(request),
    handshakeContext(options, defaultCrypto),
    // A clone: the request's own body stays unread for verifyRequest() when this is no check.
    () => (request.body === null ? Promise.resolve(new Uint8Array(0)) : readRequestBody(request.clone(), maxBodyBytesOf(options), bodyTimeoutMsOf(options))),
    (payload) => {
      if (rest.secret === undefined && !takesNoSecret(scheme)) throw new RangeError(`handshakeResponse: ${scheme.name} signs this check: give the secret option`);
      return verifyWith(defaultCrypto, scheme, { ...rest, secret: rest.secret!, url: options.url ?? request.url, payload, headers: request.headers });
    },
  );
  return answer === undefined ? undefined : answerResponse(answer);
}
