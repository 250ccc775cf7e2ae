// Replay protection in the engine, with the memory store.
import { describe, expect, it } from "vitest";
import { generateSecret, github, memoryReplayStore, ReplayStoreError, sign, standardWebhooks, stripe, verify, type ReplayStore } from "../../src/index.js";
import { verifySync } from "../../src/node.js";

const secret = generateSecret();
const NOW = 1_700_000_000;

describe("replay protection", () => {
  it("a verified message is accepted once; the replay is refused with replayed", async () => {
    const replay = memoryReplayStore();
    for (const scheme of [github, stripe, standardWebhooks]) {
      const headers = await sign(scheme, { secret, payload: "once", timestamp: NOW });
      const options = { secret, payload: "once", headers, now: NOW, replay };
      await expect(verify(scheme, options)).resolves.toMatchObject({ release: expect.any(Function) });
      await expect(verify(scheme, options)).rejects.toMatchObject({ code: "replayed" });
    }
  });

  it("release() lets the provider's retry of the same message through", async () => {
    const replay = memoryReplayStore();
    const headers = await sign(standardWebhooks, { secret, payload: "retry", timestamp: NOW });
    const options = { secret, payload: "retry", headers, now: NOW, replay };
    const first = await verify(standardWebhooks, options);
    await first.release!(); // the handler failed: give the message back
    const retry = await verify(standardWebhooks, { ...options, now: NOW + 30 });
    expect(retry.id).toBe(first.id);
    await expect(verify(standardWebhooks, options)).rejects.toMatchObject({ code: "replayed" });
  });

  it("the same id under another scheme is another key", async () => {
    const replay = memoryReplayStore();
    const stdHeaders = await sign(standardWebhooks, { secret, payload: "x", id: "msg_1", timestamp: NOW });
    await verify(standardWebhooks, { secret, payload: "x", headers: stdHeaders, now: NOW, replay });
    const svixLike = { ...standardWebhooks, name: "other" };
    await expect(verify(svixLike, { secret, payload: "x", headers: stdHeaders, now: NOW, replay })).resolves.toBeDefined();
  });

  it("claims last as long as the message could be accepted, and a failed verification claims nothing", async () => {
    const claims: [string, number][] = [];
    const recording: ReplayStore = { claim: (key, ttl) => (claims.push([key, ttl]), true), release: () => {} };
    const headers = await sign(standardWebhooks, { secret, payload: "ttl", id: "msg_ttl", timestamp: NOW });
    await verify(standardWebhooks, { secret, payload: "ttl", headers, now: NOW + 100, replay: recording });
    expect(claims).toEqual([["standardWebhooks:id:msg_ttl", 300 - 100 + 1]]);
    await expect(verify(standardWebhooks, { secret, payload: "tampered", headers, now: NOW, replay: recording })).rejects.toMatchObject({
      code: "no_matching_signature",
    });
    const gh = await sign(github, { secret, payload: "ttl" });
    await verify(github, { secret, payload: "ttl", headers: gh, replay: recording, replayTtl: 3600 });
    expect(claims).toHaveLength(2);
    expect(claims[1]![0]).toMatch(/^github:sig:[0-9a-f]{64}$/);
    expect(claims[1]![1]).toBe(3600);
  });

  it("fails closed: a store that throws, rejects or answers nonsense never lets a delivery through", async () => {
    const headers = await sign(github, { secret, payload: "closed" });
    const broken: ReplayStore[] = [
      { claim: () => { throw new Error("ECONNREFUSED"); }, release: () => {} },
      { claim: () => Promise.reject(new Error("ECONNREFUSED")), release: () => {} },
      { claim: () => "OK" as never, release: () => {} },
      { claim: () => Promise.resolve(undefined as never), release: () => {} },
    ];
    for (const replay of broken) {
      const error = await verify(github, { secret, payload: "closed", headers, replay }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReplayStoreError);
      expect((error as Error).cause).toBeDefined();
    }
  });

  it("a memory store that is full of live claims refuses, and expired ones make room", async () => {
    let now = 0;
    const store = memoryReplayStore({ maxEntries: 2, clock: () => now });
    expect(store.claim("a", 10, "o")).toBe(true);
    expect(store.claim("b", 10, "o")).toBe(true);
    expect(() => store.claim("c", 10, "o")).toThrow(/full/);
    expect(store.claim("a", 10, "o")).toBe(false);
    now = 10_001;
    expect(store.claim("c", 10, "o")).toBe(true);
    expect(store.claim("a", 10, "o")).toBe(true); // expired, so free again
    store.release("a", "o");
    expect(store.claim("a", 10, "o")).toBe(true);
  });

  it("verifySync works with the memory store and refuses an async one", async () => {
    const headers = await sign(github, { secret, payload: "sync" });
    const replay = memoryReplayStore();
    expect(verifySync(github, { secret, payload: "sync", headers, replay }).release).toBeTypeOf("function");
    expect(() => verifySync(github, { secret, payload: "sync", headers, replay })).toThrow(/already accepted/);
    const released: string[] = [];
    const asyncStore: ReplayStore = { claim: async () => true, release: (key) => void released.push(key) };
    expect(() => verifySync(github, { secret, payload: "sync", headers, replay: asyncStore })).toThrow(/synchronous store/);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(released).toHaveLength(1); // the claim it could not wait for was given back
  });

  it("refuses a replay option that is not a store", async () => {
    const headers = await sign(github, { secret, payload: "x" });
    await expect(verify(github, { secret, payload: "x", headers, replay: {} as never })).rejects.toBeInstanceOf(TypeError);
  });
});

describe("replay protection holds where it was weak", () => {
  it("stripping one of several signatures does not turn a replay into a new message", async () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const replay = memoryReplayStore();
    for (const scheme of [stripe]) {
      const headers = await sign(scheme, { secret: [current, previous], payload: "twice", timestamp: NOW });
      await verify(scheme, { secret: [current, previous], payload: "twice", headers, now: NOW, replay });
      // The attacker drops the v1 entry under the current secret: the old secret matches now.
      const value = headers["stripe-signature"]!;
      const [t, , second] = value.split(",");
      const stripped = { "stripe-signature": `${t},${second}` };
      await expect(verify(scheme, { secret: [current, previous], payload: "twice", headers: stripped, now: NOW, replay })).rejects.toMatchObject({
        code: "replayed",
      });
    }
  });

  it("refuses a replayTtl under one second, and a store claim with a nonsense ttl", async () => {
    const headers = await sign(github, { secret, payload: "ttl" });
    await expect(verify(github, { secret, payload: "ttl", headers, replay: memoryReplayStore(), replayTtl: 0 })).rejects.toBeInstanceOf(RangeError);
    for (const ttl of [0, -1, NaN, Infinity]) expect(() => memoryReplayStore().claim("k", ttl, "o")).toThrow(RangeError);
  });

  it("a full store drops expired claims whatever their order, and only refuses when all are live", () => {
    let now = 0;
    const store = memoryReplayStore({ maxEntries: 2, clock: () => now });
    expect(store.claim("long", 100, "o")).toBe(true);
    expect(store.claim("short", 1, "o")).toBe(true);
    now = 2_000; // "short" expired, but sits behind the live "long"
    expect(store.claim("new", 10, "o")).toBe(true);
    expect(() => store.claim("more", 10, "o")).toThrow(/full/);
  });
});
