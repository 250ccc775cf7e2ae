// twilio: Twilio's documented worked examples ("Webhooks security"), the official `twilio`
// package's getExpectedTwilioSignature / validateRequest / validateRequestWithBody both ways,
// form parameters (sorting, repeats, `+` and %-escapes), JSON bodies via bodySHA256, port forms,
// and the conformance checks.
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { getExpectedTwilioSignature, validateRequest, validateRequestWithBody } from "twilio/lib/webhooks/webhooks.js";
import { describe, expect, it } from "vitest";
import { sign, twilio, verify } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";

const TOKEN = "12345";
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

describePreset({
  scheme: twilio,
  secret: "0123456789abcdef0123456789abcdef",
  otherSecret: "fedcba9876543210fedcba9876543210",
  payload: form({ CallSid: "CA1234567890ABCDE", From: "+14158675310", Digits: "1234" }),
  url: "https://example.com/twilio/voice?foo=1",
});

// Twilio's "Webhooks security": "Suppose your AuthToken is 12345 …"
const DOC_URL = "https://example.com/myapp.php?foo=1&bar=2";
const DOC_PARAMS = { CallSid: "CA1234567890ABCDE", Caller: "+14158675310", Digits: "1234", From: "+14158675310", To: "+18005551212" };
const DOC_SIGNATURE = "L/OH5YylLD5NRKLltdqwSvS0BnU=";

describe("twilio: Twilio's documented examples", () => {
  it("the worked example in 'Webhooks security' (form body)", async () => {
    const body = form(DOC_PARAMS); // Caller=%2B14158675310…: '+' is escaped on the wire
    const headers = { "X-Twilio-Signature": DOC_SIGNATURE };
    await expect(verify(twilio, { secret: TOKEN, payload: body, headers, url: DOC_URL })).resolves.toEqual({ scheme: "twilio", secretIndex: 0 });
    expect(await sign(twilio, { secret: TOKEN, payload: body, url: DOC_URL })).toEqual({ "x-twilio-signature": DOC_SIGNATURE });
    // The parameter order on the wire does not matter: Twilio sorts them.
    const shuffled = form({ To: "+18005551212", Digits: "1234", CallSid: "CA1234567890ABCDE", From: "+14158675310", Caller: "+14158675310" });
    await expect(verify(twilio, { secret: TOKEN, payload: shuffled, headers, url: DOC_URL })).resolves.toBeDefined();
    expect(await codeOf(verify(twilio, { secret: TOKEN, payload: body.replace("1234", "1235"), headers, url: DOC_URL }))).toBe("no_matching_signature");
  });

  it("the validation snippet's example (mycompany.com)", async () => {
    const headers = { "x-twilio-signature": "GvWf1cFY/Q7PnoempGyD5oXAezc=" };
    await expect(verify(twilio, { secret: TOKEN, payload: form(DOC_PARAMS), headers, url: "https://mycompany.com/myapp.php?foo=1&bar=2" })).resolves.toBeDefined();
  });

  it("the JSON example: bodySHA256 in the URL is the hex SHA-256 of the body", () => {
    const body = '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}';
    expect(sha256Hex(body)).toBe("5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9");
  });
});

describe("twilio: JSON bodies (bodySHA256)", () => {
  const body = '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}';
  const url = `https://example.com/myapp?bodySHA256=${sha256Hex(body)}`;

  it("signs the URL alone, and checks the body against bodySHA256", async () => {
    const headers = await sign(twilio, { secret: TOKEN, payload: body, url });
    expect(headers["x-twilio-signature"]).toBe(createHmac("sha1", TOKEN).update(url).digest("base64"));
    await expect(verify(twilio, { secret: TOKEN, payload: body, headers, url })).resolves.toBeDefined();
    expect(await codeOf(verify(twilio, { secret: TOKEN, payload: body.replace("CA1", "CA2"), headers, url }))).toBe("no_matching_signature");
  });

  it("refuses to sign a URL whose bodySHA256 is not the payload's", async () => {
    await expect(sign(twilio, { secret: TOKEN, payload: body + " ", url })).rejects.toThrow(/cannot sign this message/);
  });

  it("a URL with a swapped bodySHA256 (and the signature for it) still fails against another body", async () => {
    const other = '{"CallSid":"CA0000000000EVIL"}';
    const forgedUrl = `https://example.com/myapp?bodySHA256=${sha256Hex(other)}`;
    const headers = await sign(twilio, { secret: TOKEN, payload: body, url });
    expect(await codeOf(verify(twilio, { secret: TOKEN, payload: other, headers, url: forgedUrl }))).toBe("no_matching_signature");
  });
});

