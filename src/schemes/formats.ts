// Signature header shapes that several providers share, as parse/format pairs. Each is a
// function of its own, called with /* @__PURE__ */ in a definition, so a bundler drops an
// unused scheme whole (it cannot drop an object spread: `...pair` might run a getter).
import type { ParsedSignatureHeader, SignatureFields } from "./scheme.js";

/** Reads a header carrying one signature behind a fixed prefix (`sha1=<hex>`, `v0=<hex>`), or bare with `""`. */
export function prefixedParse(prefix: string): (value: string) => ParsedSignatureHeader {
  return (value) => ({ signatures: value.startsWith(prefix) ? [value.slice(prefix.length)] : [] });
}

/** Writes what {@link prefixedParse} reads. */
export function prefixedFormat(prefix: string): (fields: SignatureFields) => string {
  return ({ signatures }) => prefix + signatures[0];
}
