// Zoom's endpoint.url_validation challenge: prove you hold the Secret Token by returning the
// HMAC of the plain token. Written as steps, like the engine, and run by each entry point's
// default crypto provider (index.ts).
import type { CryptoProvider } from "../crypto/types.js";
import { asBytes, utf8 } from "../lib/bytes.js";
import { toHex } from "../lib/hex.js";
import { hmac, runAsync, type Steps } from "../engine/steps.js";

/**
 * The JSON body to answer Zoom's `endpoint.url_validation` event with (status 200).
 *
 * @example
 * ```ts
 * const answer: ZoomChallengeResponse = await zoomChallengeResponse("qgg8vlvZRS6UYooatFL8Aw", env.ZOOM_WEBHOOK_SECRET_TOKEN);
 * return Response.json(answer); // { plainToken, encryptedToken }, status 200
 * ```
 */
export interface ZoomChallengeResponse {
  /** The `payload.plainToken` Zoom sent, echoed. */
  plainToken: string;
  /** Lower-case hex of HMAC-SHA256(Secret Token, plainToken). */
  encryptedToken: string;
}

/**
 * Zoom's plain tokens are random base64url text (22 characters: 16 bytes, such as
 * "qgg8vlvZRS6UYooatFL8Aw"). Only that shape is answered, with room for a longer token: the
 * answer is an HMAC under the webhook secret, so a token such as "v0:<ts>:<body>" would
 * otherwise yield a valid x-zm-signature for a forged event. No ':' can appear in this shape.
 */
const PLAIN_TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The challenge response; `TypeError` for a token or secret of the wrong type, `RangeError` for
 * a token not shaped like Zoom's (16 to 64 base64url characters) or an empty or blank secret.
 */
export function* zoomChallengeSteps(plainToken: unknown, secret: unknown): Steps<ZoomChallengeResponse> {
  if (typeof plainToken !== "string") {
    throw new TypeError("zoomChallengeResponse(plainToken, secret): plainToken must be the string at payload.plainToken of the endpoint.url_validation event");
  }
  if (!PLAIN_TOKEN_SHAPE.test(plainToken)) {
    throw new RangeError(
      "zoomChallengeResponse: plainToken is not shaped like Zoom's (16 to 64 characters of A-Z a-z 0-9 _ -); " +
        "a token that is not Zoom's is never signed with the webhook secret",
    );
  }
  const key = asBytes(secret);
  if (key === undefined) throw new TypeError("zoomChallengeResponse(plainToken, secret): secret must be the app's Secret Token (a string) or its bytes");
  if (key.length === 0) throw new RangeError("zoomChallengeResponse: the secret is empty");
  if (typeof secret === "string" && secret.trim() === "") throw new RangeError("zoomChallengeResponse: the secret is only whitespace");
  const mac = yield* hmac("SHA-256", key, [utf8(plainToken)]);
  return { plainToken, encryptedToken: toHex(mac) };
}

/** `zoomChallengeResponse()` with the entry point's default crypto provider; `options.crypto` wins. */
export function zoomChallengeResponseWith(
  defaultCrypto: CryptoProvider,
  plainToken: string,
  secret: string | Uint8Array | ArrayBuffer,
  options: { crypto?: CryptoProvider } = {},
): Promise<ZoomChallengeResponse> {
  const crypto = options?.crypto ?? defaultCrypto;
  return runAsync(zoomChallengeSteps(plainToken, secret), crypto); // input errors reject, never throw
}
