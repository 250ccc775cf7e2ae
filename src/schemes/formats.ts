// Signature header shapes that several providers share, as parse/format pairs.
import type { ParsedSignatureHeader, SignatureFields } from "./scheme.js";

/** A header carrying one signature behind a fixed prefix (`sha1=<hex>`, `v0=<hex>`), or bare with `""`. */
export function prefixed(prefix: string): {
  readonly parse: (value: string) => ParsedSignatureHeader;
  readonly format: (fields: SignatureFields) => string;
} {
  return {
    parse: (value) => ({ signatures: value.startsWith(prefix) ? [value.slice(prefix.length)] : [] }),
    format: ({ signatures }) => prefix + signatures[0],
  };
}
