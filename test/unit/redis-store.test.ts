// redisReplayStore against fake clients: how it tells node-redis from ioredis, what it sends,
// how it reads replies, and how it fails closed. The real server is in test/replay/.
import { describe, expect, it } from "vitest";
import { github, redisReplayStore, ReplayStoreError, sign, verify } from "../../src/index.js";

const secret = "It's a Secret to Everybody";
const RELEASE = expect.stringContaining('redis.call("GET", KEYS[1]) == ARGV[1]');

function fakeNodeRedis(reply: (args: unknown[]) => unknown = () => "OK", state: { isOpen?: boolean; isReady?: boolean } = {}) {
  const calls: unknown[][] = [];
  return {
    calls,
    client: {
      isOpen: state.isOpen ?? true,
      isReady: state.isReady ?? true,
      set: (...args: unknown[]) => (calls.push(["set", ...args]), Promise.resolve(reply(args))),
      eval: (...args: unknown[]) => (calls.push(["eval", ...args]), Promise.resolve(1)),
    },
  };
}

function fakeIoredis(reply: (args: unknown[]) => unknown = () => "OK", status = "ready") {
  const calls: unknown[][] = [];
  return {
    calls,
    client: {
      status,
      set: (...args: unknown[]) => (calls.push(["set", ...args]), Promise.resolve(reply(args))),
      eval: (...args: unknown[]) => (calls.push(["eval", ...args]), Promise.resolve(1)),
    },
  };
}

