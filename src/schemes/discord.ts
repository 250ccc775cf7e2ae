import { EDDSA } from "../keys/algorithms.js";
import { fromHex, toHex } from "../lib/hex.js";
import { hexEncoding } from "./encodings.js";
import { headerTimestamp } from "./header-timestamp.js";
import { signedContentKeys } from "./public-key-rule.js";
import { publicKeySteps } from "../engine/token-steps.js";
import { builtInScheme, placedText } from "./resolve.js";
import { jsonAnswer, smallJsonObject } from "../handshake/answers.js";
import type { Scheme } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

const ED25519_SIGNATURE_HEX = 128;
const rule = /* @__PURE__ */ signedContentKeys(EDDSA, {
  decode: (text) => (text.length === ED25519_SIGNATURE_HEX ? fromHex(text) : undefined),
  encode: toHex,
});

/**
 * Discord interactions: `X-Signature-Ed25519: <hex>`, an Ed25519 signature of
 * `<X-Signature-Timestamp><body>` (no separator) under the application's public key — the
 * 64 hex digits the Developer Portal shows as "Public Key" (PEM, JWK and platform keys work
 * too). The timestamp is Unix seconds and must be within `tolerance` (default 300 s). Answer a
 * verified PING (`{"type":1}`) with `{"type":1}` (see `discordPing`). `sign()` takes the
 * Ed25519 private key (PKCS#8 PEM, JWK or a platform key), for tests.
 *
 * Follows Discord's "Receiving and Responding: Security and Authorization",
 * https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers.
 *
 * @example
 * ```ts
 * const verified = await verifyRequest(discord, request, { secret: process.env.DISCORD_PUBLIC_KEY! });
 * ```
 */
export const discord: Scheme<{ timestamp: true; id: false; url: false }> = /* @__PURE__ */ builtInScheme({
  name: "discord",
  hash: "SHA-512", // Ed25519's own hash; there is no HMAC
  encoding: "hex",
  codec: hexEncoding,
  textContent: placedText,
  secret: utf8Secret, // unused: the public-key rule takes the keys
  tokenSteps: publicKeySteps,
  publicKey: rule,
  signatureHeader: "x-signature-ed25519",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  timestamp: /* @__PURE__ */ headerTimestamp({ header: "x-signature-timestamp", tolerance: 300 }),
  content: ({ timestamp, body }) => [timestamp, body],
  // Discord checks an interactions endpoint with a signed PING (type 1) and expects a PONG; the
  // helpers answer it only once the Ed25519 signature verified (bad PINGs get 401, as Discord tests).
  handshake: {
    claims: (_request, body) => smallJsonObject(body, 4096)?.type === 1,
    answer: () => jsonAnswer({ type: 1 }),
  },
});
