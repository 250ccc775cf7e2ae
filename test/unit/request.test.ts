// verifyRequest and webhookHandler on Fetch Requests: the raw body read once within a limit,
// headers and URL passed on, replay claims given back when the handler fails.
import { describe, expect, it } from "vitest";
import * as nodeApi from "../../src/index.js";
import * as webApi from "../../src/web.js";
import { defineScheme } from "../../src/schemes/define-scheme.js";
import { utf8Secret } from "../../src/schemes/secrets.js";

const { github, memoryReplayStore, sign, standardWebhooks, stripe } = nodeApi;
const SECRET = nodeApi.generateSecret();
const NOW = 1_700_000_000;
const MiB = 1024 * 1024;

// A scheme that signs the URL, as URL-signing providers do: HMAC of url + body.
const urlScheme = defineScheme({
  name: "urlTest",
  hash: "SHA-256",
  encoding: "hex",
  secret: utf8Secret,
  minSecretBytes: 1,
  signatureHeader: "x-test-signature",
  parse: (value) => ({ signatures: [value] }),
  format: ({ signatures }) => signatures[0]!,
  multipleSignatures: false,
  signsUrl: true,
  content: ({ url, body }) => [url!, body],
});

const post = (body: BodyInit | null, headers: Record<string, string>, url = "https://example.com/hook") =>
  new Request(url, { method: "POST", headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

/** A body stream that counts what was pulled from it and whether it was cancelled; `total` bytes at most. */
function countingStream(total: number, chunk = 64 * 1024) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - state.pulled);
      state.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe.each([
  ["hookseal (node:crypto)", nodeApi],
  ["hookseal/web (Web Crypto)", webApi],
])("verifyRequest, %s", (_label, api) => {
  it("verifies the raw body with the request's headers, and returns it with text() and json()", async () => {
    const payload = JSON.stringify({ type: "ping", n: 1 });
    for (const scheme of [github, stripe, standardWebhooks]) {
      const headers = await sign(scheme, { secret: SECRET, payload, timestamp: NOW });
      const webhook = await api.verifyRequest(scheme, post(payload, headers), { secret: SECRET, now: NOW });
      expect(webhook).toMatchObject({ scheme: scheme.name, secretIndex: 0 });
      expect(webhook.body).toBeInstanceOf(Uint8Array);
      expect(webhook.text()).toBe(payload);
      expect(webhook.json()).toEqual({ type: "ping", n: 1 });
    }
  });

  it("keeps the exact bytes (not UTF-8 text) of a binary body", async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x80]);
    const headers = await sign(github, { secret: SECRET, payload: bytes });
    const webhook = await api.verifyRequest(github, post(bytes, headers), { secret: SECRET });
    expect([...webhook.body]).toEqual([...bytes]);
  });

  it("rejects a tampered body with no_matching_signature, and a missing body as an empty one", async () => {
    const headers = await sign(github, { secret: SECRET, payload: "original" });
    await expect(api.verifyRequest(github, post("tampered", headers), { secret: SECRET })).rejects.toMatchObject({
      name: "WebhookVerificationError",
      code: "no_matching_signature",
    });
    const empty = await sign(github, { secret: SECRET, payload: "" });
    await expect(api.verifyRequest(github, post(null, empty), { secret: SECRET })).resolves.toMatchObject({ body: new Uint8Array(0) });
  });

  it("refuses an oversized body by its Content-Length without reading any of it", async () => {
    const { stream, state } = countingStream(5 * MiB);
    const request = post(stream, { "content-length": String(5 * MiB), "x-hub-signature-256": "sha256=00" });
    await expect(api.verifyRequest(github, request, { secret: SECRET })).rejects.toMatchObject({ code: "payload_too_large" });
    expect(state.pulled).toBeLessThanOrEqual(128 * 1024); // at most what the stream queued before the check
  });

  it("counts a body without Content-Length as it streams, and cancels the stream past the limit", async () => {
    const { stream, state } = countingStream(64 * MiB);
    const request = post(stream, { "x-hub-signature-256": "sha256=00" });
    await expect(api.verifyRequest(github, request, { secret: SECRET, maxBodyBytes: MiB })).rejects.toMatchObject({
      code: "payload_too_large",
      message: expect.stringContaining("maxBodyBytes"),
    });
    expect(state.pulled).toBeLessThan(2 * MiB);
    expect(state.cancelled).toBe(true);
  });

  it("accepts a body of exactly maxBodyBytes, and honours a raised limit", async () => {
    const body = new Uint8Array(1000).fill(1);
    const headers = await sign(github, { secret: SECRET, payload: body });
    await expect(api.verifyRequest(github, post(body, headers), { secret: SECRET, maxBodyBytes: 1000 })).resolves.toBeDefined();
    await expect(api.verifyRequest(github, post(body, headers), { secret: SECRET, maxBodyBytes: 999 })).rejects.toMatchObject({ code: "payload_too_large" });
    const big = new Uint8Array(2 * MiB);
    const bigHeaders = await sign(github, { secret: SECRET, payload: big });
    await expect(api.verifyRequest(github, post(big, bigHeaders), { secret: SECRET, maxBodyBytes: 4 * MiB })).resolves.toBeDefined();
  });

  it("passes request.url for schemes that sign the URL, and lets options.url override it", async () => {
    const headers = await sign(urlScheme, { secret: "s", payload: "x", url: "https://public.example/hook?a=1" });
    await expect(api.verifyRequest(urlScheme, post("x", headers, "https://public.example/hook?a=1"), { secret: "s" })).resolves.toMatchObject({ scheme: "urlTest" });
    // Behind a proxy the server sees another URL: the public one must be passed.
    const internal = () => post("x", headers, "http://10.0.0.7:8080/hook?a=1");
    await expect(api.verifyRequest(urlScheme, internal(), { secret: "s" })).rejects.toMatchObject({ code: "no_matching_signature" });
    await expect(api.verifyRequest(urlScheme, internal(), { secret: "s", url: "https://public.example/hook?a=1" })).resolves.toBeDefined();
  });

  it("claims with a replay store: the same request twice is refused as replayed", async () => {
    const replay = memoryReplayStore();
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "once", timestamp: NOW });
    const first = await api.verifyRequest(standardWebhooks, post("once", headers), { secret: SECRET, now: NOW, replay });
    expect(first.release).toBeTypeOf("function");
    await expect(api.verifyRequest(standardWebhooks, post("once", headers), { secret: SECRET, now: NOW, replay })).rejects.toMatchObject({ code: "replayed" });
  });

  it("explains a body that was already read, and a request that is not a Request", async () => {
    const headers = await sign(github, { secret: SECRET, payload: "{}" });
    const request = post("{}", headers);
    await request.json();
    await expect(api.verifyRequest(github, request, { secret: SECRET })).rejects.toThrow(/already read.*request\.clone\(\)/s);
    const nodeLike = { headers: { "x-hub-signature-256": "sha256=00" }, url: "/hook", on() {} };
    await expect(api.verifyRequest(github, nodeLike as never, { secret: SECRET })).rejects.toThrow(/verifyNodeRequest/);
    await expect(api.verifyRequest(github, post("", headers), undefined as never)).rejects.toThrow(TypeError);
  });

  it.each([[-1], [1.5], [Number.NaN], ["1mb"]])("refuses maxBodyBytes %s before reading anything", async (maxBodyBytes) => {
    const { stream, state } = countingStream(MiB);
    await expect(api.verifyRequest(github, post(stream, {}), { secret: SECRET, maxBodyBytes: maxBodyBytes as never })).rejects.toThrow(
      /maxBodyBytes/,
    );
    expect(state.pulled).toBeLessThanOrEqual(128 * 1024);
  });
});

