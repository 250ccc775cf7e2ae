// Self-signed X.509 certificates made in the test (DER built by hand, signed with node:crypto),
// so no test needs a certificate file or the network.
import { createSign, type KeyObject } from "node:crypto";

const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const length = body.length < 0x80 ? Buffer.of(body.length) : body.length < 0x100 ? Buffer.of(0x81, body.length) : Buffer.of(0x82, body.length >> 8, body.length & 0xff);
  return Buffer.concat([Buffer.of(tag), length, body]);
};
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, "hex"));
const SHA256_WITH_RSA = tlv(0x30, oid("2a864886f70d01010b"), Buffer.of(0x05, 0x00));
const name = (cn: string) => tlv(0x30, tlv(0x31, tlv(0x30, oid("550403"), tlv(0x0c, Buffer.from(cn)))));
const utcTime = (date: Date) => tlv(0x17, Buffer.from(date.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, "$1$2$3$4$5$6Z")));

/** A PEM certificate for `publicKey`, self-signed with `signingKey` (an RSA private key). */
export function selfSignedCertificate(publicKey: KeyObject, signingKey: KeyObject, commonName = "sns.amazonaws.com"): string {
  const tbs = tlv(
    0x30,
    tlv(0xa0, tlv(0x02, Buffer.of(2))), // v3
    tlv(0x02, Buffer.of(0x01, 0x23, 0x45)),
    SHA256_WITH_RSA,
    name(commonName),
    tlv(0x30, utcTime(new Date("2025-01-01T00:00:00Z")), utcTime(new Date("2035-01-01T00:00:00Z"))),
    name(commonName),
    publicKey.export({ format: "der", type: "spki" }),
  );
  const signature = createSign("sha256").update(tbs).sign(signingKey);
  const der = tlv(0x30, tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.of(0), signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
}
