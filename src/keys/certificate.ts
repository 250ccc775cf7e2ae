// The SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1), found by a fixed walk of
// five levels: Certificate → TBSCertificate → [version], serialNumber, signature, issuer,
// validity, subject → subjectPublicKeyInfo. Nothing else is read, and NOTHING is validated:
// not the certificate's signature, not its chain, not its validity dates or names. Whoever
// passes a certificate vouches for where it came from (for AWS SNS: a fixed AWS host, by https).
import { encodingOf, expectTlv, readTlv, SEQUENCE } from "./der.js";

/** Largest DER certificate read, in bytes. */
export const MAX_CERTIFICATE_BYTES = 16384;

const VERSION_TAG = 0xa0; // [0] EXPLICIT Version

/** The DER SubjectPublicKeyInfo of a DER certificate, or undefined when it is not one. */
export function spkiOfCertificate(der: Uint8Array): Uint8Array | undefined {
  if (der.length > MAX_CERTIFICATE_BYTES) return undefined;
  const certificate = expectTlv(der, 0, SEQUENCE);
  if (certificate === undefined || certificate.end !== der.length) return undefined;
  const tbs = expectTlv(der, certificate.start, SEQUENCE, certificate.end);
  if (tbs === undefined) return undefined;
  let offset = tbs.start;
  const first = readTlv(der, offset, tbs.end);
  if (first?.tag === VERSION_TAG) offset = first.end;
  // serialNumber, signature, issuer, validity, subject: skipped by their lengths.
  const tags = [0x02, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE];
  for (const tag of tags) {
    const field = expectTlv(der, offset, tag, tbs.end);
    if (field === undefined) return undefined;
    offset = field.end;
  }
  const spki = expectTlv(der, offset, SEQUENCE, tbs.end);
  return spki === undefined ? undefined : encodingOf(der, offset, spki);
}
