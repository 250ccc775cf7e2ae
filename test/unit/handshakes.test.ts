// The handshake machinery on its own: Slack's and Zoom's signed checks, handshakeResponse()'s
// contract (undefined for a delivery, the body left unread, no handshake for a scheme without
// one), defineScheme()'s check of the rule, detectScheme(), and a user-defined rule.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  defineScheme,
  detectScheme,
  github,
  handshakeResponse,
  memoryReplayStore,
  sign,
  slack,
  standardWebhooks,
  stripe,
  verifyRequest,
  zoom,
  type HandshakeRule,
} from "../../src/index.js";
import { asana, dropbox, meta, okta, twitch, twitter } from "../../src/index.js";
import { expectAnswer, expectRefused, handshakeVectors, requestOf, viaHandler } from "../providers/handshake.js";

const NOW = 1_700_000_000;
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ZOOM_SECRET = "y89hMDcQuy5ryOoJz6IQzw";

describe("slack: url_verification", () => {
  const [vector] = handshakeVectors("slack") as unknown as [{ body: string; expected: { status: number; headers: Record<string, string>; body: string } }];
  const signed = async (body: string, secret = SLACK_SECRET) => ({ headers: await sign(slack, { secret, payload: body, timestamp: NOW }), body });
  const options = { secret: SLACK_SECRET, now: NOW };

  it("answers Slack's sample with its challenge as plain text, verified first", async () => {
    await expectAnswer(slack, await signed(vector.body), options, vector.expected);
  });

  it("an unsigned or stale url_verification is a verification failure, never echoed", async () => {
    await expectRefused(slack, { headers: {}, body: vector.body }, options, "missing_header", 401);
    await expectRefused(slack, await signed(vector.body, "another-signing-secret"), options, "no_matching_signature", 401);
    await expectRefused(slack, await signed(vector.body), { ...options, now: NOW + 301 }, "timestamp_too_old", 401);
  });

  it("a signed url_verification without a printable challenge is refused", async () => {
    for (const body of ['{"type":"url_verification"}', '{"type":"url_verification","challenge":"a\\nb"}', '{"type":"url_verification","challenge":7}']) {
      await expectRefused(slack, await signed(body), options);
    }
  });

  it("events, and bodies over 1 KiB, are ordinary deliveries (a big body is never parsed for the check)", async () => {
    const event = JSON.stringify({ type: "event_callback", event: { type: "message", text: "x".repeat(2000) } });
    const answer = await viaHandler(slack, await signed(event), options);
    expect(answer).toMatchObject({ status: 202, handled: true });
    const padded = JSON.stringify({ type: "url_verification", challenge: "abc", pad: "x".repeat(2000) });
    expect(await viaHandler(slack, await signed(padded), options)).toMatchObject({ status: 202, handled: true });
  });
});

describe("zoom: endpoint.url_validation", () => {
  const body = (plainToken: unknown) => JSON.stringify({ payload: { plainToken }, event_ts: NOW * 1000, event: "endpoint.url_validation" });
  const signed = async (text: string, secret = ZOOM_SECRET) => ({ headers: await sign(zoom, { secret, payload: text, timestamp: NOW }), body: text });
  const options = { secret: ZOOM_SECRET, now: NOW };

  it("answers with zoomChallengeResponse's JSON, verified first", async () => {
    const plainToken = "qgg8vlvZRS6UYooatFL8Aw";
    const encryptedToken = createHmac("sha256", ZOOM_SECRET).update(plainToken).digest("hex");
    await expectAnswer(zoom, await signed(body(plainToken)), options, { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ plainToken, encryptedToken }) });
  });

  it("keys the answer with the secret that verified the request while secrets rotate", async () => {
    const plainToken = "qgg8vlvZRS6UYooatFL8Aw";
    const answer = await viaHandler(zoom, await signed(body(plainToken), "the-older-secret-token"), { secret: [ZOOM_SECRET, "the-older-secret-token"], now: NOW });
    expect(JSON.parse(answer.body)).toEqual({ plainToken, encryptedToken: createHmac("sha256", "the-older-secret-token").update(plainToken).digest("hex") });
  });

  it("never signs a token not shaped as Zoom's, such as a forged signed content", async () => {
    for (const token of [`v0:${NOW}:{"event":"x"}`, "short", 42, null]) await expectRefused(zoom, await signed(body(token)), options);
    await expectRefused(zoom, await signed(body("qgg8vlvZRS6UYooatFL8Aw"), "wrong-secret"), options, "no_matching_signature", 401);
  });
});

