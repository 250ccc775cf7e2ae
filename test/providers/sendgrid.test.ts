// sendgrid: ECDSA P-256/SHA-256 over timestamp + body, the signature as base64 DER, against
// @sendgrid/eventwebhook (the official helper, on starkbank-ecdsa) both ways and node:crypto,
// every key form, strict DER and the r/s range, on both adapters.
import { createSign, generateKeyPairSync, webcrypto } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { sendgrid } from "../../src/index.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { codeOf, NOW } from "./conformance.js";

// The ECDSA library under @sendgrid/eventwebhook (its dependency; it ships no types).
const ecdsa = createRequire(import.meta.url)("starkbank-ecdsa") as {
  Ecdsa: { sign(message: string, key: unknown): { toBase64(): string } };
  PrivateKey: { fromPem(pem: string): unknown };
};
const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
const sendgridKey = (key = publicKey) => key.export({ format: "der", type: "spki" }).toString("base64"); // as SendGrid shows it
const BODY = '[{"email":"example@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"processed","category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id"}]\r\n';
const SIGNATURE = "x-twilio-email-event-webhook-signature";
const TIMESTAMP = "x-twilio-email-event-webhook-timestamp";
const N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

/** A signature made as SendGrid documents it: ECDSA P-256/SHA-256 over timestamp + body, DER, base64. */
const referenceSignature = (timestamp: string, body = BODY, key = privateKey) => createSign("sha256").update(timestamp + body).sign(key);
const headersOf = (der: Buffer | Uint8Array, timestamp = String(NOW)) => ({ [SIGNATURE]: Buffer.from(der).toString("base64"), [TIMESTAMP]: timestamp });
const sdk = new EventWebhook();

// DER of (r, s) with the given integer encodings, for hand-made signatures.
const int = (value: bigint) => {
  let hex = value.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  let bytes = Buffer.from(hex, "hex");
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return Buffer.concat([Buffer.of(2, bytes.length), bytes]);
};
const der = (...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.of(0x30, body.length), body]);
};
function rsOf(signature: Buffer): [bigint, bigint] {
  const rLength = signature[3]!;
  const r = BigInt("0x" + signature.subarray(4, 4 + rLength).toString("hex"));
  const s = BigInt("0x" + signature.subarray(6 + rLength).toString("hex"));
  return [r, s];
}

describe.each(adapters)("sendgrid on the $name adapter", ({ crypto }) => {
  const verify = (headers: Record<string, string>, options: Record<string, unknown> = {}) =>
    verifyWith(crypto, sendgrid, { secret: sendgridKey(), payload: BODY, headers, now: NOW, ...options } as never);

  it("verifies what node:crypto and the official SDK's ECDSA sign, with every form of the key", async () => {
    const cryptoKey = await webcrypto.subtle.importKey("jwk", publicKey.export({ format: "jwk" }), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    const stark = ecdsa.Ecdsa.sign(String(NOW) + BODY, ecdsa.PrivateKey.fromPem(privateKey.export({ format: "pem", type: "sec1" }) as string));
    for (const headers of [headersOf(referenceSignature(String(NOW))), { [SIGNATURE]: stark.toBase64(), [TIMESTAMP]: String(NOW) }]) {
      for (const secret of [sendgridKey(), publicKey.export({ format: "pem", type: "spki" }), publicKey.export({ format: "jwk" }), publicKey, cryptoKey]) {
        await expect(verify(headers, { secret })).resolves.toEqual({ scheme: "sendgrid", secretIndex: 0, timestamp: NOW });
      }
    }
  });

  it("signs what @sendgrid/eventwebhook verifies", async () => {
    const sdkKey = sdk.convertPublicKeyToECDSA(sendgridKey());
    for (const secret of [privateKey.export({ format: "pem", type: "pkcs8" }), privateKey.export({ format: "jwk" }), privateKey]) {
      const headers = await signWith(crypto, sendgrid, { secret, payload: BODY, timestamp: NOW } as never);
      expect(sdk.verifySignature(sdkKey, BODY, headers[SIGNATURE]!, headers[TIMESTAMP]!)).toBe(true);
      expect(sdk.verifySignature(sdkKey, BODY + "x", headers[SIGNATURE]!, headers[TIMESTAMP]!)).toBe(false);
      await expect(verify(headers)).resolves.toMatchObject({ timestamp: NOW });
    }
  });

  it("tampering, another key, a stale timestamp: refused", async () => {
    const headers = headersOf(referenceSignature(String(NOW)));
    expect(await codeOf(verify(headers, { payload: BODY.trim() }))).toBe("no_matching_signature");
    expect(await codeOf(verify({ ...headers, [TIMESTAMP]: String(NOW + 1) }))).toBe("no_matching_signature");
    expect(await codeOf(verify(headers, { secret: sendgridKey(other.publicKey) }))).toBe("no_matching_signature");
    await expect(verify(headers, { secret: [sendgridKey(other.publicKey), sendgridKey()] })).resolves.toMatchObject({ secretIndex: 1 });
    expect(await codeOf(verify(headersOf(referenceSignature(String(NOW - 400)), String(NOW - 400))))).toBe("timestamp_too_old");
  });

  it("high s is accepted (ECDSA has no low-s rule; the SDK accepts it too), as the same message", async () => {
    const [r, s] = rsOf(referenceSignature(String(NOW)));
    const flipped = der(int(r), int(N - s));
    const sdkKey = sdk.convertPublicKeyToECDSA(sendgridKey());
    expect(sdk.verifySignature(sdkKey, BODY, Buffer.from(flipped).toString("base64"), String(NOW))).toBe(true);
    await expect(verify(headersOf(flipped))).resolves.toBeDefined();
  });

  it("zero or out-of-range r and s, and DER that is not strict, are malformed_header before any crypto", async () => {
    const signature = referenceSignature(String(NOW));
    const [r, s] = rsOf(signature);
    const bad = [
      der(int(0n), int(s)),
      der(int(r), int(0n)),
      der(int(r), int(N)),
      der(int(N + r), int(s)),
      der(Buffer.concat([Buffer.of(2, 34, 0, 0), Buffer.from(r.toString(16).padStart(64, "0"), "hex")]), int(s)), // a needless leading zero
      Buffer.concat([signature, Buffer.of(0)]), // trailing byte
      Buffer.concat([Buffer.of(0x30, 0x81, signature.length - 2), signature.subarray(2)]), // long-form length for a short one
      Buffer.of(0x30, 0x80, ...signature.subarray(2), 0, 0), // BER indefinite length
      der(Buffer.concat([Buffer.of(2, 1, 0xff)]), int(s)), // negative r
      Buffer.from(rsOf(signature).map((v) => v.toString(16).padStart(64, "0")).join(""), "hex"), // raw r‖s, not DER
    ];
    for (const signatureBytes of bad) expect(await codeOf(verify(headersOf(signatureBytes)))).toBe("malformed_header");
    expect(await codeOf(verify({ [SIGNATURE]: "not base64!", [TIMESTAMP]: String(NOW) }))).toBe("malformed_header");
  });

  it("a key of another curve or type is invalid_secret", async () => {
    const headers = headersOf(referenceSignature(String(NOW)));
    for (const key of [generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey, generateKeyPairSync("ed25519").publicKey, generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey]) {
      expect(await codeOf(verify(headers, { secret: key }))).toBe("invalid_secret");
    }
    expect(await codeOf(verify(headers, { secret: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" }))).toBe("invalid_secret"); // a truncated key
  });
});
