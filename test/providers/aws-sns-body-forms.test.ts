// awsSns reads a string body as it is when UTF-8 would not change it, and its bytes otherwise
// (schemes/aws-sns.ts snsBody). Whatever
// the form, the outcome must be that of the body's UTF-8 bytes: strings with non-ASCII text, a
// leading BOM, a lone surrogate, and malformed signatures (padding, alphabet, stray bits) on
// both adapters. Messages are signed here with node:crypto as AWS documents.
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsSns } from "../../src/index.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { selfSignedCertificate } from "../keys/certificate-fixture.js";
import { snsSigned, type SnsFields } from "../sns-oracle.js";
import { codeOf } from "./conformance.js";

const aws = generateKeyPairSync("rsa", { modulusLength: 2048 });
const CERTIFICATE = selfSignedCertificate(aws.publicKey, aws.privateKey);
const CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem";

type Fields = SnsFields;

function signed(message: string): Fields {
  const fields: Fields = {
    Type: "Notification",
    MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
    TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
    Message: message,
    Timestamp: "2012-05-02T00:54:06.655Z",
  };
  return snsSigned(fields, aws.privateKey, { certUrl: CERT_URL });
}

const headers = { "x-amz-sns-message-type": "Notification", "content-type": "text/plain; charset=UTF-8" };

describe.each(adapters)("awsSns body forms on the $name adapter", ({ crypto }) => {
  const scheme = awsSns({ fetch: (async () => new Response(CERTIFICATE)) as unknown as typeof fetch });
  const outcome = (payload: string | Uint8Array) =>
    verifyWith(crypto, scheme, { secret: [], payload, headers } as never).then(
      (verified) => ({ verified }),
      (error: { code?: string; name?: string }) => ({ error: error.code ?? error.name }),
    );

  it("a string body and its UTF-8 bytes give the same outcome (non-ASCII, BOM, lone surrogates)", async () => {
    const texts = ["plain", "Grüße, 東京 🎉", "\uD800 alone", "tail \uDC00", "\uFEFF inside"];
    for (const text of texts) {
      const body = JSON.stringify(signed(text));
      for (const form of [body, "\uFEFF" + body, body.replace('"Message":"', '"Message":"\uD83D')]) {
        const bytes = new Uint8Array(Buffer.from(form, "utf8"));
        expect(await outcome(form), JSON.stringify(form.slice(0, 40))).toEqual(await outcome(bytes));
      }
    }
    // The signed forms are accepted, whichever way they arrive.
    await expect(outcome(JSON.stringify(signed("Grüße")))).resolves.toHaveProperty("verified");
    await expect(outcome("\uFEFF" + JSON.stringify(signed("Grüße")))).resolves.toHaveProperty("verified");
  });

  it("arbitrary messages: string and bytes agree", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 30 }), fc.boolean(), async (text, tamper) => {
        const fields = signed(text);
        if (tamper) fields.MessageId += "x";
        const body = JSON.stringify(fields);
        expect(await outcome(body)).toEqual(await outcome(new Uint8Array(Buffer.from(body, "utf8"))));
      }),
      { numRuns: 40 },
    );
  });

  it("a Signature that is not canonical base64 is malformed, and fetches nothing", async () => {
    let fetches = 0;
    const counted = awsSns({ fetch: (async () => (fetches++, new Response(CERTIFICATE))) as unknown as typeof fetch });
    const fields = signed("x");
    const good = fields.Signature!;
    const bad = [good.replace(/=+$/, ""), good + "=", ` ${good}`, good.replace(/\+/g, "-").replace(/\//g, "_"), good.slice(0, -2) + "B=", "", "!!!!"];
    for (const signature of bad) {
      if (signature === good) continue;
      const body = JSON.stringify({ ...fields, Signature: signature });
      expect(await codeOf(verifyWith(crypto, counted, { secret: [], payload: body, headers } as never)), signature.slice(-6)).toBe("malformed_header");
    }
    expect(fetches).toBe(0);
  });
});
