// The rule of schemes whose sender signs the content with a private key and sends the
// signature in a header (Discord, SendGrid): keys from any PublicKeyInput, a few signatures
// tried per key, the same timestamp, content and replay handling as the HMAC engine.
import type { SignatureAlgorithm } from "../crypto/types.js";
import { accept, formOf, noMatch, noSignature } from "../engine/engine.js";
import type { Key, KeyUse } from "../engine/keys.js";
import { digest, type Steps } from "../engine/steps.js";
import { concatBytes, type Part } from "../lib/bytes.js";
import { keyFits } from "../keys/algorithms.js";
import { privateKeyOf } from "../keys/private-key.js";
import { publicKeyOf } from "../keys/public-key.js";
import { signWithKey, verifySignature } from "../keys/signature-steps.js";
import type { PublicKeyRule, Scheme } from "./scheme.js";

/** Most keys configured at once: rotation needs two or three; each costs a verification per signature. */
export const MAX_PUBLIC_KEYS = 16;
/** Most signatures tried per key (a header full of bogus entries must not multiply the work). */
const MAX_TRIES = 4;
/** Longest signature text decoded. */
const MAX_SIGNATURE_CHARS = 1024;

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/** How a scheme's signature text maps to the raw signature the algorithm checks (ECDSA: r‖s). */
export interface SignatureText {
  readonly decode: (text: string) => Uint8Array | undefined;
  readonly encode: (raw: Uint8Array) => string;
}

/**
 * The configured keys of a public-key scheme: public keys to verify with, private keys to sign
 * with, each fitting `algorithm`. A key that is not one (or not of the right type) goes through
 * `fail`; an RSA key outside 2048..8192 bits is a `RangeError`; a value of the wrong type a `TypeError`.
 */
export function keysFor(algorithm: SignatureAlgorithm, scheme: Scheme, secrets: unknown, use: KeyUse, fail: (message: string) => Error): Key[] {
  const list: readonly unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0 || secrets === undefined) throw fail(`no ${use === "verify" ? "public" : "private"} key was given for ${scheme.name}`);
  if (list.length > MAX_PUBLIC_KEYS) throw new RangeError(`${scheme.name} takes at most ${MAX_PUBLIC_KEYS} keys at once, got ${list.length}`);
  return list.map((secret, index) => {
    const what = `${list.length === 1 ? "the key" : `key #${index}`} for ${scheme.name}`;
    if (typeof secret !== "string" && (secret === null || typeof secret !== "object")) {
      throw new TypeError(`${what} must be a ${use === "verify" ? "public" : "private"} key (PEM, JWK, CryptoKey or KeyObject), got ${secret === null ? "null" : typeof secret}`);
    }
    try {
      const key: Key = use === "verify" ? { kind: "public", key: publicKeyOf(secret, what) } : { kind: "private", key: privateKeyOf(secret, what) };
      if (!keyFits(algorithm, key.key)) throw new TypeError(`${what} is not ${describe(algorithm)} key`);
      return key;
    } catch (error) {
      if (error instanceof TypeError) throw fail(error.message); // a key in the wrong form is a bad secret, as for HMAC schemes
      throw error;
    }
  });
}

const describe = (algorithm: SignatureAlgorithm): string =>
  algorithm.key === "ed25519" ? "an Ed25519" : algorithm.key === "ec" ? `an EC ${algorithm.curve}` : "an RSA";

/** A public-key rule for a scheme that signs its content (`content`) with `algorithm`, the signature in its signature header. */
export function signedContentKeys(algorithm: SignatureAlgorithm, text: SignatureText): PublicKeyRule {
  const rule: PublicKeyRule = {
    keys: (scheme, secrets, use, fail) => keysFor(algorithm, scheme, secrets, use, fail),

    *verify(scheme, configuration, body, signatureTexts, now, headers) {
      const { keys, tolerance, replay, claimAs } = configuration;
      // Timestamp first: a stale delivery is refused before any signature work is spent on it.
      let timestamp: string | undefined;
      let seconds: number | undefined;
      if (scheme.timestamp !== undefined) [timestamp, seconds] = scheme.timestamp.readHeader!(scheme, headers, undefined, now, tolerance);
      const signatures: Uint8Array[] = [];
      for (const signatureText of signatureTexts) {
        const raw = signatureText.length <= MAX_SIGNATURE_CHARS ? text.decode(signatureText) : undefined;
        if (raw !== undefined && signatures.length < MAX_TRIES) signatures.push(raw);
      }
      if (signatures.length === 0) throw noSignature(scheme);
      const form = formOf(scheme, { body, timestamp });
      if (form === undefined) throw noSignature(scheme);
      // Ed25519 and Web Crypto take the message whole: joined once, not once per signature.
      const parts: readonly Part[] = form.length > 1 && algorithm.hash === undefined ? [concatBytes(form)] : form;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index]!;
        if (key.kind !== "public") continue;
        for (const signature of signatures) {
          if (!(yield* verifySignature(algorithm, key.key, signature, parts))) continue;
          const proof = replay !== undefined ? yield* digest("SHA-256", parts) : EMPTY;
          const validUntil = seconds === undefined ? undefined : seconds + tolerance;
          return yield* accept(scheme, { secretIndex: index, timestamp: seconds, proof, validUntil }, claimAs, now, body);
        }
      }
      throw noMatch(scheme, configuration);
    },

    *sign(scheme, keys, { body, timestamp }): Steps<Record<string, string>> {
      const parts = formOf(scheme, { body, timestamp });
      if (parts === undefined) throw new TypeError(`${scheme.name} cannot sign this message`);
      const signatures: string[] = [];
      for (const key of keys) if (key.kind === "private") signatures.push(text.encode(yield* signWithKey(algorithm, key.key, parts)));
      const headers: Record<string, string> = {};
      if (timestamp !== undefined && scheme.timestamp?.header !== undefined) headers[scheme.timestamp.header] = timestamp;
      headers[scheme.signatureHeader] = scheme.format({ signatures, asymmetricSignatures: [], timestamp });
      return headers;
    },
  };
  return rule;
}
