// Rules for schemes whose signed content needs more than the body and headers: the request URL
// (SchemeDefinition.signsUrl) and per-message work and alternative forms (prepare, variants).
// The engine reaches them only through a scheme's `checkUrl` and `forms`, so the bundles of
// other schemes carry none of this.
import { preparedMessage } from "../engine/prepare.js";
import type { Part } from "../lib/bytes.js";
import type { Scheme, SignedMessage } from "./scheme.js";

function isAbsoluteUrl(url: string): boolean {
  try {
    new URL(url); // throws without a scheme and host
    return true;
  } catch {
    return false;
  }
}

/** The `url` option of a scheme that signs the URL: required, and absolute. */
export function absoluteUrl(scheme: Scheme, url: string | undefined): string {
  if (url === undefined || !isAbsoluteUrl(url)) {
    throw new TypeError(`${scheme.name} signs the request URL: pass the full URL the sender used (https://host/path?query) as the url option, not a path such as req.url`);
  }
  return url;
}

/** Most forms of one message tried (a scheme's `variants`): each costs one HMAC per secret. */
const MAX_VARIANTS = 8;

/**
 * The signed content of the message and of each form the sender may have signed instead. The
 * scheme's `prepare` runs once, before the variants are made: whatever it parses (Twilio's
 * form body) is parsed once per request, however many forms are tried.
 */
export function preparedForms(scheme: Scheme, received: SignedMessage): (readonly Part[])[] {
  const message = preparedMessage(scheme, received);
  const messages = scheme.variants === undefined ? [message] : [message, ...scheme.variants(message).slice(0, MAX_VARIANTS - 1)];
  return messages.map((form) => scheme.content(form)).filter((parts) => parts !== undefined);
}
