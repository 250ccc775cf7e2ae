// Which URLs an SNS message may make us fetch. Security-critical: the signing certificate is
// fetched from the URL the (not yet verified) message names, so an attacker who could point it
// at their own host would sign anything. The raw text is matched whole, BEFORE any URL parser
// sees it: parsers normalise (backslashes, percent-encoded dots, IDNA, default ports, userinfo)
// and a check on the normalised form can disagree with what a fetch does.

// The region is `[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}`: `us-east-1`, `us-gov-west-1`, `cn-north-1`…
// (never punycode: no "--"). Written out in each pattern, so they stay literals a bundler can drop.

/** `https://sns.<region>.amazonaws.com[.cn]/<path>.pem`, with a plain path (letters, digits, `_`, `-`, single slashes). */
const CERTIFICATE_URL = /^https:\/\/sns\.[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}\.amazonaws\.com(?:\.cn)?\/(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+\.pem$/;

/** Longest URL considered. */
const MAX_URL_LENGTH = 512;

// The URL accepted last: a receiver gets the same one in every message, and comparing it costs
// less than matching it again (a string equal to an accepted one is accepted).
let lastAccepted: string | undefined;

/** Whether `url` is an SNS signing certificate URL hookseal will fetch. */
export function isSnsCertificateUrl(url: unknown): url is string {
  if (typeof url !== "string" || url.length > MAX_URL_LENGTH) return false;
  if (url === lastAccepted) return true;
  if (!CERTIFICATE_URL.test(url)) return false;
  lastAccepted = url;
  return true;
}

/** `https://sns.<region>.amazonaws.com[.cn]/?Action=ConfirmSubscription&…`: the only SubscribeURL a receiver should call. */
const SUBSCRIBE_URL = /^https:\/\/sns\.[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}\.amazonaws\.com(?:\.cn)?\/\?Action=ConfirmSubscription&[A-Za-z0-9_.~%&=:-]+$/;

/**
 * Whether `url` is a subscription-confirmation URL on SNS itself
 * (`https://sns.<region>.amazonaws.com[.cn]/?Action=ConfirmSubscription&…`), not a host the
 * message chose: check it before calling a verified message's `SubscribeURL`.
 *
 * @example
 * ```ts
 * const message = awsSnsMessage(rawBody); // after verify(awsSns(), …)
 * if (message.Type === "SubscriptionConfirmation" && isSnsSubscribeUrl(message.SubscribeURL)) await fetch(message.SubscribeURL);
 * ```
 */
export const isSnsSubscribeUrl = (url: unknown): url is string =>
  typeof url === "string" && url.length <= 2048 && SUBSCRIBE_URL.test(url);
