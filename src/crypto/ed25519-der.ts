// Raw Ed25519 keys wrapped in the fixed DER headers both platforms import (RFC 8410):
// PKCS#8 for a 32-byte seed, SPKI for a 32-byte public key.
import { concatBytes } from "../lib/bytes.js";

const PKCS8_PREFIX = /* @__PURE__ */ new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const SPKI_PREFIX = /* @__PURE__ */ new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export const ED25519_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

export const pkcs8FromSeed = (seed: Uint8Array): Uint8Array => concatBytes([PKCS8_PREFIX, seed]);
export const spkiFromPublicKey = (publicKey: Uint8Array): Uint8Array => concatBytes([SPKI_PREFIX, publicKey]);
/** The raw public key at the end of an SPKI encoding. */
export const publicKeyFromSpki = (spki: Uint8Array): Uint8Array => spki.subarray(spki.length - ED25519_KEY_BYTES);
