// The `observe` option: one event per verification (per delivery in the helpers), with the
// outcome, scheme, duration and, once accepted, the secret index and ids; an observer that
// throws or rejects changes nothing; a bad one is a TypeError when it is given.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as node from "../../src/node.js";
import type { ReplayStore, VerificationEvent } from "../../src/index.js";

const { github, memoryReplayStore, sign, standardWebhooks, stripe, verify, WebhookVerificationError } = root;
const SECRET = root.generateSecret();
const NOW = 1_700_000_000;
const EVENT = JSON.stringify({ id: "evt_1", type: "invoice.paid" });

function recorder() {
  const events: VerificationEvent[] = [];
  return { events, observe: (event: VerificationEvent) => void events.push(event) };
}

const signed = (scheme: root.Scheme, payload = EVENT, secret: string = SECRET) => sign(scheme, { secret, payload, timestamp: NOW });

/** The fields an event may have, and nothing else. */
const FIELDS = new Set(["scheme", "outcome", "error", "secretIndex", "id", "eventId", "durationMs"]);

function expectEvent(event: VerificationEvent | undefined, expected: Partial<VerificationEvent>) {
  expect(event).toBeDefined();
  for (const key of Object.keys(event!)) expect(FIELDS.has(key), key).toBe(true);
  expect(event).toMatchObject(expected);
  expect(typeof event!.durationMs).toBe("number");
  expect(event!.durationMs).toBeGreaterThanOrEqual(0);
  if (expected.outcome !== "accepted") {
    expect(event).not.toHaveProperty("secretIndex");
    expect(event).not.toHaveProperty("id");
    expect(event).not.toHaveProperty("eventId");
  }
}

describe("observe on verify and verifySync", () => {
  it("reports an accepted delivery with its secret index and ids, once", async () => {
    const { events, observe } = recorder();
    const headers = await signed(standardWebhooks);
    const verified = await verify(standardWebhooks, { secret: ["whsec_" + btoa("x".repeat(32)), SECRET], payload: EVENT, headers, now: NOW, observe });
    expect(events).toHaveLength(1);
    expectEvent(events[0], { scheme: "standardWebhooks", outcome: "accepted", secretIndex: 1, id: verified.id, eventId: verified.id });

    node.verifySync(stripe, { secret: SECRET, payload: EVENT, headers: await signed(stripe), now: NOW, observe });
    expectEvent(events[1], { scheme: "stripe", outcome: "accepted", secretIndex: 0, eventId: "evt_1" });
    expect(events[1]).not.toHaveProperty("id");
    expect(events).toHaveLength(2);
  });

  it("reports each refusal by its code, and anything else as error with the error's name only", async () => {
    const { events, observe } = recorder();
    const headers = await signed(stripe);
    await expect(verify(stripe, { secret: SECRET, payload: EVENT + " ", headers, now: NOW, observe })).rejects.toThrow(WebhookVerificationError);
    await expect(verify(stripe, { secret: SECRET, payload: EVENT, headers, now: NOW + 3600, observe })).rejects.toThrow(WebhookVerificationError);
    await expect(verify(stripe, { secret: SECRET, payload: EVENT, headers: {}, now: NOW, observe })).rejects.toThrow(WebhookVerificationError);
    await expect(verify(standardWebhooks, { secret: "whsec_not base64!", payload: EVENT, headers, now: NOW, observe })).rejects.toThrow(WebhookVerificationError);
    await expect(verify(stripe, { secret: SECRET, payload: { parsed: true } as never, headers, now: NOW, observe })).rejects.toThrow(TypeError);
    const failing: ReplayStore = { claim: () => Promise.reject(new Error("redis://:hunter2@cache down")), release: () => {} };
    await expect(verify(stripe, { secret: SECRET, payload: EVENT, headers, now: NOW, observe, replay: failing })).rejects.toThrow(root.ReplayStoreError);
    expect(events.map((event) => event.outcome)).toEqual(["no_matching_signature", "timestamp_too_old", "missing_header", "invalid_secret", "error", "error"]);
    expectEvent(events[4], { scheme: "stripe", outcome: "error", error: "TypeError" });
    expectEvent(events[5], { scheme: "stripe", outcome: "error", error: "ReplayStoreError" });
    expect(JSON.stringify(events)).not.toContain("hunter2");

    expect(() => node.verifySync(stripe, { secret: SECRET, payload: EVENT, headers, now: NOW - 3600, observe })).toThrow(WebhookVerificationError);
    expectEvent(events[6], { scheme: "stripe", outcome: "timestamp_too_new" });
  });

  it("reports a replay as replayed", async () => {
    const { events, observe } = recorder();
    const replay = memoryReplayStore();
    const headers = await signed(github);
    await verify(github, { secret: SECRET, payload: EVENT, headers, replay, observe });
    await expect(verify(github, { secret: SECRET, payload: EVENT, headers, replay, observe })).rejects.toMatchObject({ code: "replayed" });
    expect(events.map((event) => event.outcome)).toEqual(["accepted", "replayed"]);
  });

  it("an observer that throws, or rejects, changes nothing", async () => {
    const headers = await signed(github);
    const throwing = () => {
      throw new Error("observer bug");
    };
    const rejecting = () => Promise.reject(new Error("async observer bug")) as unknown as void;
    for (const observe of [throwing, rejecting]) {
      await expect(verify(github, { secret: SECRET, payload: EVENT, headers, observe })).resolves.toMatchObject({ scheme: "github", secretIndex: 0 });
      await expect(verify(github, { secret: SECRET, payload: "tampered", headers, observe })).rejects.toMatchObject({ code: "no_matching_signature" });
      expect(node.verifySync(github, { secret: SECRET, payload: EVENT, headers, observe })).toMatchObject({ secretIndex: 0 });
      expect(() => node.verifySync(github, { secret: SECRET, payload: "tampered", headers, observe })).toThrow(WebhookVerificationError);
    }
    await new Promise((resolve) => setTimeout(resolve, 10)); // an unhandled rejection would fail the run
  });

  it("is called before the caller's continuation, and the result is the verification's own", async () => {
    const order: string[] = [];
    const headers = await signed(github);
    const verified = await verify(github, { secret: SECRET, payload: EVENT, headers, observe: () => void order.push("observed") });
    order.push("continued");
    expect(order).toEqual(["observed", "continued"]);
    expect(verified).toEqual({ scheme: "github", secretIndex: 0 });
  });

  it("an observe option that is not a function is a TypeError, and observes nothing", async () => {
    const headers = await signed(github);
    await expect(verify(github, { secret: SECRET, payload: EVENT, headers, observe: "log" as never })).rejects.toThrow(TypeError);
    expect(() => node.verifySync(github, { secret: SECRET, payload: EVENT, headers, observe: 1 as never })).toThrow(TypeError);
    expect(() => root.createVerifier(github, { secret: SECRET, observe: {} as never })).toThrow(TypeError);
    expect(() => node.createVerifierSync(github, { secret: SECRET, observe: {} as never })).toThrow(TypeError);
    expect(() => root.webhookHandler(github, { secret: SECRET, observe: {} as never }, () => new Response())).toThrow(TypeError);
    expect(() => node.webhookMiddleware(github, { secret: SECRET, observe: {} as never })).toThrow(TypeError);
    const request = new Request("https://example.com/", { method: "POST", body: EVENT, headers });
    await expect(root.verifyRequest(github, request, { secret: SECRET, observe: [] as never })).rejects.toThrow(TypeError);
  });
});