describe("twilio: ports", () => {
  const body = form(DOC_PARAMS);
  it("accepts the URL signed with or without its port", async () => {
    const signedWithout = await sign(twilio, { secret: TOKEN, payload: body, url: "https://example.com/hook" });
    const signedWith = await sign(twilio, { secret: TOKEN, payload: body, url: "https://example.com:443/hook" });
    for (const headers of [signedWith, signedWithout]) {
      await expect(verify(twilio, { secret: TOKEN, payload: body, headers, url: "https://example.com/hook" })).resolves.toBeDefined();
      await expect(verify(twilio, { secret: TOKEN, payload: body, headers, url: "https://example.com:443/hook" })).resolves.toBeDefined();
    }
    const custom = await sign(twilio, { secret: TOKEN, payload: body, url: "http://example.com:8080/hook" });
    await expect(verify(twilio, { secret: TOKEN, payload: body, headers: custom, url: "http://example.com:8080/hook" })).resolves.toBeDefined();
    expect(await codeOf(verify(twilio, { secret: TOKEN, payload: body, headers: custom, url: "http://example.com:8081/hook" }))).toBe("no_matching_signature");
  });
});

describe("twilio against the twilio package", () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
  const value = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\+[0-9]{11}$/), fc.constantFrom("", " ", "a b", "ü€", "%2B", "x&y=z"));
  const params = fc.dictionary(name, value, { maxKeys: 8 });
  const url = fc.constantFrom("https://example.com/voice", "https://example.com/sms?foo=1&bar=2", "https://example.com:8443/a/b", "http://example.com/status?x=%20y");

  it("hookseal signs what getExpectedTwilioSignature computes, and validateRequest accepts it", async () => {
    await fc.assert(
      fc.asyncProperty(params, url, async (values, address) => {
        const headers = await sign(twilio, { secret: TOKEN, payload: form(values), url: address });
        expect(headers["x-twilio-signature"]).toBe(getExpectedTwilioSignature(TOKEN, address, values));
        expect(validateRequest(TOKEN, headers["x-twilio-signature"]!, address, values)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("hookseal verifies what the twilio package signs, and refuses other parameters", async () => {
    await fc.assert(
      fc.asyncProperty(params, url, name, async (values, address, extra) => {
        const signature = getExpectedTwilioSignature(TOKEN, address, values);
        const headers = { "x-twilio-signature": signature };
        await expect(verify(twilio, { secret: TOKEN, payload: form(values), headers, url: address })).resolves.toBeDefined();
        fc.pre(!(extra in values));
        expect(await codeOf(verify(twilio, { secret: TOKEN, payload: form({ ...values, [extra]: "1" }), headers, url: address }))).toBe("no_matching_signature");
      }),
      { numRuns: 100 },
    );
  });

  it("repeated parameters: each distinct value, sorted, as the twilio package does", async () => {
    const body = "To=%2B1&Media=b&Media=a&Media=b";
    const headers = await sign(twilio, { secret: TOKEN, payload: body, url: DOC_URL });
    expect(headers["x-twilio-signature"]).toBe(getExpectedTwilioSignature(TOKEN, DOC_URL, { To: "+1", Media: ["b", "a", "b"] }));
  });

  it("JSON bodies: validateRequestWithBody accepts what hookseal signs, hookseal what twilio signs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 2 }), async (json) => {
        const body = JSON.stringify({ data: json });
        const address = `https://example.com/events?bodySHA256=${sha256Hex(body)}`;
        const headers = await sign(twilio, { secret: TOKEN, payload: body, url: address });
        expect(validateRequestWithBody(TOKEN, headers["x-twilio-signature"]!, address, body)).toBe(true);
        const theirs = { "x-twilio-signature": getExpectedTwilioSignature(TOKEN, address, {}) };
        await expect(verify(twilio, { secret: TOKEN, payload: body, headers: theirs, url: address })).resolves.toBeDefined();
      }),
      { numRuns: 50 },
    );
  });
});
