// Review probes of webhookHandler / observers / stores.
import { describe, expect, it } from "vitest";
import { generateSecret, github, stripe, memoryReplayStore, sign, webhookHandler, verifyRequest, redisReplayStore} from "../../src/index.js";

const SECRET = generateSecret();
const post = (body: BodyInit | null, headers: Record<string, string>, url = "https://example.com/hook") =>
  new Request(url, { method: "POST", headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

describe("replayedStatus: 200 and a duplicate that arrives while the first delivery is still being handled", () => {
  // KNOWN DEFECT (review): it.fails until fixed; flip to it() with the fix.
  it.fails("the duplicate is told 2xx (stop retrying), then the first fails and releases: nobody processes the event", async () => {
    const replay = memoryReplayStore();
    const payload = JSON.stringify({ id: "evt_1", type: "invoice.paid" });
    let firstFails!: () => void;
    const failNow = new Promise<void>((r) => (firstFails = r));
    let processed = 0;
    let calls = 0;
    const handle = webhookHandler(stripe, { secret: "whsec_test", replay, replayKey: "event", replayedStatus: 200 }, async () => {
      if (++calls === 1) {
        await failNow;
        return new Response(null, { status: 500 }); // the database was down: release, so the provider's retry is accepted
      }
      processed++;
      return new Response(null, { status: 204 });
    });
    const first = handle(post(payload, await sign(stripe, { secret: "whsec_test", payload })));
    await new Promise((r) => setTimeout(r, 10));
    // Stripe timed out the first attempt and retries (re-signed, same event) while it still runs.
    const retry = await handle(post(payload, await sign(stripe, { secret: "whsec_test", payload, timestamp: Math.floor(Date.now() / 1000) + 1 })));
    firstFails();
    expect((await first).status).toBe(500);
    // The provider now holds a 2xx for this event and stops retrying; the event was never processed.
    // Either the duplicate is not told 2xx while the first attempt is still running, or the event gets processed.
    expect({ retryStatus: retry.status, processed }).not.toEqual({ retryStatus: 200, processed: 0 });
  });
});

describe("a body stream that fails midway (the sender hung up while sending)", () => {
  // KNOWN DEFECT (review): it.fails until fixed; flip to it() with the fix.
  it.fails("webhookHandler answers/rejects with a typed error", async () => {
    const headers = await sign(github, { secret: SECRET, payload: "abcdef" });
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 0) c.enqueue(new TextEncoder().encode("abc"));
        else c.error(new TypeError("terminated"));
      },
    });
    const handle = webhookHandler(github, { secret: SECRET, replay: memoryReplayStore() }, () => new Response(null, { status: 204 }));
    const outcome = await handle(post(body, headers)).then(
      (r) => `answered ${r.status}`,
      (e: unknown) => `rejected ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`,
    );
    expect(outcome).toMatch(/^answered 4/);
  });
});

describe("observe never turns a bad argument into an unhandled rejection", () => {
  // Found by review (was a defect; fixed).
  it("a scheme whose name cannot be stringified", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const bad = { name: Object.create(null) } as never;
      const request = post("x", {});
      await expect(verifyRequest(bad, request, { secret: SECRET, observe: () => {} })).rejects.toThrow(TypeError);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled.map(String)).toEqual([]);
  });
});

describe("redisReplayStore timeoutMs", () => {
  // Found by review (was a defect; fixed).
  it("a timeout above the timer range is refused (else every claim 'times out' at once)", async () => {
    const client = { status: "ready", set: () => new Promise((r) => setTimeout(() => r("OK"), 5)), eval: () => Promise.resolve(1) };
    let made: ReturnType<typeof redisReplayStore> | undefined;
    let refused = false;
    try {
      made = redisReplayStore(client, { timeoutMs: 3_000_000_000 });
    } catch (e) {
      refused = e instanceof RangeError;
    }
    if (!refused) await expect(made!.claim("k", 10, "owner")).resolves.toBe(true);
  });
});
