// Verified.eventId: the provider's event id, read only from signed content (per scheme rule),
// and `replayKey: "event"`, which claims it so a retry signed again with a fresh timestamp is
// refused as replayed until release().
import { describe, expect, it, vi } from "vitest";
import * as root from "../../src/index.js";
import * as node from "../../src/node.js";
import * as web from "../../src/web.js";
import { jsonField, MAX_EVENT_BODY_BYTES } from "../../src/schemes/event-id.js";
import type { ReplayStore, Scheme } from "../../src/index.js";

const { github, intercom, linear, memoryReplayStore, paddle, shopify, sign, slack, square, standardWebhooks, staticToken, stripe, svix, verify, zoom } = root;
const SECRET = root.generateSecret();
const NOW = 1_700_000_000;
const URL_ = "https://example.com/webhooks/square";

const bodies: [Scheme, string, string][] = [
  [stripe, JSON.stringify({ id: "evt_1NG8Du2eZvKYlo2CUI79vXWy", object: "event", type: "customer.created", data: { object: { id: "cus_1" } } }), "evt_1NG8Du2eZvKYlo2CUI79vXWy"],
  [paddle, JSON.stringify({ event_id: "evt_01h8441jn5pcwrfhwh78jqt8hk", event_type: "subscription.created", notification_id: "ntf_1" }), "evt_01h8441jn5pcwrfhwh78jqt8hk"],
  [square, JSON.stringify({ merchant_id: "ML82H4QPKMGXY", type: "payment.created", event_id: "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc", data: { id: "p1" } }), "6a8f5f28-54a1-4eb0-a98a-3111513fd4fc"],
  [slack, JSON.stringify({ token: "t", team_id: "T1", type: "event_callback", event: { type: "app_mention", event_id: "nested" }, event_id: "Ev08MFMKH6", event_time: 1 }), "Ev08MFMKH6"],
  [intercom, JSON.stringify({ type: "notification_event", id: "notif_ccd8a4d2-c0ee-4e9b-8a10-a2d6f6b1f3a1", topic: "conversation.user.created", delivery_attempts: 1 }), "notif_ccd8a4d2-c0ee-4e9b-8a10-a2d6f6b1f3a1"],
];

const options = (scheme: Scheme) => (scheme === square ? { url: URL_ } : {});
const signedBy = (scheme: Scheme, payload: string, timestamp = NOW) => sign(scheme, { secret: SECRET, payload, timestamp, ...options(scheme) } as never);

