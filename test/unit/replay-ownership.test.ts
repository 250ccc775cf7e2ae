// Whose claim a release removes (owner tokens, release once) and how replay keys are scoped
// to a receiver, with the memory store and recording stores. Redis: test/replay/redis.test.ts.
import { describe, expect, it } from "vitest";
import { defineScheme, generateSecret, github, memoryReplayStore, sign, standardWebhooks, stripe, verify, type ReplayStore } from "../../src/index.js";
import { verifySync } from "../../src/node.js";
import { OWNER_CHARS, ownerToken } from "../../src/replay/claim.js";

const secret = generateSecret();
const NOW = 1_700_000_000;

/** A store that records every call it gets, backed by a memory store. */
function recording() {
  const inner = memoryReplayStore();
  const calls: { op: "claim" | "release"; key: string; owner: string }[] = [];
  const store: ReplayStore = {
    claim: (key, ttl, owner) => (calls.push({ op: "claim", key, owner }), inner.claim(key, ttl, owner)),
    release: (key, owner) => (calls.push({ op: "release", key, owner }), inner.release(key, owner)),
  };
  return { store, calls };
}

describe("owner tokens", () => {
  it("map each random byte's low six bits to the base64url digit of that value, so every digit is equally likely", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const token = ownerToken(bytes);
    for (let i = 0; i < 256; i++) {
      // The digit of value v in RFC 4648 §5 is the one Buffer writes for the 6-bit group v: encode [v << 2].
      expect(token[i]).toBe(Buffer.from([(i & 63) << 2]).toString("base64url")[0]);
    }
    expect(new Set(token).size).toBe(64);
    expect(OWNER_CHARS * 6).toBeGreaterThanOrEqual(128); // at least 128 random bits
  });
});

describe("release ownership", () => {
  it("each verification claims with its own random owner token, and releases with it", async () => {
    const { store, calls } = recording();
    const headers = await sign(github, { secret, payload: "owned" });
    const first = await verify(github, { secret, payload: "owned", headers, replay: store });
    await first.release!();
    const second = await verify(github, { secret, payload: "owned", headers, replay: store });
    await second.release!();
    expect(calls.map((c) => c.op)).toEqual(["claim", "release", "claim", "release"]);
    const [claim1, release1, claim2, release2] = calls;
    expect(claim1!.owner).toMatch(/^[A-Za-z0-9_-]{22}$/); // 22 random base64url digits
    expect(release1!.owner).toBe(claim1!.owner);
    expect(release2!.owner).toBe(claim2!.owner);
    expect(claim2!.owner).not.toBe(claim1!.owner);
  });

  it("a late release (after the claim expired and a retry claimed the key) never frees the retry's claim", async () => {
    let clock = NOW * 1000;
    const replay = memoryReplayStore({ clock: () => clock });
    const headers = await sign(github, { secret, payload: "late" });
    const options = { secret, payload: "late", headers, replay, replayTtl: 60 };
    const first = await verify(github, options); // its handler hangs…
    clock += 61_000; // …until its claim expired
    const retry = await verify(github, options); // the provider's retry claims the key again
    await first.release!(); // the first attempt fails at last and releases
    await expect(verify(github, options)).rejects.toMatchObject({ code: "replayed" }); // the retry's claim holds
    await retry.release!();
    await expect(verify(github, options)).resolves.toBeDefined();
  });

  it("release() acts once: a second call does nothing, even after a retry claimed the key", async () => {
    const { store, calls } = recording();
    const headers = await sign(standardWebhooks, { secret, payload: "once", timestamp: NOW });
    const options = { secret, payload: "once", headers, now: NOW, replay: store };
    const first = await verify(standardWebhooks, options);
    await first.release!();
    const retry = await verify(standardWebhooks, options);
    await first.release!(); // e.g. a handler that released, then a helper that saw its 500
    expect(calls.filter((c) => c.op === "release")).toHaveLength(1);
    await expect(verify(standardWebhooks, options)).rejects.toMatchObject({ code: "replayed" });
    expect(retry.id).toBe(first.id);
  });

  it("the memory store releases only while the owner still holds the key", () => {
    const store = memoryReplayStore();
    expect(store.claim("k", 60, "a")).toBe(true);
    store.release("k", "b");
    expect(store.claim("k", 60, "c")).toBe(false);
    store.release("k", "a");
    expect(store.claim("k", 60, "d")).toBe(true);
  });

  it("verifySync gives back, with its owner, the claim an async store made that it could not wait for", async () => {
    const headers = await sign(github, { secret, payload: "sync" });
    const claimed: string[] = [];
    const released: string[] = [];
    const asyncStore: ReplayStore = {
      claim: async (_key, _ttl, owner) => (claimed.push(owner), true),
      release: (_key, owner) => void released.push(owner),
    };
    expect(() => verifySync(github, { secret, payload: "sync", headers, replay: asyncStore })).toThrow(/synchronous store/);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(claimed).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{22}$/)]);
    expect(released).toEqual(claimed);
  });

  it("an old-style store that ignores the owner still type-checks and works", async () => {
    const keys = new Set<string>();
    const legacy: ReplayStore = {
      claim: (key: string) => (keys.has(key) ? false : (keys.add(key), true)),
      release: (key: string) => void keys.delete(key),
    };
    const headers = await sign(github, { secret, payload: "legacy" });
    const verified = await verify(github, { secret, payload: "legacy", headers, replay: legacy });
    await expect(verify(github, { secret, payload: "legacy", headers, replay: legacy })).rejects.toMatchObject({ code: "replayed" });
    await verified.release!();
    expect(keys.size).toBe(0);
  });
});

