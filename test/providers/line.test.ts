// LINE: x-line-signature: <base64 HMAC-SHA256 of the body>, keyed with the channel secret, from
// "Verify webhook signature"; differential against the official @line/bot-sdk validateSignature.
import { validateSignature } from "@line/bot-sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { line, sign, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

const CHANNEL_SECRET = "8c570fa6dd201bb328f1c1eac23a96d8"; // the console shows 32 hex digits, used as UTF-8
const BODY = '{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}';

describeBodySignature({
  scheme: line,
  hash: "sha256",
  encoding: "base64",
  header: "x-line-signature",
  prefix: "",
  secret: CHANNEL_SECRET,
  otherSecret: "00000000000000000000000000000000",
  body: BODY,
});

describe("line against @line/bot-sdk validateSignature", () => {
  it("the SDK accepts what hookseal signs, and hookseal what the SDK's rule accepts, for any body", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.stringMatching(/^[0-9a-f]{32}$/), async (body, secret) => {
        const headers = await sign(line, { secret, payload: body });
        expect(validateSignature(body, secret, headers["x-line-signature"]!)).toBe(true);
        expect(validateSignature(body + "x", secret, headers["x-line-signature"]!)).toBe(false);
        await expect(verify(line, { secret, payload: body, headers })).resolves.toBeDefined();
      }),
      { numRuns: 50 },
    );
  });

  it("a signature under another channel secret is refused by both", async () => {
    const headers = await sign(line, { secret: "ffffffffffffffffffffffffffffffff", payload: BODY });
    expect(validateSignature(BODY, CHANNEL_SECRET, headers["x-line-signature"]!)).toBe(false);
    await expect(verify(line, { secret: CHANNEL_SECRET, payload: BODY, headers })).rejects.toMatchObject({ code: "no_matching_signature" });
  });
});