describe("Verified.eventId", () => {
  it.each(bodies)("%s: the signed body's event id, from a string or bytes payload, on every entry", async (scheme, body, expected) => {
    const headers = await signedBy(scheme, body);
    const base = { secret: SECRET, headers, now: NOW, ...options(scheme) };
    for (const payload of [body, new TextEncoder().encode(body), Buffer.from(body)]) {
      expect((await verify(scheme, { ...base, payload } as never)).eventId).toBe(expected);
      expect((await web.verify(scheme, { ...base, payload } as never)).eventId).toBe(expected);
      expect(node.verifySync(scheme, { ...base, payload } as never).eventId).toBe(expected);
      expect(node.createVerifierSync(scheme, { secret: SECRET })({ payload, headers, now: NOW, ...options(scheme) } as never).eventId).toBe(expected);
    }
  });

  it("Standard Webhooks and Svix: the signed message id", async () => {
    for (const scheme of [standardWebhooks, svix]) {
      const headers = await sign(scheme, { secret: SECRET, payload: "{}", id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp: NOW });
      const verified = await verify(scheme, { secret: SECRET, payload: "{}", headers, now: NOW });
      expect(verified).toMatchObject({ id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", eventId: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W" });
    }
  });

  it("schemes whose provider signs no event id have none (GitHub's X-GitHub-Delivery is not signed)", async () => {
    const body = JSON.stringify({ id: "evt_looks_like_one", event_id: "x" });
    for (const scheme of [github, shopify, zoom]) {
      const headers = { ...(await signedBy(scheme, body)), "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" };
      const verified = await verify(scheme, { secret: SECRET, payload: body, headers, now: NOW });
      expect(verified).not.toHaveProperty("eventId");
    }
    const linearBody = JSON.stringify({ action: "create", webhookId: "hook-config-id", webhookTimestamp: Date.now() });
    const verified = await verify(linear, { secret: SECRET, payload: linearBody, headers: await sign(linear, { secret: SECRET, payload: linearBody }) });
    expect(verified).not.toHaveProperty("eventId");
  });

  it("is read only once a signature matched: a tampered body's id is never read", async () => {
    const [, body] = bodies[0]!;
    const headers = await signedBy(stripe, body);
    const parse = vi.spyOn(JSON, "parse");
    try {
      await expect(verify(stripe, { secret: SECRET, payload: body.replace("evt_1", "evt_9"), headers, now: NOW })).rejects.toMatchObject({ code: "no_matching_signature" });
      expect(parse).not.toHaveBeenCalled();
      // Accepted: still not parsed until eventId is read (a verification that never asks pays nothing).
      const verified = await verify(stripe, { secret: SECRET, payload: body, headers, now: NOW });
      expect(parse).not.toHaveBeenCalled();
      expect(verified.eventId).toBe("evt_1NG8Du2eZvKYlo2CUI79vXWy");
      expect(verified.eventId).toBe("evt_1NG8Du2eZvKYlo2CUI79vXWy");
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it("a body that is not a JSON object with a string id shaped like one has no eventId", async () => {
    const cases = [
      "token=abc&command=%2Fdeploy", // a Slack slash command
      "[]",
      JSON.stringify({ event_id: 42 }),
      JSON.stringify({ event_id: "" }),
      JSON.stringify({ event_id: "has space" }),
      JSON.stringify({ event_id: "x".repeat(257) }),
      JSON.stringify({ event_id: "é" }),
      JSON.stringify({ nested: { event_id: "Ev1" } }),
      '{"event_id": "Ev1"', // truncated
    ];
    for (const body of cases) {
      const verified = await verify(slack, { secret: SECRET, payload: body, headers: await signedBy(slack, body), now: NOW });
      expect(verified.eventId, body).toBeUndefined();
    }
    // Inherited names are not fields of the body.
    expect(jsonField('{"a":1}', ["constructor"])).toBeUndefined();
    expect(jsonField(new Uint8Array([0x7b, 0xff, 0x7d]), ["id"])).toBeUndefined(); // not UTF-8
  });

  it("parses at most MAX_EVENT_BODY_BYTES", () => {
    const padding = " ".repeat(MAX_EVENT_BODY_BYTES);
    expect(jsonField(`{"id":"evt_1"}`, ["id"])).toBe("evt_1");
    expect(jsonField(`{"id":"evt_1"}${padding}`, ["id"])).toBeUndefined();
    expect(jsonField(new TextEncoder().encode(`{"id":"evt_1"}${padding}`), ["id"])).toBeUndefined();
  });

  it("the request helpers keep it lazy, and it can be set", async () => {
    const [, body, expected] = bodies[0]!;
    const request = new Request("https://example.com/", { method: "POST", body, headers: await signedBy(stripe, body) });
    const webhook = await root.verifyRequest(stripe, request, { secret: SECRET, now: NOW });
    expect(Object.getOwnPropertyDescriptor(webhook, "eventId")?.get).toBeTypeOf("function");
    expect(webhook.eventId).toBe(expected);
    expect(webhook.json<{ id: string }>().id).toBe(expected);
    webhook.eventId = "mine";
    expect(webhook.eventId).toBe("mine");
  });

  it("a lazy eventId keeps the body out of sight: no symbol, no inspect output, spreads and JSON carry the id", async () => {
    const { inspect } = await import("node:util");
    const [, body, expected] = bodies[0]!;
    const verified = await verify(stripe, { secret: SECRET, payload: body, headers: await signedBy(stripe, body), now: NOW });
    expect(Object.getOwnPropertySymbols(verified)).toEqual([]);
    expect(Object.getOwnPropertyNames(verified)).toEqual(["scheme", "secretIndex", "timestamp", "eventId"]);
    expect(inspect(verified, { showHidden: true, depth: 5 })).not.toContain("evt_");
    expect({ ...verified }.eventId).toBe(expected);
    expect(JSON.parse(JSON.stringify(verified)).eventId).toBe(expected);
    // Once read, a plain data property; a second result of the same body reads its own.
    expect(Object.getOwnPropertyDescriptor(verified, "eventId")).toMatchObject({ value: expected, writable: true, enumerable: true });
    const other = node.verifySync(node.stripe, { secret: SECRET, payload: body, headers: await signedBy(stripe, body), now: NOW });
    other.eventId = "set-first";
    expect(other.eventId).toBe("set-first");
  });

  it("defineScheme takes an eventId rule, and a spread built-in keeps its own", async () => {
    const acme = root.defineScheme({ ...stripe, name: "acme" });
    const [, body, expected] = bodies[0]!;
    const headers = await sign(acme, { secret: SECRET, payload: body, timestamp: NOW });
    expect((await verify(acme, { secret: SECRET, payload: body, headers, now: NOW })).eventId).toBe(expected);
    expect(() => root.defineScheme({ ...github, name: "bad", eventId: "id" as never })).toThrow(/eventId/);
  });
});

/** A store that records what is claimed, over a memory store. */
function recordingStore() {
  const inner = memoryReplayStore();
  const claims: { key: string; ttl: number }[] = [];
  const store: ReplayStore = {
    claim: (key, ttl, owner) => {
      claims.push({ key, ttl });
      return inner.claim(key, ttl, owner);
    },
    release: (key, owner) => inner.release(key, owner),
  };
  return { store, claims };
}

describe('replayKey: "event"', () => {
  it("a Stripe retry of an event already handled, signed again with a new t, is replayed; after release() it is accepted", async () => {
    const [, body] = bodies[0]!;
    const { store, claims } = recordingStore();
    const first = await signedBy(stripe, body, NOW);
    const retry = await signedBy(stripe, body, NOW + 3600); // an hour later: a fresh t, a new signature
    expect(retry["stripe-signature"]).not.toBe(first["stripe-signature"]);

    const byEvent = { secret: SECRET, payload: body, replay: store, replayKey: "event" as const, replayTtl: 3 * 24 * 3600 };
    const accepted = await verify(stripe, { ...byEvent, headers: first, now: NOW });
    await expect(verify(stripe, { ...byEvent, headers: retry, now: NOW + 3600 })).rejects.toMatchObject({ code: "replayed" });
    expect(claims[0]).toEqual({ key: "stripe:event:evt_1NG8Du2eZvKYlo2CUI79vXWy", ttl: 3 * 24 * 3600 });

    await accepted.release();
    await expect(verify(stripe, { ...byEvent, headers: retry, now: NOW + 3600 })).resolves.toMatchObject({ eventId: "evt_1NG8Du2eZvKYlo2CUI79vXWy" });

    // The default ("message") claims the delivery: the retry is a new message and goes through.
    const byMessage = memoryReplayStore();
    await verify(stripe, { secret: SECRET, payload: body, headers: first, now: NOW, replay: byMessage });
    await expect(verify(stripe, { secret: SECRET, payload: body, headers: retry, now: NOW + 3600, replay: byMessage })).resolves.toBeDefined();
  });

  it("verifySync and the remembered configurations tell the two keys apart", async () => {
    const [, body] = bodies[0]!;
    const replay = memoryReplayStore();
    const first = await signedBy(stripe, body, NOW);
    const retry = await signedBy(stripe, body, NOW + 60);
    node.verifySync(stripe, { secret: SECRET, payload: body, headers: first, now: NOW, replay });
    node.verifySync(stripe, { secret: SECRET, payload: body, headers: retry, now: NOW + 60, replay }); // message: a new delivery
    node.verifySync(stripe, { secret: SECRET, payload: body, headers: first, now: NOW, replay, replayKey: "event" });
    expect(() => node.verifySync(stripe, { secret: SECRET, payload: body, headers: retry, now: NOW + 60, replay, replayKey: "event" })).toThrow(
      expect.objectContaining({ code: "replayed" }),
    );
  });

  it("without an event id, the body's digest is claimed (a retry with a fresh timestamp is still caught)", async () => {
    const { store, claims } = recordingStore();
    const body = '{"event":"meeting.started"}';
    await verify(zoom, { secret: SECRET, payload: body, headers: await signedBy(zoom, body, NOW), now: NOW, replay: store, replayKey: "event" });
    await expect(verify(zoom, { secret: SECRET, payload: body, headers: await signedBy(zoom, body, NOW + 30), now: NOW + 30, replay: store, replayKey: "event" })).rejects.toMatchObject({
      code: "replayed",
    });
    expect(claims[0]!.key).toMatch(/^zoom:body:[0-9a-f]{64}$/);
    expect(claims[0]!.ttl).toBe(24 * 3600); // the default replayTtl
    // A claim never ends before the delivery could no longer be accepted.
    await verify(zoom, { secret: SECRET, payload: "{}", headers: await signedBy(zoom, "{}", NOW), now: NOW, replay: store, replayKey: "event", replayTtl: 1 });
    expect(claims.at(-1)!.ttl).toBe(301);
  });

  it("is scoped like every key; a message id scheme claims its id", async () => {
    const { store, claims } = recordingStore();
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "{}", id: "msg_1", timestamp: NOW });
    await verify(standardWebhooks, { secret: SECRET, payload: "{}", headers, now: NOW, replay: store, replayKey: "event", replayScope: "tenant:a" });
    expect(claims[0]!.key).toBe("standardWebhooks:scope:tenant%3Aa:event:msg_1");
  });

  it("is checked: a bad value, no replay store, or a scheme that signs no body is a TypeError", async () => {
    const headers = await signedBy(github, "{}");
    const replay = memoryReplayStore();
    await expect(verify(github, { secret: SECRET, payload: "{}", headers, replay, replayKey: "events" as never })).rejects.toThrow(TypeError);
    await expect(verify(github, { secret: SECRET, payload: "{}", headers, replayKey: "event" })).rejects.toThrow(TypeError);
    const token = staticToken({ header: "x-token" });
    await expect(verify(token, { secret: "a-long-shared-token", payload: "{}", headers: { "x-token": "a-long-shared-token" }, replay, replayKey: "event" })).rejects.toThrow(TypeError);
    expect(() => root.webhookHandler(github, { secret: SECRET, replayKey: "event" }, () => new Response())).toThrow(TypeError);
    await expect(verify(github, { secret: SECRET, payload: "{}", headers, replay, replayKey: "message" })).resolves.toBeDefined();
  });

  it("webhookHandler answers a retry of a handled event 409, and accepts it again after a 5xx", async () => {
    const [, body] = bodies[0]!;
    let fail = true;
    const handle = root.webhookHandler(stripe, { secret: SECRET, replay: memoryReplayStore(), replayKey: "event" }, () => new Response(null, { status: fail ? 500 : 204 }));
    const post = async (t: number) => new Request("https://example.com/", { method: "POST", body, headers: await sign(stripe, { secret: SECRET, payload: body, timestamp: t }) });
    const now = Math.floor(Date.now() / 1000);
    expect((await handle(await post(now))).status).toBe(500); // the handler failed: the claim is given back
    fail = false;
    expect((await handle(await post(now + 1))).status).toBe(204); // the retry, with a new t
    expect((await handle(await post(now + 2))).status).toBe(409); // handled already

    // The application may answer it 2xx instead, so the provider stops retrying.
    const calm = root.webhookHandler(stripe, { secret: SECRET, replay: memoryReplayStore(), replayKey: "event", replayedStatus: 200 }, () => new Response(null, { status: 204 }));
    expect((await calm(await post(now))).status).toBe(204);
    const again = await calm(await post(now + 1));
    expect([again.status, await again.json()]).toEqual([200, { error: "replayed" }]);
    for (const replayedStatus of [500, 401, 299.5, "200"]) {
      expect(() => root.webhookHandler(stripe, { secret: SECRET, replayedStatus: replayedStatus as number }, () => new Response())).toThrow(RangeError);
      expect(() => node.webhookMiddleware(stripe, { secret: SECRET, replayedStatus: replayedStatus as number })).toThrow(RangeError);
    }
  });
});
