// Which base64 decoder a verification uses: lib/base64.ts everywhere (when none is given), or a
// built-in adapter's native one (crypto/node.ts: Buffer's, held to the same strict rules) found
// through the provider (crypto/text-parts.ts), so the portable bundles never carry the native one.

/** Strict decoders: each accepts exactly the texts lib/base64.ts accepts, and gives the same bytes. */
export interface Base64Codec {
  /** Canonical unpadded base64url, the caller's to keep; undefined for any other text. */
  readonly base64Url: (text: string) => Uint8Array | undefined;
  /** The same, in bytes that may be valid only until the next call (read at once). */
  readonly base64UrlTransient: (text: string) => Uint8Array | undefined;
  /** Canonical padded standard base64 (lib/base64.ts `fromBase64`), the caller's to keep; undefined for any other text. */
  readonly base64?: (text: string) => Uint8Array | undefined;
}