describe("observe on prepared verifiers", () => {
  it("createVerifier and createVerifierSync report every delivery", async () => {
    const { events, observe } = recorder();
    const headers = await signed(stripe);
    const verifyStripe = root.createVerifier(stripe, { secret: SECRET, observe });
    await verifyStripe({ payload: EVENT, headers, now: NOW });
    await expect(verifyStripe({ payload: EVENT, headers: {}, now: NOW })).rejects.toThrow(WebhookVerificationError);
    const verifyStripeSync = node.createVerifierSync(stripe, { secret: SECRET, observe });
    verifyStripeSync({ payload: EVENT, headers, now: NOW });
    expect(() => verifyStripeSync({ payload: "x", headers, now: NOW })).toThrow(WebhookVerificationError);
    expect(events.map((event) => [event.outcome, event.eventId])).toEqual([
      ["accepted", "evt_1"],
      ["missing_header", undefined],
      ["accepted", "evt_1"],
      ["no_matching_signature", undefined],
    ]);
  });
});

describe("observe on the request helpers: one event per delivery, body limits included", () => {
  it("verifyRequest and webhookHandler", async () => {
    const { events, observe } = recorder();
    const headers = await signed(github);
    const post = (body: string, extra: Record<string, string> = headers) => new Request("https://example.com/hook", { method: "POST", body, headers: extra });

    const webhook = await root.verifyRequest(github, post(EVENT), { secret: SECRET, observe });
    expect(webhook.json<{ id: string }>().id).toBe("evt_1");
    await expect(root.verifyRequest(github, post("x".repeat(200)), { secret: SECRET, observe, maxBodyBytes: 100 })).rejects.toMatchObject({ code: "payload_too_large" });

    const handle = root.webhookHandler(github, { secret: SECRET, observe, maxBodyBytes: 100 }, () => new Response(null, { status: 204 }));
    expect((await handle(post(EVENT))).status).toBe(204);
    expect((await handle(post(EVENT, {}))).status).toBe(401);
    expect((await handle(post("y".repeat(200)))).status).toBe(413);
    expect(events.map((event) => event.outcome)).toEqual(["accepted", "payload_too_large", "accepted", "missing_header", "payload_too_large"]);
    for (const event of events) expect(event.scheme).toBe("github");
  });

  describe("on a Node server", () => {
    let server: Server | undefined;
    afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
      server = createServer(handler);
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }

    function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = httpRequest(url, { method: "POST", headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode!));
        });
        req.on("error", reject);
        req.end(body);
      });
    }

    it("verifyNodeRequest and webhookMiddleware", async () => {
      const { events, observe } = recorder();
      const middleware = node.webhookMiddleware(standardWebhooks, { secret: SECRET, observe, maxBodyBytes: 1000 });
      const url = await serve((req, res) => {
        if (req.headers["x-route"] === "helper") {
          node.verifyNodeRequest(standardWebhooks, req, { secret: SECRET, observe, now: NOW }).then(
            () => res.writeHead(204).end(),
            () => res.writeHead(401).end(),
          );
        } else {
          middleware(req, res, () => res.writeHead(204).end());
        }
      });
      const atNow = await signed(standardWebhooks);
      expect(await post(url, EVENT, { ...atNow, "x-route": "helper" })).toBe(204);
      expect(await post(url, EVENT + "!", { ...atNow, "x-route": "helper" })).toBe(401);
      const fresh = await sign(standardWebhooks, { secret: SECRET, payload: EVENT });
      expect(await post(url, EVENT, fresh)).toBe(204);
      expect(await post(url, "z".repeat(2000), fresh)).toBe(413);
      expect(events.map((event) => event.outcome)).toEqual(["accepted", "no_matching_signature", "accepted", "payload_too_large"]);
      expect(events[0]).toMatchObject({ scheme: "standardWebhooks", id: atNow["webhook-id"], eventId: atNow["webhook-id"], secretIndex: 0 });
      expect(events[2]).toMatchObject({ id: fresh["webhook-id"] });
    });
  });
});
