import { ES256 } from "../keys/algorithms.js";
import { ecdsaDerToRaw, ecdsaRawToDer } from "../keys/ecdsa.js";
import { fromBase64, toBase64 } from "../lib/base64.js";
import { base64Encoding } from "./encodings.js";
import { headerTimestamp } from "./header-timestamp.js";
import { signedContentKeys } from "./public-key-rule.js";
import { publicKeySteps } from "../engine/token-steps.js";
import { builtInScheme, placedText } from "./resolve.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

// SendGrid sends the ECDSA signature as base64 of its DER encoding; Web Crypto and JOSE take r‖s.
const rule = /* @__PURE__ */ signedContentKeys(ES256, {
  decode: (text) => {
    const der = fromBase64(text);
    return der === undefined ? undefined : ecdsaDerToRaw(der, "P-256");
  },
  encode: (raw) => toBase64(ecdsaRawToDer(raw)),
});

/**
 * SendGrid's signed Event Webhook: `X-Twilio-Email-Event-Webhook-Signature: <base64 DER ECDSA>`,
 * an ECDSA P-256/SHA-256 signature of `<X-Twilio-Email-Event-Webhook-Timestamp><body>` under
 * the verification key SendGrid shows when signing is enabled (base64 of the DER public key;
 * PEM, JWK and platform keys work too). The DER signature is parsed strictly and `r`, `s` must
 * be in range. The timestamp is Unix seconds and must be within `tolerance` (default 300 s).
 * `sign()` takes a P-256 private key, for tests.
 *
 * Follows SendGrid's "Getting Started with the Event Webhook Security Features",
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features.
 *
 * @example
 * ```ts
 * await verify(sendgrid, { secret: process.env.SENDGRID_VERIFICATION_KEY!, payload: rawBody, headers: req.headers });
 * ```
 */
export const sendgrid: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "sendgrid",
  hash: "SHA-256",
  encoding: "base64",
  codec: base64Encoding,
  textContent: placedText,
  secret: utf8Secret, // unused: the public-key rule takes the keys
  tokenSteps: publicKeySteps,
  publicKey: rule,
  signatureHeader: "x-twilio-email-event-webhook-signature",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  timestamp: /* @__PURE__ */ headerTimestamp({ header: "x-twilio-email-event-webhook-timestamp", tolerance: 300 }),
  content: ({ timestamp, body }) => [timestamp, body],
});
