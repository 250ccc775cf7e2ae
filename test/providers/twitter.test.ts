// twitter (X): a node:crypto reference written from X's "Securing webhooks", the conformance
// checks, and the GET challenge-response check through the three helpers, including why a CRC
// answer can never serve as a delivery's signature.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, twitter, verify } from "../../src/index.js";
import { webCrypto } from "../../src/crypto/web.js";
import { codeOf, describePreset } from "./conformance.js";
import { expectAnswer, expectDelivery, expectRefused, expectUndelivered, handshakeVectors, viaHandshakeResponse } from "./handshake.js";

const SECRET = "z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu";
const BODY = '{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1","text":"héllo"}]}';
const mac = (text: string, secret = SECRET) => createHmac("sha256", secret).update(text).digest("base64");

describePreset({ scheme: twitter, secret: SECRET, otherSecret: "another-consumer-secret", payload: BODY });

describe("twitter: the documented algorithm", () => {
  it("X-Twitter-Webhooks-Signature is sha256= + base64 HMAC-SHA256 of the body under the Consumer Secret", async () => {
    const expected = `sha256=${mac(BODY)}`;
    expect(await sign(twitter, { secret: SECRET, payload: BODY })).toEqual({ "x-twitter-webhooks-signature": expected });
    await expect(verify(twitter, { secret: SECRET, payload: BODY, headers: { "X-Twitter-Webhooks-Signature": expected } })).resolves.toEqual({ scheme: "twitter", secretIndex: 0 });
  });

  it("only a JSON object is a delivery: a body not starting with { never verifies, even correctly signed", async () => {
    for (const body of ["abc", " {}", "[]", ""]) {
      const headers = { "x-twitter-webhooks-signature": `sha256=${mac(body)}` };
      expect(await codeOf(verify(twitter, { secret: SECRET, payload: body, headers })), JSON.stringify(body)).toBe("no_matching_signature");
    }
  });
});

describe("twitter: the challenge-response check (CRC)", () => {
  const options = { secret: SECRET };

  it.each(handshakeVectors("twitter"))("answers X's sample token with the HMAC X expects ($source)", async (vector) => {
    const { secret, request } = vector as unknown as { secret: string; request: { query: string } };
    const token = new URLSearchParams(request.query).get("crc_token")!;
    const body = JSON.stringify({ response_token: `sha256=${mac(token, secret)}` });
    await expectAnswer(twitter, { method: "GET", query: request.query }, { secret }, { status: 200, headers: { "content-type": "application/json" }, body });
    // Both adapters.
    const web = await viaHandshakeResponse(twitter, { method: "GET", query: request.query }, { secret, crypto: webCrypto });
    expect(web?.body).toBe(body);
  });

  it("uses the first secret while secrets rotate", async () => {
    const answer = await viaHandshakeResponse(twitter, { method: "GET", query: "crc_token=abc" }, { secret: ["new-consumer-secret", SECRET] });
    expect(JSON.parse(answer!.body)).toEqual({ response_token: `sha256=${mac("abc", "new-consumer-secret")}` });
  });

  it("no echo oracle: a CRC answer for any token it accepts is never a valid delivery signature", async () => {
    const token = "Zm9vYmFy-any_token.~+/=";
    const answer = await viaHandshakeResponse(twitter, { method: "GET", query: `crc_token=${encodeURIComponent(token)}` }, options);
    const { response_token } = JSON.parse(answer!.body) as { response_token: string };
    expect(response_token).toBe(`sha256=${mac(token)}`);
    expect(await codeOf(verify(twitter, { secret: SECRET, payload: token, headers: { "x-twitter-webhooks-signature": response_token } }))).toBe("no_matching_signature");
  });

  it("refuses a token not shaped as X's: JSON, spaces, empty, repeated, oversized", async () => {
    for (const query of ["crc_token=%7B%22a%22%3A1%7D", "crc_token=a%20b", "crc_token=", "crc_token=a&crc_token=b", `crc_token=${"a".repeat(257)}`]) {
      await expectRefused(twitter, { method: "GET", query }, options);
    }
  });

  it("needs the Consumer Secret: handshakeResponse without one is a RangeError", async () => {
    await expect(viaHandshakeResponse(twitter, { method: "GET", query: "crc_token=abc" })).rejects.toThrow(RangeError);
  });

  it("POSTs are ordinary deliveries", async () => {
    const headers = await sign(twitter, { secret: SECRET, payload: BODY });
    await expectDelivery(twitter, { headers, body: BODY }, options);
    await expectUndelivered(twitter, { headers, body: BODY.replace("héllo", "hello") }, options, "no_matching_signature");
  });
});