describe("webhookHandler", () => {
  const ok = () => new Response(null, { status: 204 });

  it("calls the handler with the verified webhook, and answers failures with JSON { error } and 401/413/500", async () => {
    const seen: unknown[] = [];
    const handle = webApi.webhookHandler(github, { secret: SECRET, maxBodyBytes: 100 }, (webhook) => (seen.push(webhook.json()), ok()));
    const headers = await sign(github, { secret: SECRET, payload: '{"a":1}' });
    expect((await handle(post('{"a":1}', headers))).status).toBe(204);
    expect(seen).toEqual([{ a: 1 }]);

    const tampered = await handle(post('{"a":2}', headers));
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get("content-type")).toBe("application/json");
    expect(await tampered.json()).toEqual({ error: "no_matching_signature" });

    const missing = await handle(post('{"a":1}', {}));
    expect([missing.status, await missing.json()]).toEqual([401, { error: "missing_header" }]);

    const big = await handle(post("x".repeat(101), headers));
    expect([big.status, await big.json()]).toEqual([413, { error: "payload_too_large" }]);

    // A misconfigured secret is refused when the handler is made (test/unit/helper-configuration.test.ts).
    expect(() => webApi.webhookHandler(standardWebhooks, { secret: "whsec_short" }, ok)).toThrow(RangeError);
    expect(seen).toHaveLength(1);
  });

  it("lets programming mistakes through as errors (a body read before verification)", async () => {
    const handle = webApi.webhookHandler(github, { secret: SECRET }, ok);
    const headers = await sign(github, { secret: SECRET, payload: "{}" });
    const request = post("{}", headers);
    await request.text();
    await expect(handle(request)).rejects.toThrow(TypeError);
  });

  it("gives the message back when the handler throws or answers 5xx, so the retry is accepted", async () => {
    const replay = memoryReplayStore();
    let outcome: "throw" | 503 | 200 = "throw";
    const handle = nodeApi.webhookHandler(standardWebhooks, { secret: SECRET, now: NOW, replay }, () => {
      if (outcome === "throw") throw new Error("database down");
      return new Response(null, { status: outcome });
    });
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "event", timestamp: NOW });
    await expect(handle(post("event", headers))).rejects.toThrow("database down");
    outcome = 503;
    expect((await handle(post("event", headers))).status).toBe(503); // the retry got through
    outcome = 200;
    expect((await handle(post("event", headers))).status).toBe(200); // and again, after the 503
    const replayed = await handle(post("event", headers));
    expect([replayed.status, await replayed.json()]).toEqual([409, { error: "replayed" }]);
  });

  it("reports a failed release together with the handler's error", async () => {
    const replay = { claim: () => true, release: () => Promise.reject(new Error("redis down")) };
    const handle = nodeApi.webhookHandler(github, { secret: SECRET, replay }, () => {
      throw new Error("handler failed");
    });
    const headers = await sign(github, { secret: SECRET, payload: "x" });
    const error = await handle(post("x", headers)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(["handler failed", "The replay store failed, so the delivery was not accepted; see `cause`."]);
  });

  it("a handler that released and then answered 500 does not free the claim of the retry that came in between", async () => {
    const replay = memoryReplayStore();
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "event", timestamp: NOW });
    let retried: Response | undefined;
    let attempts = 0;
    const handle = nodeApi.webhookHandler(standardWebhooks, { secret: SECRET, now: NOW, replay }, async (webhook) => {
      if (++attempts > 1) return new Response(null, { status: 204 }); // the retry succeeds
      await webhook.release!(); // the first attempt gives up…
      retried = await handle(post("event", headers)); // …the provider's retry is accepted meanwhile…
      return new Response(null, { status: 500 }); // …and then the first attempt answers 500
    });
    expect((await handle(post("event", headers))).status).toBe(500);
    expect(retried?.status).toBe(204);
    const replayed = await handle(post("event", headers));
    expect([replayed.status, await replayed.json()]).toEqual([409, { error: "replayed" }]); // processed once
  });

  it("answers 503 { error: replay_store_failed } when the replay store fails: not accepted, retry later", async () => {
    let called = false;
    const down = { claim: () => Promise.reject(new Error("ECONNREFUSED")), release: () => {} };
    const handle = webApi.webhookHandler(github, { secret: SECRET, replay: down }, () => ((called = true), ok()));
    const headers = await sign(github, { secret: SECRET, payload: "x" });
    const response = await handle(post("x", headers));
    expect([response.status, await response.json()]).toEqual([503, { error: "replay_store_failed" }]);
    expect(called).toBe(false);
  });

  it("gives the message back when the client hangs up (request.signal aborts) while the handler runs", async () => {
    const replay = memoryReplayStore();
    const headers = await sign(github, { secret: SECRET, payload: "slow" });
    const client = new AbortController();
    let hungUp: () => void = () => {};
    const handlerSawHangUp = new Promise<void>((resolve) => (hungUp = resolve));
    let calls = 0;
    const handle = nodeApi.webhookHandler(github, { secret: SECRET, replay }, async (_webhook, request) => {
      if (++calls > 1) return ok();
      request.signal.addEventListener("abort", () => hungUp());
      client.abort(); // the sender times out while the handler is still busy
      await handlerSawHangUp;
      return new Response(null, { status: 200 }); // an answer nobody reads
    });
    const request = new Request("https://example.com/hook", { method: "POST", headers, body: "slow", signal: client.signal });
    await handle(request);
    expect((await handle(post("slow", headers))).status).toBe(204); // the provider's retry is accepted
    expect((await handle(post("slow", headers))).status).toBe(409);
  });

  it("checks its arguments when it is made", () => {
    expect(() => webApi.webhookHandler(github, { secret: SECRET }, undefined as never)).toThrow(TypeError);
    expect(() => webApi.webhookHandler({} as never, { secret: SECRET }, ok)).toThrow(/scheme/);
    expect(() => webApi.webhookHandler(github, { secret: SECRET, replayScope: 1 as never }, ok)).toThrow(TypeError);
    expect(() => webApi.webhookHandler(github, { secret: SECRET, replayScope: "" }, ok)).toThrow(RangeError);
  });
});
