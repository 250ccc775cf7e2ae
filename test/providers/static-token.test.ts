// staticToken: a shared token in a header or Basic auth, compared in constant time. It proves
// the sender, never the body.
import { describe, expect, it } from "vitest";
import { memoryReplayStore, sign, staticToken, verify, WebhookVerificationError } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { codeOf, describePreset } from "./conformance.js";

const TOKEN = "tok_8f3b2c1d9e7a6f5b4c3d2e1f";
const OTHER = "tok_0000000000000000000000000";
const BODY = '{"event":"build.finished"}';

describePreset({ scheme: staticToken({ header: "x-webhook-token" }), secret: TOKEN, otherSecret: OTHER, payload: BODY, token: true });
describePreset({ scheme: staticToken({ header: "authorization", prefix: "Bearer " }), secret: TOKEN, otherSecret: OTHER, payload: BODY, token: true });
describePreset({ scheme: staticToken({ basicAuth: true }), secret: "webhooks:" + TOKEN, otherSecret: "webhooks:" + OTHER, payload: BODY, token: true });

describe("staticToken in a header", () => {
  const scheme = staticToken({ header: "X-Webhook-Token" });

  it("sends the token itself, under the lower-cased header name", async () => {
    expect(await sign(scheme, { secret: TOKEN, payload: BODY })).toEqual({ "x-webhook-token": TOKEN });
    await expect(verify(scheme, { secret: TOKEN, payload: BODY, headers: { "X-Webhook-Token": TOKEN } })).resolves.toEqual({ scheme: "staticToken", secretIndex: 0 });
  });

  it("any other token, a prefix of it or a longer one, fails with no_matching_signature", async () => {
    for (const sent of [OTHER, TOKEN.slice(0, -1), TOKEN + "x", TOKEN.toUpperCase()]) {
      expect(await codeOf(verify(scheme, { secret: TOKEN, payload: BODY, headers: { "x-webhook-token": sent } })), sent).toBe("no_matching_signature");
    }
  });

  it("compares digests: the cost is the same for a near miss and a far one", async () => {
    let digests = 0;
    const counting = { ...nodeCrypto, digest: (...args: Parameters<typeof nodeCrypto.digest>) => (digests++, nodeCrypto.digest(...args)) };
    await codeOf(verify(scheme, { secret: TOKEN, payload: BODY, headers: { "x-webhook-token": "x" }, crypto: counting }));
    const far = digests;
    expect(far).toBeGreaterThan(0); // the count is real: digests are what is compared
    digests = 0;
    await codeOf(verify(scheme, { secret: TOKEN, payload: BODY, headers: { "x-webhook-token": TOKEN.slice(0, -1) + "!" }, crypto: counting }));
    expect(digests).toBe(far);
  });

  it("refuses a replay store (every request carries the same token) and short tokens", async () => {
    await expect(verify(scheme, { secret: TOKEN, payload: BODY, headers: { "x-webhook-token": TOKEN }, replay: memoryReplayStore() })).rejects.toThrow(TypeError);
    expect(await codeOf(verify(scheme, { secret: "short", payload: BODY, headers: { "x-webhook-token": "short" } }))).toBe("invalid_secret");
    const lenient = staticToken({ header: "x-webhook-token", minSecretBytes: 4 });
    await expect(verify(lenient, { secret: "short", payload: BODY, headers: { "x-webhook-token": "short" } })).resolves.toBeDefined();
  });

  it("a prefix is required and compared case-insensitively", async () => {
    const bearer = staticToken({ header: "authorization", prefix: "Bearer " });
    expect(await sign(bearer, { secret: TOKEN, payload: BODY })).toEqual({ authorization: `Bearer ${TOKEN}` });
    await expect(verify(bearer, { secret: TOKEN, payload: BODY, headers: { authorization: `bearer ${TOKEN}` } })).resolves.toBeDefined();
    expect(await codeOf(verify(bearer, { secret: TOKEN, payload: BODY, headers: { authorization: TOKEN } }))).toBe("malformed_header");
    expect(await codeOf(verify(bearer, { secret: TOKEN, payload: BODY, headers: { authorization: "Bearer " } }))).toBe("malformed_header");
  });
});

describe("staticToken with Basic auth", () => {
  const scheme = staticToken({ basicAuth: true, name: "ciBasic" });
  const secret = "webhooks:correct horse battery staple";
  const basic = (text: string) => "Basic " + Buffer.from(text, "utf8").toString("base64");

  it("Authorization: Basic base64(username:password)", async () => {
    expect(await sign(scheme, { secret, payload: BODY })).toEqual({ authorization: basic(secret) });
    await expect(verify(scheme, { secret, payload: BODY, headers: { Authorization: basic(secret) } })).resolves.toEqual({ scheme: "ciBasic", secretIndex: 0 });
    await expect(verify(scheme, { secret, payload: BODY, headers: { authorization: basic(secret).replace("Basic", "basic") } })).resolves.toBeDefined();
  });

  it("a wrong user or password fails; a non-Basic or undecodable credential is malformed_header", async () => {
    expect(await codeOf(verify(scheme, { secret, payload: BODY, headers: { authorization: basic("webhooks:wrong") } }))).toBe("no_matching_signature");
    expect(await codeOf(verify(scheme, { secret, payload: BODY, headers: { authorization: basic("other:correct horse battery staple") } }))).toBe("no_matching_signature");
    expect(await codeOf(verify(scheme, { secret, payload: BODY, headers: { authorization: `Bearer ${secret}` } }))).toBe("malformed_header");
    expect(await codeOf(verify(scheme, { secret, payload: BODY, headers: { authorization: "Basic !!!" } }))).toBe("malformed_header");
    expect(await codeOf(verify(scheme, { secret, payload: BODY, headers: { authorization: "Basic " + Buffer.from([0xff, 0xfe]).toString("base64") } }))).toBe("malformed_header");
  });

  it("the configured secret must be username:password", async () => {
    const error = await verify(scheme, { secret: "no-colon-here-at-all", payload: BODY, headers: { authorization: basic(secret) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code).toBe("invalid_secret");
    expect((error as Error).message).not.toContain("no-colon-here-at-all");
  });
});

describe("staticToken options", () => {
  it("refuses unclear options with a TypeError", () => {
    expect(() => staticToken({} as never)).toThrow(TypeError);
    expect(() => staticToken({ header: "x-token", basicAuth: true } as never)).toThrow(TypeError);
    expect(() => staticToken({ basicAuth: false } as never)).toThrow(TypeError);
    expect(() => staticToken({ header: "bad header" })).toThrow(TypeError);
    expect(() => staticToken({ header: "x-token", prefix: "Bearer\n" })).toThrow(TypeError);
    expect(() => staticToken(null as never)).toThrow(TypeError);
  });
});
