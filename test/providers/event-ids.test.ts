// Verified.eventId for the schemes whose provider puts an event id in signed content (beyond
// the first ones in test/unit/event-id.test.ts): read from a signed delivery, absent from one
// without it, and never read from a tampered one. Each body follows the provider's documented
// shape (see the "Event id" section of each docs/providers page).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import { verifySync } from "../../src/node.js";
import type { Scheme } from "../../src/index.js";
import { adapters } from "../adapters.js";
import { codeOf, NOW } from "./conformance.js";

const { box, coinbaseCommerce, fusionauth, memoryReplayStore, mux, notion, segment, sign, trello, twitch, typeform, vercel, verify, workos } = root;

const CALLBACK = "https://example.com/webhooks/trello";
const trelloScheme = trello({ callbackUrl: CALLBACK });

interface Case {
  readonly scheme: Scheme;
  /** A secret the scheme takes. */
  readonly secret: string;
  /** The provider's body carrying `id` where the provider puts its event id. */
  readonly body: (id: string) => string;
  /** A body of the same provider without that field (other ids in it are not the event's). */
  readonly without: string;
  readonly id: string;
}

const cases: Case[] = [
  {
    scheme: workos,
    secret: "workos-webhook-secret",
    body: (id) => JSON.stringify({ object: "event", id, event: "dsync.user.updated", data: { id: "directory_user_01E1X1B89NH8Z3SDFJR4H7RGX7" }, created_at: "2023-04-28 20:05:31.093" }),
    without: JSON.stringify({ object: "event", event: "dsync.user.updated", data: { id: "directory_user_01E1X1B89NH8Z3SDFJR4H7RGX7" } }),
    id: "event_07FKJ843CVE8F7BXQSPFH0M53V",
  },
  {
    scheme: mux,
    secret: "mux-signing-secret",
    body: (id) => JSON.stringify({ type: "video.asset.ready", id, created_at: "2024-01-01T00:00:00.000000Z", object: { type: "asset", id: "asset1" }, data: { id: "asset1", status: "ready" } }),
    without: JSON.stringify({ type: "video.asset.ready", object: { type: "asset", id: "asset1" }, data: { id: "asset1" } }),
    id: "3a56ac3d-33da-4366-855b-f592d898409d",
  },
  {
    scheme: typeform,
    secret: "typeform-secret-9e8d7c",
    body: (id) => JSON.stringify({ event_id: id, event_type: "form_response", form_response: { form_id: "lT4Z3j", token: "a3a12ec67a1365927098a606107fac15" } }),
    without: JSON.stringify({ event_type: "form_response", form_response: { form_id: "lT4Z3j", token: "a3a12ec67a1365927098a606107fac15" } }),
    id: "01EK4R5PFZZP6C8H14RTP4YW6C",
  },
  {
    scheme: coinbaseCommerce,
    secret: "coinbase-shared-secret",
    body: (id) => JSON.stringify({ attempt_number: 1, event: { id, resource: "event", type: "charge:confirmed", api_version: "2018-03-22", data: { id: "2aee9dd1-67b8-43ef-8dfe-977959850f27", code: "XA6G6ZFR" } }, id: "webhook-uuid-1", scheduled_for: "2023-08-30T19:29:20Z" }),
    // The top-level id names the webhook delivery, not the event: not read.
    without: JSON.stringify({ attempt_number: 1, event: { type: "charge:confirmed", data: { id: "2aee9dd1-67b8-43ef-8dfe-977959850f27" } }, id: "webhook-uuid-1" }),
    id: "24934862-d980-46cb-9402-43c81b0cdba6",
  },
  {
    scheme: notion,
    secret: "secret_notion_verification_token",
    body: (id) => JSON.stringify({ id, timestamp: "2024-12-05T23:55:34.285Z", workspace_id: "13950b26-c203-4f3b-b97d-93ec06319565", subscription_id: "29d75c0d-5546-4414-8459-7b7a92f1fc4b", type: "page.created", entity: { id: "153104cd-477e-809d-8dc4-ff2d96ae3090", type: "page" }, attempt_number: 1 }),
    // The verification request has no event id.
    without: JSON.stringify({ verification_token: "secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl" }),
    id: "367cba44-b6f3-4c92-81e7-6a2e9659efd4",
  },
  {
    scheme: box,
    secret: "box-primary-signature-key",
    body: (id) => JSON.stringify({ type: "webhook_event", id, created_at: "2016-07-11T10:10:32-07:00", trigger: "FILE.UPLOADED", webhook: { id: "53", type: "webhook" }, source: { id: "73835521473", type: "file" } }),
    without: JSON.stringify({ type: "webhook_event", trigger: "FILE.UPLOADED", webhook: { id: "53", type: "webhook" }, source: { id: "73835521473", type: "file" } }),
    id: "eb0c4e06-751f-442c-86f8-fd5bb404dbec",
  },
  {
    scheme: vercel,
    secret: "vercel-webhook-secret",
    body: (id) => JSON.stringify({ id, type: "deployment.created", createdAt: 1_700_000_000_000, region: null, payload: { deployment: { id: "dpl_2euZBFqxYdDMDG1jTrHFnNZ2eUVa" } } }),
    without: JSON.stringify({ type: "deployment.created", payload: { deployment: { id: "dpl_2euZBFqxYdDMDG1jTrHFnNZ2eUVa" } } }),
    id: "uXCWxPl9mjEP1YvpTkYqoLqy",
  },
  {
    scheme: segment,
    secret: "segment-shared-secret",
    body: (id) => JSON.stringify({ type: "track", event: "Order Completed", messageId: id, userId: "u1", timestamp: "2024-01-01T00:00:00.000Z" }),
    // A batch is an array: it has no single event id.
    without: JSON.stringify([{ type: "track", messageId: "ajs-1" }, { type: "track", messageId: "ajs-2" }]),
    id: "ajs-next-1700000000000-4f6b0c1b-3c2d-4b5a-9e8f-7a6b5c4d3e2f",
  },
  {
    scheme: trelloScheme,
    secret: "trello-application-secret",
    body: (id) => JSON.stringify({ model: { id: "597f3c854baa6e43db4f07d7", name: "testing" }, action: { id, idMemberCreator: "50e853a3a98492ed05002257", type: "updateCard", date: "2017-09-16T02:36:29.244Z", data: {} } }),
    // The model's id names the board or card, which every action on it shares.
    without: JSON.stringify({ model: { id: "597f3c854baa6e43db4f07d7", name: "testing" } }),
    id: "59bc8e2ddbd7af0e1474fb0e",
  },
  {
    scheme: fusionauth,
    secret: "a-fusionauth-hmac-key-of-32-bytes!!",
    body: (id) => JSON.stringify({ event: { id, type: "user.create", createInstant: 1_700_000_000_000, tenantId: "30663132-6464-6665-3032-326466613934", user: { id: "00000000-0000-0000-0000-000000000001" } } }),
    without: JSON.stringify({ event: { type: "user.create", user: { id: "00000000-0000-0000-0000-000000000001" } } }),
    id: "e502168a-b469-45d9-a079-fd45f83e0406",
  },
];

