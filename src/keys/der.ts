// Just enough DER (X.690) to find what a PEM key holds: the algorithm of an SPKI or PKCS#8
// key, and the SPKI inside an X.509 certificate. Every read is bounds-checked; anything
// unexpected is `undefined`, for the caller to refuse with its own error.
import { fromBase64 } from "../lib/base64.js";

interface Tlv {
  /** Where the element begins (its tag byte). */
  readonly at: number;
  readonly tag: number;
  /** First content byte. */
  readonly start: number;
  /** One past the last content byte. */
  readonly end: number;
}

/** The element at `offset` (within `limit`), or undefined when it does not fit. */
function tlv(der: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  return end > limit ? undefined : { at: offset, tag, start, end };
}

/** The children of a constructed element. */
function children(der: Uint8Array, parent: Tlv, max: number): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end && out.length < max; ) {
    const child = tlv(der, offset, parent.end);
    if (child === undefined) return undefined;
    out.push(child);
    offset = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const OID = 0x06;
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** What a key's AlgorithmIdentifier names. */
export type KeyAlgorithm = "RSA" | "P-256" | "P-384" | "P-521" | "Ed25519";

// OID content bytes (RFC 3279, RFC 5480 §2.1.1.1, RFC 8410 §3).
const KEY_OIDS: Readonly<Record<string, KeyAlgorithm | "EC">> = {
  "2a864886f70d010101": "RSA", // rsaEncryption
  "2a8648ce3d0201": "EC", // id-ecPublicKey, curve in the parameters
  "2b6570": "Ed25519",
};
const CURVE_OIDS: Readonly<Record<string, KeyAlgorithm>> = {
  "2a8648ce3d030107": "P-256",
  "2b81040022": "P-384",
  "2b81040023": "P-521",
};

function algorithmOf(der: Uint8Array, identifier: Tlv | undefined): KeyAlgorithm | undefined {
  if (identifier?.tag !== SEQUENCE) return undefined;
  const [oid, parameters] = children(der, identifier, 2) ?? [];
  if (oid?.tag !== OID) return undefined;
  const named = KEY_OIDS[hex(der.subarray(oid.start, oid.end))];
  if (named !== "EC") return named;
  return parameters?.tag === OID ? CURVE_OIDS[hex(der.subarray(parameters.start, parameters.end))] : undefined;
}

/** The algorithm of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
export function spkiAlgorithm(der: Uint8Array): KeyAlgorithm | undefined {
  const top = tlv(der, 0, der.length);
  if (top?.tag !== SEQUENCE || top.end !== der.length) return undefined;
  return algorithmOf(der, children(der, top, 2)?.[0]);
}

/** The algorithm of a PKCS#8 PrivateKeyInfo (RFC 5208 §5): version, then the identifier. */
export function pkcs8Algorithm(der: Uint8Array): KeyAlgorithm | undefined {
  const top = tlv(der, 0, der.length);
  if (top?.tag !== SEQUENCE || top.end !== der.length) return undefined;
  return algorithmOf(der, children(der, top, 2)?.[1]);
}

/**
 * The SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1): the seventh field of
 * tbsCertificate, or the sixth when the optional [0] version is absent. No signature, date or
 * chain is looked at.
 */
export function certificateSpki(der: Uint8Array): Uint8Array | undefined {
  const top = tlv(der, 0, der.length);
  if (top?.tag !== SEQUENCE || top.end !== der.length) return undefined;
  const tbs = children(der, top, 1)?.[0];
  if (tbs?.tag !== SEQUENCE) return undefined;
  const fields = children(der, tbs, 7);
  if (fields === undefined) return undefined;
  const spki = fields[fields[0]?.tag === 0xa0 ? 6 : 5];
  if (spki?.tag !== SEQUENCE) return undefined;
  return der.subarray(spki.at, spki.end); // the whole element, header included
}

/** A PEM block (RFC 7468): its label and DER bytes; undefined when the text is not one block. */
export function pemBlock(text: string): { readonly label: string; readonly der: Uint8Array } | undefined {
  const match = /^\s*-----BEGIN ([A-Z0-9 ]{1,40})-----\r?\n([A-Za-z0-9+/=\r\n\t ]{1,20000})-----END \1-----\s*$/.exec(text);
  if (match === null) return undefined;
  const der = fromBase64(match[2]!.replace(/\s+/g, ""));
  return der === undefined || der.length === 0 ? undefined : { label: match[1]!, der };
}
