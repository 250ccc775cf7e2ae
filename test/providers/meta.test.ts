// meta: a node:crypto reference written from Meta's "Validating Payloads", the conformance
// checks, and the GET verification request (documented example, refusals) through
// handshakeResponse, webhookHandler and webhookMiddleware.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { meta, sign, verify } from "../../src/index.js";
import { describePreset } from "./conformance.js";
import { expectAnswer, expectDelivery, expectRefused, expectUndelivered, handshakeVectors } from "./handshake.js";

const SECRET = "d8f1e2c3b4a5968778695a4b3c2d1e0f";
const BODY = '{"object":"page","entry":[{"id":"1234","time":1700000000,"messaging":[{"message":{"text":"héllo 👋"}}]}]}';
const VERIFY_TOKEN = "meatyhamhock";

describePreset({ scheme: meta(), secret: SECRET, otherSecret: "another-app-secret", payload: BODY });

describe("meta: the documented algorithm", () => {
  it("X-Hub-Signature-256 is sha256= + hex HMAC-SHA256 of the raw body under the App Secret", async () => {
    const expected = "sha256=" + createHmac("sha256", SECRET).update(BODY).digest("hex");
    expect(await sign(meta(), { secret: SECRET, payload: BODY })).toEqual({ "x-hub-signature-256": expected });
    await expect(verify(meta(), { secret: SECRET, payload: BODY, headers: { "X-Hub-Signature-256": expected } })).resolves.toEqual({ scheme: "meta", secretIndex: 0 });
    // The raw bytes are signed: the same event re-serialized with escaped unicode (as Meta sends it) is another body.
    const escaped = BODY.replace("é", "\\u00e9");
    await expect(verify(meta(), { secret: SECRET, payload: escaped, headers: { "x-hub-signature-256": expected } })).rejects.toMatchObject({ code: "no_matching_signature" });
  });

  it("meta(options) checks its options", () => {
    expect(() => meta(null as never)).toThrow(TypeError);
    expect(() => meta({ verifyToken: 42 as never })).toThrow(TypeError);
    expect(() => meta({ verifyToken: "" })).toThrow(RangeError);
    expect(() => meta({ verifyToken: "   " })).toThrow(RangeError);
  });
});

describe("meta: the GET verification request", () => {
  const route = meta({ verifyToken: VERIFY_TOKEN });
  const options = { secret: SECRET };
  const get = (query: string) => ({ method: "GET", query });

  it.each(handshakeVectors("meta"))("answers the documented request byte for byte ($source)", async (vector) => {
    const { request, expected, options: factory } = vector as unknown as { request: { query: string }; expected: { status: number; headers: Record<string, string>; body: string }; options: { verifyToken: string } };
    await expectAnswer(meta(factory), get(request.query), options, expected);
  });

  it("answers with nosniff plain text, whatever the parameter order", async () => {
    await expectAnswer(route, get(`hub.verify_token=${VERIFY_TOKEN}&hub.challenge=CHALLENGE_ACCEPTED&hub.mode=subscribe`), options, {
      status: 200,
      headers: { "content-type": "text/plain", "x-content-type-options": "nosniff" },
      body: "CHALLENGE_ACCEPTED",
    });
  });

  it("refuses a wrong, missing or repeated verify token, another mode, and a challenge not shaped as Meta's", async () => {
    for (const query of [
      "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong",
      "hub.mode=subscribe&hub.challenge=1158201444",
      `hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}&hub.verify_token=x`,
      `hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
      `hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
      `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`,
      `hub.mode=subscribe&hub.challenge=%3Cscript%3Ealert(1)%3C%2Fscript%3E&hub.verify_token=${VERIFY_TOKEN}`,
      `hub.mode=subscribe&hub.challenge=${"9".repeat(257)}&hub.verify_token=${VERIFY_TOKEN}`,
      `hub.mode=subscribe&hub.challenge=a&hub.challenge=b&hub.verify_token=${VERIFY_TOKEN}`,
    ]) {
      await expectRefused(route, get(query), options);
    }
  });

  it("without verifyToken every verification request is refused", async () => {
    await expectRefused(meta(), get(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`), options);
  });

  it("a signed POST is an ordinary delivery: verified, then handled; a forged one is 401", async () => {
    const headers = await sign(route, { secret: SECRET, payload: BODY });
    await expectDelivery(route, { headers, body: BODY }, options);
    await expectUndelivered(route, { headers, body: BODY + " " }, options, "no_matching_signature");
    // A GET without the hub parameters is no check: it must verify like anything else.
    await expectUndelivered(route, { method: "GET", query: "other=1" }, options, "missing_header");
  });
});
