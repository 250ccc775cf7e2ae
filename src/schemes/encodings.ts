// How a scheme writes its signatures (SchemeDefinition.encoding), as a rule the engine reaches
// only through the scheme: a bundle of hex schemes carries no base64 decoder, and the reverse.
import { fromBase64, toBase64 } from "../lib/base64.js";
import { fromHex, toHex } from "../lib/hex.js";

/**
 * Reads and writes the text of a signature: the code behind a scheme's `encoding`.
 * `defineScheme()` supplies it from `encoding`; built-in schemes name theirs.
 *
 * @example
 * ```ts
 * const bytes = github.codec?.decode("00ff"); // Uint8Array [0, 255]: GitHub writes hex
 * ```
 */
export interface SignatureEncoding {
  /** Bytes of an encoded signature, or undefined when it is not in the encoding (signatures must be canonical). */
  readonly decode: (text: string) => Uint8Array | undefined;
  /** The text of a signature. */
  readonly encode: (bytes: Uint8Array) => string;
}

/** `encoding: "hex"`: lower-case hex written, either case read. */
export const hexEncoding: SignatureEncoding = { decode: fromHex, encode: toHex };

/** `encoding: "base64"`: standard, padded, canonical base64. */
export const base64Encoding: SignatureEncoding = { decode: (text) => fromBase64(text), encode: toBase64 };