const signed = (c: Case, payload: string, timestamp = NOW) => sign(c.scheme, { secret: c.secret, payload, timestamp });

describe("Verified.eventId from signed content", () => {
  describe.each(cases.map((c) => [c.scheme.name, c] as const))("%s", (_name, c) => {
    it("is the provider's event id, the same on both adapters and the sync driver", async () => {
      const payload = c.body(c.id);
      const headers = await signed(c, payload);
      for (const { crypto } of adapters) {
        expect((await verify(c.scheme, { secret: c.secret, payload, headers, now: NOW, crypto })).eventId).toBe(c.id);
        expect((await verify(c.scheme, { secret: c.secret, payload: new TextEncoder().encode(payload), headers, now: NOW, crypto })).eventId).toBe(c.id);
      }
      expect(verifySync(c.scheme, { secret: c.secret, payload, headers, now: NOW }).eventId).toBe(c.id);
    });

    it("a signed delivery without it has none", async () => {
      const headers = await signed(c, c.without);
      const verified = await verify(c.scheme, { secret: c.secret, payload: c.without, headers, now: NOW });
      expect(verified.eventId).toBeUndefined();
    });

    it("any id-shaped value comes out of a signed body, and a body with another id is refused", async () => {
      const id = fc.stringMatching(/^[\x21-\x7e]{1,64}$/);
      await fc.assert(
        fc.asyncProperty(id, id, async (mine, other) => {
          fc.pre(mine !== other);
          const headers = await signed(c, c.body(mine));
          expect((await verify(c.scheme, { secret: c.secret, payload: c.body(mine), headers, now: NOW })).eventId).toBe(mine);
          expect(await codeOf(verify(c.scheme, { secret: c.secret, payload: c.body(other), headers, now: NOW }))).toBe("no_matching_signature");
        }),
        { numRuns: 15 },
      );
    });
  });
});