describe("handshakeResponse()", () => {
  it("resolves undefined for a scheme without a handshake, and for an ordinary delivery, leaving the body unread", async () => {
    const payload = '{"zen":"Keep it logically awesome."}';
    const headers = await sign(github, { secret: "s", payload });
    const request = requestOf({ headers, body: payload });
    await expect(handshakeResponse(github, request, { secret: "s" })).resolves.toBeUndefined();
    const slackBody = '{"type":"event_callback"}';
    const slackRequest = requestOf({ headers: await sign(slack, { secret: SLACK_SECRET, payload: slackBody }), body: slackBody });
    await expect(handshakeResponse(slack, slackRequest, { secret: SLACK_SECRET })).resolves.toBeUndefined();
    expect(slackRequest.bodyUsed).toBe(false);
    await expect(verifyRequest(slack, slackRequest, { secret: SLACK_SECRET })).resolves.toMatchObject({ scheme: "slack" });
  });

  it("applies maxBodyBytes to the body a signed check reads", async () => {
    const text = JSON.stringify({ type: "url_verification", challenge: "abc" });
    const request = requestOf({ headers: await sign(slack, { secret: SLACK_SECRET, payload: text }), body: text });
    await expect(handshakeResponse(slack, request, { secret: SLACK_SECRET, maxBodyBytes: 8 })).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("checks its arguments like verifyRequest", async () => {
    await expect(handshakeResponse({} as never, requestOf({}))).rejects.toThrow(TypeError);
    await expect(handshakeResponse(dropbox, {} as never)).rejects.toThrow(TypeError);
    await expect(handshakeResponse(dropbox, requestOf({}), { maxBodyBytes: -1 })).rejects.toThrow(RangeError);
  });

  it("webhookHandler takes no replay claim for a signed check (Slack)", async () => {
    const text = JSON.stringify({ type: "url_verification", challenge: "abc" });
    const exchange = { headers: await sign(slack, { secret: SLACK_SECRET, payload: text, timestamp: NOW }), body: text };
    const replay = memoryReplayStore();
    for (let i = 0; i < 3; i++) expect(await viaHandler(slack, exchange, { secret: SLACK_SECRET, now: NOW, replay })).toMatchObject({ status: 200, body: "abc" });
  });
});

describe("a user-defined handshake rule", () => {
  const pong: HandshakeRule = {
    claims: (_request, body) => body.length <= 64 && new TextDecoder().decode(body).includes('"ping"'),
    answer: () => ({ status: 200, headers: { "content-type": "application/json" }, body: '{"type":"pong"}' }),
  };
  const acme = defineScheme({ ...github, name: "acme", handshake: pong });

  it("is answered after verification by the helpers", async () => {
    const body = '{"type":"ping"}';
    await expectAnswer(acme, { headers: await sign(acme, { secret: "s", payload: body }), body }, { secret: "s" }, { status: 200, body: '{"type":"pong"}' });
    await expectRefused(acme, { headers: { "x-hub-signature-256": "sha256=" + "0".repeat(64) }, body }, { secret: "s" }, "no_matching_signature", 401);
  });

  it("is checked by defineScheme", () => {
    expect(() => defineScheme({ ...github, name: "a", handshake: {} as never })).toThrow(/handshake/);
    expect(() => defineScheme({ ...github, name: "a", handshake: { claims: () => true } as never })).toThrow(/claims and answer together/);
    expect(() => defineScheme({ ...github, name: "a", handshake: { unsigned: "x" } as never })).toThrow(/handshake/);
    expect(() => defineScheme({ ...github, name: "a", handshake: { unsigned: () => undefined } })).not.toThrow();
  });
});

describe("detectScheme()", () => {
  it("names the schemes whose headers are all present; a routing aid only", async () => {
    const names = (headers: Record<string, string>) => detectScheme(headers).map((scheme) => scheme.name);
    expect(names(await sign(stripe, { secret: "whsec_x", payload: "{}" }))).toEqual(["stripe"]);
    expect(names(await sign(github, { secret: "s", payload: "{}" }))).toEqual(["github", "meta"]);
    expect(names(await sign(standardWebhooks, { secret: "whsec_" + Buffer.alloc(32).toString("base64"), payload: "{}" }))).toEqual(["standardWebhooks", "polar", "supabase"]); // the same headers: all three are candidates
    expect(names(await sign(twitch, { secret: "0123456789", payload: "{}" }))).toEqual(["twitch"]);
    expect(names({ "X-Dropbox-Signature": "abc" })).toEqual(["dropbox"]);
    expect(names({ "x-twitter-webhooks-signature": "sha256=x" })).toEqual(["twitter"]);
    expect(names({ "x-hook-signature": "abc" })).toEqual(["asana"]);
    // A timestamp header alone is not Slack: every header a scheme needs must be there.
    expect(names({ "x-slack-request-timestamp": "1" })).toEqual([]);
    expect(names({ authorization: "Bearer x", "x-slack-signature": "v0=1", "x-slack-request-timestamp": "1" })).toEqual(["slack", "jwtBearer", "okta", "googlePubSub"]);
    expect(names({ "x-dropbox-signature": "  " })).toEqual([]);
    expect(names({})).toEqual([]);
    expect(detectScheme(new Headers({ "stripe-signature": "t=1,v1=2" })).map((scheme) => scheme.name)).toEqual(["stripe"]);
  });

  it("lists every built-in exported by the root entry", async () => {
    const root = await import("../../src/index.js");
    const { schemesOf } = await import("../built-in-schemes.js");
    const listed = new Set((await import("../../src/schemes/all.js")).allSchemes().map((scheme) => scheme.name));
    for (const [name] of schemesOf(root)) expect(listed, name).toContain(name);
    for (const factory of [meta, okta, asana]) expect(listed).toContain(factory().name);
    expect(twitter.name).toBe("twitter");
  });
});
