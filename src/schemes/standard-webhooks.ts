import { headerTimestamp } from "./header-timestamp.js";
import { readIdHeader } from "./id-header.js";
import { base64Encoding } from "./encodings.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { ed25519Keys } from "./ed25519-keys.js";
import { prefixedBase64Secret } from "./secrets.js";
import { idIsEventId } from "./event-id.js";

const HMAC_VERSION = "v1,";
const ED25519_VERSION = "v1a,";
const COMMA = 44;

// Space-separated `version,signature` entries, read in one pass without splitting. A comma
// ending an entry that another follows is dropped: a Fetch `Headers` joins two header lines
// with ", " (base64 has no commas).
function parseEntries(value: string): { signatures: string[]; asymmetricSignatures?: string[] } {
  // Each list made with its first entry: an exact size, not push()'s reserve of 17.
  let signatures: string[] | undefined;
  let asymmetricSignatures: string[] | undefined;
  for (let start = 0; start <= value.length; ) {
    let end = value.indexOf(" ", start);
    const last = end < 0;
    if (last) end = value.length;
    const stop = !last && end > start && value.charCodeAt(end - 1) === COMMA ? end - 1 : end;
    if (value.startsWith(HMAC_VERSION, start) && start + HMAC_VERSION.length <= stop) {
      const signature = value.slice(start + HMAC_VERSION.length, stop);
      if (signatures === undefined) signatures = [signature];
      else signatures.push(signature);
    } else if (value.startsWith(ED25519_VERSION, start) && start + ED25519_VERSION.length <= stop) {
      const signature = value.slice(start + ED25519_VERSION.length, stop);
      if (asymmetricSignatures === undefined) asymmetricSignatures = [signature];
      else asymmetricSignatures.push(signature);
    }
    start = end + 1;
  }
  signatures ??= [];
  return asymmetricSignatures === undefined ? { signatures } : { signatures, asymmetricSignatures };
}

/** The header names a Standard Webhooks sender uses. */
export interface StandardWebhooksHeaders {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
}

/**
 * The Standard Webhooks rules under a scheme name and header names: `standardWebhooks` uses
 * the spec's `webhook-*`, `svix` the same rules under `svix-*`.
 */
export function standardWebhooksScheme(name: string, headers: StandardWebhooksHeaders): Scheme<{ timestamp: true; id: true; url: false }> {
  return builtInScheme({
    name,
    hash: "SHA-256",
    encoding: "base64",
    codec: base64Encoding,
    textContent: placedText,
    secret: prefixedBase64Secret("whsec_"),
    minSecretBytes: 24, // the specification's range for whsec_ secrets: 24 to 64 bytes
    maxSecretBytes: 64,
    signatureHeader: headers.signature,
    parse: parseEntries,
    format: ({ signatures, asymmetricSignatures }) =>
      [...signatures.map((mac) => HMAC_VERSION + mac), ...asymmetricSignatures.map((sig) => ED25519_VERSION + sig)].join(" "),
    asymmetric: ed25519Keys({ secretKeyPrefix: "whsk_", publicKeyPrefix: "whpk_" }),
    multipleSignatures: true,
    timestamp: /* @__PURE__ */ headerTimestamp({ header: headers.timestamp, tolerance: 300 }),
    idHeader: headers.id,
    readId: readIdHeader,
    content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
    // The signed message id is the same on every retry of a message: it names the event.
    eventId: idIsEventId,
  });
}

/**
 * Standard Webhooks (also what Svix sends, under `webhook-*` names): `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64> [v1,<base64> …]`, an HMAC-SHA256 of
 * `"<id>.<timestamp>.<body>"` keyed with the base64-decoded `whsec_…` secret (at least 24
 * bytes). With an Ed25519 key pair from `generateKeyPair()` instead, `sign()` with the
 * `whsk_…` secret key writes `v1a,<base64>` entries and `verify()` with the `whpk_…` public key
 * checks them; one header may mix both. Entries of other versions are ignored.
 * `Verified.eventId` is the signed `webhook-id`, the same on every retry of a message.
 * See the Standard Webhooks specification. For the `svix-*` header names, use `svix`.
 *
 * @example
 * ```ts
 * const headers = await sign(standardWebhooks, { secret: "whsec_…", payload: JSON.stringify(event) });
 * ```
 */
export const standardWebhooks: Scheme<{ timestamp: true; id: true; url: false }> = /* @__PURE__ */ standardWebhooksScheme("standardWebhooks", {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
});
