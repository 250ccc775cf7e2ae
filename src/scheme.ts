// The scheme contract: what a provider is, as data. The engine (engine.ts) runs every scheme.
import { HASH_BYTES, type HashAlgorithm } from "./crypto/types.js";

/** How a scheme turns a string secret into HMAC key bytes. Byte secrets are always used as given. */
export interface SecretRule {
  /** What a valid string secret looks like, for error messages (never the secret itself). */
  readonly describe: string;
  /** Key bytes of a string secret, or `undefined` if it is not in the scheme's format. */
  readonly decode: (secret: string) => Uint8Array | undefined;
}

/** What a scheme reads out of one value of its signature header. */
export interface ParsedSignatureHeader {
  /** The encoded HMAC signatures found (hex or base64 text), in order. */
  readonly signatures: readonly string[];
  /** The encoded Ed25519 signatures found, for schemes with {@link SchemeDefinition.asymmetric} keys. */
  readonly asymmetricSignatures?: readonly string[];
  /** The timestamp, for schemes that carry it inside the signature header (Stripe's `t=`). */
  readonly timestamp?: string;
}

/** The parts of a message that a scheme signs, as they appear on the wire. */
export interface SignedMessage {
  /** The raw body. */
  readonly body: Uint8Array;
  /** The timestamp exactly as sent (decimal Unix seconds), for timestamped schemes. */
  readonly timestamp?: string;
  /** The message id, for schemes that carry one. */
  readonly id?: string;
  /** The full request URL, for schemes that sign it ({@link SchemeDefinition.signsUrl}). */
  readonly url?: string;
}

/** The encoded signatures that `format` writes into the signature header. */
export interface SignatureFields {
  readonly signatures: readonly string[];
  readonly asymmetricSignatures: readonly string[];
  readonly timestamp?: string;
}

/** A provider's signing rules, written as data. */
export interface SchemeDefinition {
  /** Name reported as `Verified.scheme`. */
  readonly name: string;
  /**
   * How the signature is made: `"hmac"` (the default) signs {@link content} with the secret;
   * `"token"` sends the secret itself (a shared token, compared in constant time), which
   * proves who sent the request but does NOT protect the body.
   */
  readonly algorithm?: "hmac" | "token";
  /** Hash under the HMAC. */
  readonly hash: HashAlgorithm;
  /** How MACs are written in the header. */
  readonly encoding: "hex" | "base64";
  /** How string secrets become key bytes. */
  readonly secret: SecretRule;
  /** Fewest key bytes accepted (after decoding). */
  readonly minSecretBytes: number;
  /** Lower-case name of the header that carries the signature(s). */
  readonly signatureHeader: string;
  /** Reads one value of the signature header. Must not throw; return no signatures when unsure. */
  readonly parse: (value: string) => ParsedSignatureHeader;
  /** Writes the signature header value for the given encoded signatures (and timestamp). */
  readonly format: (fields: SignatureFields) => string;
  /**
   * Ed25519 keys as text, for schemes that also sign asymmetrically (Standard Webhooks `v1a`):
   * a string secret with one of these prefixes is a key pair half, not an HMAC secret.
   */
  readonly asymmetric?: { readonly secretKeyPrefix: string; readonly publicKeyPrefix: string };
  /** Whether the signature header can carry several signatures (secret rotation on the sender side). */
  readonly multipleSignatures: boolean;
  /** Present for timestamped schemes: the header holding it (omit when `parse` returns it) and the default tolerance. */
  readonly timestamp?: { readonly header?: string; readonly tolerance?: number };
  /** Lower-case name of the header carrying a message id, for schemes that sign one. */
  readonly idHeader?: string;
  /** Whether {@link content} uses the request URL; `sign` and `verify` then require the `url` option. */
  readonly signsUrl?: boolean;
  /** The byte sequence that is signed, as parts in order (strings are UTF-8). */
  readonly content: (message: SignedMessage) => readonly (string | Uint8Array)[];
}

/** A checked, frozen {@link SchemeDefinition}, ready for `sign()` and `verify()`. */
export type Scheme = Readonly<SchemeDefinition> & { readonly macBytes: number };

const LOWER_HEADER = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Checks a scheme definition and freezes it. Every built-in scheme is made this way.
 * @internal The public, documented form arrives with the providers work.
 */
export function defineScheme(definition: SchemeDefinition): Scheme {
  const headers = [definition.signatureHeader, definition.timestamp?.header, definition.idHeader];
  for (const header of headers) {
    if (header !== undefined && !LOWER_HEADER.test(header)) {
      throw new TypeError(`scheme ${definition.name}: header names must be lower-case tokens, got "${header}"`);
    }
  }
  if (!(definition.hash in HASH_BYTES)) throw new TypeError(`scheme ${definition.name}: unknown hash ${definition.hash}`);
  return Object.freeze({ ...definition, macBytes: HASH_BYTES[definition.hash] });
}

/** Narrows an argument to a scheme, with an error that says what was expected. */
export function assertScheme(value: unknown): asserts value is Scheme {
  const scheme = value as Partial<Scheme> | null;
  if (
    scheme === null ||
    typeof scheme !== "object" ||
    typeof scheme.name !== "string" ||
    typeof scheme.parse !== "function" ||
    typeof scheme.content !== "function" ||
    typeof scheme.macBytes !== "number"
  ) {
    throw new TypeError('scheme must be a scheme object such as `github`, `stripe` or `standardWebhooks` imported from "hookseal"');
  }
}
