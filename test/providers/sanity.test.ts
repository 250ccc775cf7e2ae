// sanity: against the official @sanity/webhook toolkit (encodeSignatureHeader, isValidSignature,
// which compares the whole header), a node:crypto reference, the base64url form, and the
// conformance checks.
import { createHmac } from "node:crypto";
import { encodeSignatureHeader, isValidSignature } from "@sanity/webhook";
import { describe, expect, it } from "vitest";
import { sanity, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "sanity-webhook-secret-9c1e7b3a5d";
const OTHER = "sanity-webhook-secret-other-000";
const BODY = '{"_id":"movie_10681","_type":"movie","title":"WALL·E"}';
const MS = NOW * 1000;
const mac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("base64url");

describePreset({ scheme: sanity, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 300 });

describe("sanity: the documented algorithm", () => {
  it('sanity-webhook-signature is t=<ms>,v1=<unpadded base64url HMAC-SHA256 of "<ms>.<body>">', async () => {
    const headers = await sign(sanity, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "sanity-webhook-signature": `t=${MS},v1=${mac(SECRET, `${MS}.${BODY}`)}` });
    expect(headers["sanity-webhook-signature"]!.split("v1=")[1]).not.toMatch(/[+/=]/);
  });

  it("the standard base64 form of the same MAC is not Sanity's and is refused", async () => {
    const standard = createHmac("sha256", SECRET).update(`${MS}.${BODY}`).digest("base64");
    const at = (value: string) => verify(sanity, { secret: SECRET, payload: BODY, headers: { "sanity-webhook-signature": value }, now: NOW });
    await expect(at(`t=${MS},v1=${mac(SECRET, `${MS}.${BODY}`)}`)).resolves.toMatchObject({ timestamp: NOW });
    expect(standard).toMatch(/=$/);
    expect(await codeOf(at(`t=${MS},v1=${standard}`))).toBe("malformed_header");
    expect(await codeOf(at(`t=${MS},v1=${mac(SECRET, `${MS}.${BODY}`)}A`))).toBe("malformed_header");
  });
});

describe("sanity against @sanity/webhook", () => {
  it("the toolkit writes exactly the header hookseal writes, and accepts it", async () => {
    const headers = await sign(sanity, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(await encodeSignatureHeader(BODY, MS, SECRET)).toBe(headers["sanity-webhook-signature"]);
    expect(await isValidSignature(BODY, headers["sanity-webhook-signature"]!, SECRET)).toBe(true);
    expect(await isValidSignature(BODY + " ", headers["sanity-webhook-signature"]!, SECRET)).toBe(false);
    expect(await isValidSignature(BODY, headers["sanity-webhook-signature"]!, OTHER)).toBe(false);
  });

  it("hookseal accepts what the toolkit signs, at any millisecond, and refuses it under another secret", async () => {
    for (const ms of [MS, MS + 1, MS + 999]) {
      const header = await encodeSignatureHeader(BODY, ms, SECRET);
      await expect(verify(sanity, { secret: SECRET, payload: BODY, headers: { "Sanity-Webhook-Signature": header }, now: NOW })).resolves.toMatchObject({ timestamp: NOW });
      expect(await codeOf(verify(sanity, { secret: OTHER, payload: BODY, headers: { "Sanity-Webhook-Signature": header }, now: NOW }))).toBe("no_matching_signature");
    }
  });
});