describe("redisReplayStore (fake clients)", () => {
  it("node-redis: SET key owner with NX and EX in both the v4 and the v5+ option spellings; a compare-and-delete EVAL", async () => {
    const { client, calls } = fakeNodeRedis();
    const store = redisReplayStore(client);
    expect(await store.claim("github:id:1", 2.5, "owner-1")).toBe(true);
    await store.release("github:id:1", "owner-1");
    expect(calls).toEqual([
      ["set", "hookseal:replay:github:id:1", "owner-1", { NX: true, EX: 3, condition: "NX", expiration: { type: "EX", value: 3 } }],
      ["eval", RELEASE, { keys: ["hookseal:replay:github:id:1"], arguments: ["owner-1"] }],
    ]);
  });

  it("ioredis: SET key owner EX ttl NX; EVAL script 1 key owner; a custom prefix", async () => {
    const { client, calls } = fakeIoredis();
    const store = redisReplayStore(client, { prefix: "app:" });
    expect(await store.claim("k", 0, "o")).toBe(true);
    await store.release("k", "o");
    expect(calls).toEqual([
      ["set", "app:k", "o", "EX", 1, "NX"],
      ["eval", RELEASE, 1, "app:k", "o"],
    ]);
  });

  it("refuses a claim or a release without an owner token (an old-style caller)", async () => {
    const { client, calls } = fakeIoredis();
    const store = redisReplayStore(client);
    const untyped = store as unknown as { claim(key: string, ttl: number): Promise<boolean>; release(key: string): Promise<void> };
    await expect(untyped.claim("k", 10)).rejects.toBeInstanceOf(TypeError);
    await expect(untyped.release("k")).rejects.toBeInstanceOf(TypeError);
    expect(calls).toEqual([]);
  });

  it("a node-redis v4 legacyMode client is used through client.v4", async () => {
    const modern = fakeNodeRedis();
    const legacy = { isOpen: true, isReady: true, set: () => undefined, eval: () => undefined, v4: modern.client };
    expect(await redisReplayStore(legacy).claim("k", 10, "o")).toBe(true);
    expect(modern.calls).toHaveLength(1);
    const plain = fakeNodeRedis();
    Object.defineProperty(plain.client, "v4", { get: () => { throw new Error('the client is not in "legacy mode"'); } });
    expect(await redisReplayStore(plain.client).claim("k", 10, "o")).toBe(true); // as node-redis v4 does on a normal client
    expect(plain.calls).toHaveLength(1);
  });

  it("reads OK as claimed, null as taken, and fails on any other reply", async () => {
    const replies: unknown[] = ["OK", null, new TextEncoder().encode("OK"), "QUEUED", undefined, 1];
    const answers = await Promise.all(
      replies.map((reply) =>
        Promise.resolve()
          .then(() => redisReplayStore(fakeIoredis(() => reply).client).claim("k", 10, "o"))
          .catch((error: unknown) => error),
      ),
    );
    expect(answers.slice(0, 3)).toEqual([true, false, true]);
    for (const answer of answers.slice(3)) expect(answer).toBeInstanceOf(TypeError);
  });

  it("refuses what is not a client, and bad options", () => {
    for (const client of [undefined, null, {}, { set() {}, eval() {} }, { status: "ready", set() {}, del() {} }, "redis://localhost"]) {
      expect(() => redisReplayStore(client)).toThrow(TypeError);
    }
    expect(() => redisReplayStore(fakeIoredis().client, { prefix: 1 as never })).toThrow(TypeError);
    expect(() => redisReplayStore(fakeIoredis().client, { timeoutMs: 0 })).toThrow(RangeError);
  });

  it("fails closed, without sending, on a client that says it is disconnected", async () => {
    const cases = [
      fakeNodeRedis(undefined, { isOpen: false, isReady: false }),
      fakeNodeRedis(undefined, { isOpen: true, isReady: false }),
      fakeIoredis(undefined, "reconnecting"),
      fakeIoredis(undefined, "end"),
      fakeIoredis(undefined, "close"),
    ];
    const headers = await sign(github, { secret, payload: "down" });
    for (const { client, calls } of cases) {
      const error = await verify(github, { secret, payload: "down", headers, replay: redisReplayStore(client) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReplayStoreError);
      expect(String((error as Error).cause)).toMatch(/not connected/);
      expect(calls).toEqual([]);
    }
    // ioredis connects lazily on the first command: "wait" and "connecting" are sent (and bounded by timeoutMs)
    expect(await redisReplayStore(fakeIoredis(undefined, "wait").client).claim("k", 1, "o")).toBe(true);
  });

  it("a Redis error rejects the claim, so verify rejects with ReplayStoreError; release errors reach the caller", async () => {
    const broken = {
      status: "ready",
      set: () => Promise.reject(new Error("READONLY You can't write against a read only replica.")),
      eval: () => Promise.reject(new Error("LOADING")),
    };
    const headers = await sign(github, { secret, payload: "error" });
    const error = await verify(github, { secret, payload: "error", headers, replay: redisReplayStore(broken) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayStoreError);
    expect((error as Error).cause).toMatchObject({ message: expect.stringMatching(/READONLY/) });

    const halfBroken = { ...broken, set: () => Promise.resolve("OK") };
    const verified = await verify(github, { secret, payload: "error", headers, replay: redisReplayStore(halfBroken) });
    await expect(verified.release!()).rejects.toBeInstanceOf(ReplayStoreError);
  });

  it("a claim unanswered after timeoutMs fails; if it lands later it is deleted again, owner-checked", async () => {
    let answer: (reply: unknown) => void = () => {};
    const calls: unknown[][] = [];
    const slow = {
      status: "ready",
      set: () => new Promise((resolve) => (answer = resolve)),
      eval: (...args: unknown[]) => (calls.push(args), Promise.resolve(1)),
    };
    const store = redisReplayStore(slow, { timeoutMs: 20 });
    await expect(store.claim("late", 10, "first-attempt")).rejects.toThrow(/did not answer SET … NX within 20 ms/);
    answer("OK"); // the claim landed after all: it is given back, so the retry is not a "replay"
    await new Promise((resolve) => setTimeout(resolve, 0));
    // …by compare-and-delete with this claim's owner (at the timeout, and again on the late
    // answer): a retry's claim of the key is left alone, since the script checks the owner.
    const giveBack = [expect.stringContaining("DEL"), 1, "hookseal:replay:late", "first-attempt"];
    expect(calls).toEqual([giveBack, giveBack]);
  });
});