describe("replayScope", () => {
  it("receivers with different scopes sharing one store never collide on a message id", async () => {
    const replay = memoryReplayStore();
    const [shopA, shopB] = [generateSecret(), generateSecret()];
    // Anyone holding shop B's secret signs a message with the id that shop A's sender will use…
    const forB = await sign(standardWebhooks, { secret: shopB, payload: "b", id: "msg_shared", timestamp: NOW });
    const forA = await sign(standardWebhooks, { secret: shopA, payload: "a", id: "msg_shared", timestamp: NOW });
    await verify(standardWebhooks, { secret: shopB, payload: "b", headers: forB, now: NOW, replay, replayScope: "/webhooks/shop-b" });
    // …and shop A's genuine delivery is still accepted, once.
    const a = { secret: shopA, payload: "a", headers: forA, now: NOW, replay, replayScope: "/webhooks/shop-a" };
    await expect(verify(standardWebhooks, a)).resolves.toMatchObject({ id: "msg_shared" });
    await expect(verify(standardWebhooks, a)).rejects.toMatchObject({ code: "replayed" });
  });

  it("a scope is part of the key, escaped so that no scheme name or scope can pose as another", async () => {
    const { store, calls } = recording();
    const headers = await sign(github, { secret, payload: "keys" });
    const options = { secret, payload: "keys", headers, replay: store };
    const tricky = defineScheme({ ...github, name: "github:scope:a" });
    await verify(github, options);
    await verify(github, { ...options, replayScope: "a" });
    await verify(github, { ...options, replayScope: "a:b" });
    await verify(github, { ...options, replayScope: "a%3Ab" });
    await verify(tricky, { ...options, replayScope: "b" });
    await verify(tricky, options);
    const keys = calls.map((c) => c.key.replace(/[0-9a-f]{64}$/, "<digest>"));
    expect(keys).toEqual([
      "github:sig:<digest>", // no scope: the key is what it was before scopes existed
      "github:scope:a:sig:<digest>",
      "github:scope:a%3Ab:sig:<digest>",
      "github:scope:a%253Ab:sig:<digest>",
      "github%3Ascope%3Aa:scope:b:sig:<digest>",
      "github%3Ascope%3Aa:sig:<digest>",
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("never scopes by the secret that matched: a replay stripped down to the other signature of a rotating sender is refused", async () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const replay = memoryReplayStore();
    const replayScope = "billing";
    // Stripe (no id: the key is a digest of the signed content) and Standard Webhooks (an id).
    const stripeHeaders = await sign(stripe, { secret: [current, previous], payload: "rotating", timestamp: NOW });
    const first = await verify(stripe, { secret: [current, previous], payload: "rotating", headers: stripeHeaders, now: NOW, replay, replayScope });
    expect(first.secretIndex).toBe(0);
    const [t, v1current, v1previous] = stripeHeaders["stripe-signature"]!.split(",");
    for (const signature of [v1previous, v1current]) {
      const stripped = { "stripe-signature": `${t},${signature}` };
      await expect(verify(stripe, { secret: [current, previous], payload: "rotating", headers: stripped, now: NOW, replay, replayScope })).rejects.toMatchObject({
        code: "replayed",
      });
    }
    const std = await sign(standardWebhooks, { secret: [current, previous], payload: "rotating", timestamp: NOW });
    await verify(standardWebhooks, { secret: [current, previous], payload: "rotating", headers: std, now: NOW, replay, replayScope });
    const [, previousEntry] = std["webhook-signature"]!.split(" ");
    const stripped = { ...std, "webhook-signature": previousEntry! };
    await expect(verify(standardWebhooks, { secret: [current, previous], payload: "rotating", headers: stripped, now: NOW, replay, replayScope })).rejects.toMatchObject({
      code: "replayed",
    });
  });

  it("refuses a scope that is not a string (TypeError) or not 1 to 128 printable ASCII characters (RangeError)", async () => {
    const headers = await sign(github, { secret, payload: "scope" });
    const options = { secret, payload: "scope", headers, replay: memoryReplayStore() };
    for (const scope of [1, null, {}, ["a"]]) {
      await expect(verify(github, { ...options, replayScope: scope as never })).rejects.toBeInstanceOf(TypeError);
    }
    for (const scope of ["", "x".repeat(129), "line\nbreak", "tenant\u00e9"]) {
      await expect(verify(github, { ...options, replayScope: scope })).rejects.toBeInstanceOf(RangeError);
    }
    // Checked even without a store, so a typo is found before the store is added.
    await expect(verify(github, { secret, payload: "scope", headers, replayScope: 7 as never })).rejects.toBeInstanceOf(TypeError);
    await expect(verify(github, { ...options, replayScope: "x".repeat(128) })).resolves.toBeDefined();
  });
});