describe("twitch: the signed Twitch-Eventsub-Message-Id", () => {
  const SECRET = "twitch-eventsub-secret";
  const BODY = JSON.stringify({ subscription: { id: "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", type: "channel.follow" }, event: { user_id: "1337" } });
  const ID = "befa7b53-d79d-478f-86b9-120f112b044e";

  it("is the event id (and the message id); another message id under the same signature is refused", async () => {
    const headers = await sign(twitch, { secret: SECRET, payload: BODY, timestamp: NOW, id: ID });
    for (const { crypto } of adapters) {
      expect(await verify(twitch, { secret: SECRET, payload: BODY, headers, now: NOW, crypto })).toMatchObject({ id: ID, eventId: ID });
    }
    const forged = { ...headers, "twitch-eventsub-message-id": "another-message-id" };
    expect(await codeOf(verify(twitch, { secret: SECRET, payload: BODY, headers: forged, now: NOW }))).toBe("no_matching_signature");
  });

  it('replayKey "event": Twitch resending the message (same id, new timestamp) is replayed', async () => {
    const replay = memoryReplayStore();
    const first = await sign(twitch, { secret: SECRET, payload: BODY, timestamp: NOW, id: ID });
    const resent = await sign(twitch, { secret: SECRET, payload: BODY, timestamp: NOW + 120, id: ID });
    const options = { secret: SECRET, payload: BODY, replay, replayKey: "event" as const };
    await verify(twitch, { ...options, headers: first, now: NOW });
    expect(await codeOf(verify(twitch, { ...options, headers: resent, now: NOW + 120 }))).toBe("replayed");
  });
});

describe('replayKey "event" claims the id where the body changes between attempts', () => {
  it.each([
    ["notion", cases.find((c) => c.scheme === notion)!, (body: string) => body.replace('"attempt_number":1', '"attempt_number":2')],
    ["coinbaseCommerce", cases.find((c) => c.scheme === coinbaseCommerce)!, (body: string) => body.replace('"attempt_number":1', '"attempt_number":2')],
  ])("%s: a second attempt of the event is replayed, though its body differs", async (_name, c, nextAttempt) => {
    const replay = memoryReplayStore();
    const firstBody = c.body(c.id);
    const secondBody = nextAttempt(firstBody);
    expect(secondBody).not.toBe(firstBody);
    const options = { secret: c.secret, replay, replayKey: "event" as const, now: NOW };
    await verify(c.scheme, { ...options, payload: firstBody, headers: await signed(c, firstBody) });
    expect(await codeOf(verify(c.scheme, { ...options, payload: secondBody, headers: await signed(c, secondBody) }))).toBe("replayed");
    // Another event is not.
    const other = c.body("another-event-id");
    await expect(verify(c.scheme, { ...options, payload: other, headers: await signed(c, other) })).resolves.toMatchObject({ eventId: "another-event-id" });
  });
});

describe("schemes whose provider signs no event id have none", () => {
  // Each body carries fields that look like ids but are not a signed event id (see each page).
  const none: [Scheme, string, Record<string, string>][] = [
    [root.lemonSqueezy, JSON.stringify({ meta: { event_name: "subscription_updated" }, data: { type: "subscriptions", id: "1" } }), {}],
    [root.calendly, JSON.stringify({ event: "invitee.created", created_at: "2024-01-01T00:00:00.000000Z", payload: { uri: "https://api.calendly.com/scheduled_events/E1/invitees/I1" } }), {}],
    [root.sentry, JSON.stringify({ action: "created", installation: { uuid: "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" }, data: { issue: { id: "1" } } }), { "request-id": "unsigned" }],
    [root.razorpay, JSON.stringify({ entity: "event", event: "payment.captured", payload: { payment: { entity: { id: "pay_1" } } } }), { "x-razorpay-event-id": "unsigned" }],
    [root.hookdeck, JSON.stringify({ id: "evt_from_the_original_provider" }), { "x-hookdeck-eventid": "unsigned" }],
    [root.zendesk, JSON.stringify({ id: "12345", type: "a trigger's own body" }), {}],
    [root.hubspot, JSON.stringify([{ eventId: 1, subscriptionType: "contact.creation" }, { eventId: 2, subscriptionType: "contact.creation" }]), {}],
    [root.elevenlabs, JSON.stringify({ type: "post_call_transcription", event_timestamp: NOW, data: { conversation_id: "conv_1" } }), {}],
    [root.wooCommerce, JSON.stringify({ id: 727, status: "processing" }), { "x-wc-webhook-delivery-id": "unsigned" }],
  ];
  it.each(none.map(([scheme, body, extra]) => [scheme.name, scheme, body, extra] as const))("%s", async (_name, scheme, payload, extra) => {
    const secret = "a-shared-secret-of-some-length";
    const url = "https://www.example.com/webhook_uri";
    const headers = { ...(await sign(scheme, { secret, payload, timestamp: NOW, url } as never)), ...extra };
    const verified = await verify(scheme, { secret, payload, headers, now: NOW, url } as never);
    expect(verified.eventId).toBeUndefined();
  });
});
