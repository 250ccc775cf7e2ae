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

/**
 * Reads `t=<timestamp>,<key>=<signature>[,<key>=<signature>…]` (Mux, Calendly, WorkOS,
 * ElevenLabs, Sanity): items split at `,`, keys and values trimmed of spaces (WorkOS writes
 * `t=…, v1=…`), other keys ignored. Different `t=` values are ambiguous: none is reported, so
 * the engine refuses the header. One pass over the value, no regular expression.
 */
export function timestampedParse(key: string): (value: string) => ParsedSignatureHeader {
  return (value) => {
    const signatures: string[] = [];
    let timestamp: string | undefined;
    let conflicting = false;
    for (let start = 0; start <= value.length; ) {
      let end = value.indexOf(",", start);
      if (end < 0) end = value.length;
      const item = value.slice(start, end);
      const equals = item.indexOf("=");
      if (equals > 0) {
        const name = item.slice(0, equals).trim();
        const field = item.slice(equals + 1).trim();
        if (name === key) signatures.push(field);
        else if (name === "t") {
          if (timestamp !== undefined && timestamp !== field) conflicting = true;
          timestamp = field;
        }
      }
      start = end + 1;
    }
    return timestamp === undefined || conflicting ? { signatures } : { signatures, timestamp };
  };
}

/** Writes what {@link timestampedParse} reads: `t=<timestamp>` then one `<key>=<signature>` per signature, joined by `separator`. */
export function timestampedFormat(key: string, separator = ","): (fields: SignatureFields) => string {
  return ({ signatures, timestamp }) => [`t=${timestamp}`, ...signatures.map((signature) => `${key}=${signature}`)].join(separator);
}
