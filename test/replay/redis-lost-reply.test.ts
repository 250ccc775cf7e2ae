// Review: a SET … NX that Redis executed but whose reply the client lost (connection reset
// after the write). The claim was reported as failed (ReplayStoreError → 503, "retry later"),
// yet the key stays held by an owner nobody will ever release: the provider's retry is refused
// as `replayed` until the claim expires, and the delivery is lost.
import { expect, it } from "vitest";
import { redisReplayStore } from "../../src/index.js";

function fakeRedis(mode: "reply lost" | "resent after reconnect") {
  const keys = new Map<string, string>();
  const setNx = (key: string, value: string) => (keys.has(key) ? null : (keys.set(key, value), "OK"));
  let first = true;
  return {
    keys,
    client: {
      status: "ready",
      set(key: string, value: string) {
        if (!first) return Promise.resolve(setNx(key, value));
        first = false;
        setNx(key, value); // the server ran it…
        if (mode === "reply lost") return Promise.reject(new Error("Connection is closed.")); // …the reply never came
        // ioredis resends unfulfilled commands after a reconnect: the resend finds its own key
        return new Promise((resolve) => setTimeout(() => resolve(setNx(key, value)), 40));
      },
      eval(_script: string, _n: number, key: string, owner: string) {
        if (keys.get(key) === owner) keys.delete(key);
        return Promise.resolve(1);
      },
    },
  };
}

for (const mode of ["reply lost", "resent after reconnect"] as const) {
  // Found by review (was a defect; fixed).
  it(`${mode}: a claim reported as failed leaves no key behind`, async () => {
    const redis = fakeRedis(mode);
    const store = redisReplayStore(redis.client, { timeoutMs: 20 });
    await expect(store.claim("github:sig:abc", 300, "owner-1")).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 60));
    // The provider retries after the 503: its claim must be accepted.
    await expect(store.claim("github:sig:abc", 300, "owner-2")).resolves.toBe(true);
  });
}
