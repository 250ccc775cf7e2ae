// Review probes that found no defect: kept as regression checks.
import { expect, it } from "vitest";
import { generateSecret, github, memoryReplayStore, ReplayStoreError, sign, verify, verifyRequest, webhookHandler, type ReplayStore } from "../../src/index.js";

const SECRET = generateSecret();
const post = (body: BodyInit, headers: Record<string, string>) => new Request("https://example.com/hook", { method: "POST", headers, body });

it("a claim answering a non-boolean (sync or async) is a ReplayStoreError, never an accept", async () => {
  const headers = await sign(github, { secret: SECRET, payload: "x" });
  for (const answer of [1, "true", undefined, null, Promise.resolve(1), Promise.resolve(undefined)]) {
    const replay = { claim: () => answer, release: () => {} } as unknown as ReplayStore;
    await expect(verify(github, { secret: SECRET, payload: "x", headers, replay })).rejects.toBeInstanceOf(ReplayStoreError);
  }
});

it("nothing is claimed before authentication: an oversized body, a late one, a bad signature", async () => {
  const claims: string[] = [];
  const replay: ReplayStore = { claim: (key) => (claims.push(key), true), release: () => {} };
  const headers = await sign(github, { secret: SECRET, payload: "x" });
  const handle = webhookHandler(github, { secret: SECRET, replay, maxBodyBytes: 4 }, () => new Response(null, { status: 204 }));
  expect((await handle(post("xxxxxxxx", headers))).status).toBe(413);
  expect((await handle(post("y", headers))).status).toBe(401);
  const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
  const late = await verifyRequest(github, new Request("https://example.com/h", { method: "POST", headers, body: stalled, duplex: "half" } as RequestInit), { secret: SECRET, replay, bodyTimeoutMs: 30 }).catch((e: { code?: string }) => e.code);
  expect(late).toBe("body_timeout");
  expect(claims).toEqual([]);
});

it("two deliveries of one message in flight at once: exactly one handler runs, the other is answered 409", async () => {
  const replay = memoryReplayStore();
  let runs = 0;
  let go!: () => void;
  const gate = new Promise<void>((r) => (go = r));
  const handle = webhookHandler(github, { secret: SECRET, replay }, async () => (runs++, await gate, new Response(null, { status: 204 })));
  const headers = await sign(github, { secret: SECRET, payload: "x" });
  const a = handle(post("x", headers));
  const b = await handle(post("x", headers));
  go();
  expect([(await a).status, b.status, runs]).toEqual([204, 409, 1]);
});

it("a handler that returns a non-Response, or throws synchronously, gives the claim back", async () => {
  const replay = memoryReplayStore();
  let mode: "none" | "sync" | "ok" = "none";
  const handle = webhookHandler(github, { secret: SECRET, replay }, (() => {
    if (mode === "sync") throw new Error("sync");
    return mode === "none" ? ({ status: 200 } as unknown as Response) : new Response(null, { status: 204 });
  }) as never);
  const headers = await sign(github, { secret: SECRET, payload: "x" });
  await expect(handle(post("x", headers))).rejects.toThrow(TypeError);
  mode = "sync";
  await expect(handle(post("x", headers))).rejects.toThrow("sync");
  mode = "ok";
  expect((await handle(post("x", headers))).status).toBe(204);
});

it("a throwing observer changes nothing, and its event carries no secret, signature or body", async () => {
  const events: unknown[] = [];
  const headers = await sign(github, { secret: SECRET, payload: "payload-text" });
  const replay = memoryReplayStore();
  const handle = webhookHandler(github, { secret: SECRET, replay, observe: (e) => { events.push(e); throw new Error("observer"); } }, () => new Response(null, { status: 204 }));
  expect((await handle(post("payload-text", headers))).status).toBe(204);
  expect((await handle(post("payload-text", headers))).status).toBe(409);
  const text = JSON.stringify(events);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(headers["x-hub-signature-256"]!.slice(7));
  expect(text).not.toContain("payload-text");
});
