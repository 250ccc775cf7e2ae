// asana: a node:crypto reference written from Asana's webhooks guide, the conformance checks,
// and the X-Hook-Secret handshake: echoed only once onSecret accepted (and stored) it.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { asana, sign, verify } from "../../src/index.js";
import { describePreset } from "./conformance.js";
import { expectAnswer, expectDelivery, expectRefused, handshakeVectors, viaHandshakeResponse } from "./handshake.js";

const SECRET = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
const BODY = '{"events":[{"action":"changed","resource":{"gid":"1337","resource_type":"task"},"user":{"gid":"1123"}}]}';

describePreset({ scheme: asana(), secret: SECRET, otherSecret: "another-hook-secret-value", payload: BODY });

describe("asana: the documented algorithm", () => {
  it("X-Hook-Signature is the hex HMAC-SHA256 of the body under the handshake's secret", async () => {
    const expected = createHmac("sha256", SECRET).update(BODY).digest("hex");
    expect(await sign(asana(), { secret: SECRET, payload: BODY })).toEqual({ "x-hook-signature": expected });
    await expect(verify(asana(), { secret: SECRET, payload: BODY, headers: { "X-Hook-Signature": expected } })).resolves.toEqual({ scheme: "asana", secretIndex: 0 });
  });

  it("asana(options) checks its options", () => {
    expect(() => asana(null as never)).toThrow(TypeError);
    expect(() => asana({ onSecret: "store" as never })).toThrow(TypeError);
  });
});

describe("asana: the X-Hook-Secret handshake", () => {
  it.each(handshakeVectors("asana"))("echoes the documented secret once onSecret stored it ($source)", async (vector) => {
    const { request, expected } = vector as unknown as { request: { method: string; headers: Record<string, string> }; expected: { status: number; headers: Record<string, string>; body: string } };
    const stored: string[] = [];
    const route = asana({ onSecret: async (secret) => (stored.push(secret), true) });
    await expectAnswer(route, { method: request.method, headers: request.headers }, { secret: "a-secret-stored-before" }, expected);
    expect(stored).toEqual([SECRET, SECRET, SECRET]); // once per helper
  });

  it("needs no secret in handshakeResponse (the secret does not exist yet)", async () => {
    const answer = await viaHandshakeResponse(asana({ onSecret: () => true }), { headers: { "x-hook-secret": SECRET } });
    expect(answer).toMatchObject({ status: 200, body: "" });
    expect(answer!.headers.get("x-hook-secret")).toBe(SECRET);
  });

  it("is refused without onSecret, when onSecret does not resolve true, and for a secret not shaped as Asana's", async () => {
    const options = { secret: "a-secret-stored-before" };
    await expectRefused(asana(), { headers: { "x-hook-secret": SECRET } }, options);
    for (const answer of [false, undefined, "yes", 1]) {
      await expectRefused(asana({ onSecret: () => answer as never }), { headers: { "x-hook-secret": SECRET } }, options);
    }
    let called = false;
    const route = asana({ onSecret: () => (called = true) });
    for (const secret of ["short", "has space in it ok", "x".repeat(257), "ünïcode-secret-value-16"]) {
      await expectRefused(route, { headers: { "x-hook-secret": secret } }, options);
    }
    expect(called).toBe(false); // a malformed secret never reaches the app
  });

  it("onSecret sees which endpoint is checked (its path), in every helper", async () => {
    const expected = { status: 200, headers: { "x-hook-secret": SECRET }, body: "" };
    await expectAnswer(asana({ onSecret: (_secret, request) => request.path === "/webhooks" && request.method === "POST" }), { headers: { "x-hook-secret": SECRET } }, { secret: "a-secret-stored-before" }, expected);
    await expectRefused(asana({ onSecret: (_secret, request) => request.path === "/webhooks/7654" }), { headers: { "x-hook-secret": SECRET } }, { secret: "a-secret-stored-before" });
  });

  it("a throwing onSecret fails the request (500), never accepts", async () => {
    const route = asana({ onSecret: () => { throw new Error("store down"); } });
    await expect(viaHandshakeResponse(route, { headers: { "x-hook-secret": SECRET } })).rejects.toThrow("store down");
  });

  it("signed events are ordinary deliveries", async () => {
    const headers = await sign(asana(), { secret: SECRET, payload: BODY });
    await expectDelivery(asana({ onSecret: () => true }), { headers, body: BODY }, { secret: SECRET });
  });
});
