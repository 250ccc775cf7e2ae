// Review: readLimited (src/receive/request.ts) races every reader.read() against one `late`
// promise that stays pending for the whole read: each race leaves a reaction on it, so a body
// sent in tiny chunks costs ~350 bytes of heap per chunk until the read ends — before anything
// is authenticated (1 MiB of 1-byte chunks, inside the default maxBodyBytes: ~370 MB).
import { expect, it } from "vitest";
import { github, verifyRequest } from "../../src/index.js";

it("reading a body of many tiny chunks keeps heap growth near the body's own cost", async () => {
  const N = 300_000;
  const one = new Uint8Array([120]);
  let i = 0;
  let peak = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (i++ < N) {
          c.enqueue(one);
          if (i % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        } else c.close();
      },
    },
    { highWaterMark: 0 },
  );
  const before = process.memoryUsage().heapUsed;
  const request = new Request("https://example.com/h", { method: "POST", body, duplex: "half", headers: { "x-hub-signature-256": "sha256=" + "0".repeat(64) } } as RequestInit);
  const outcome = await verifyRequest(github, request, { secret: "s".repeat(32), maxBodyBytes: 2 * N }).catch((e: { code?: string }) => e.code);
  expect(outcome).toBe("no_matching_signature");
  // The chunk references themselves cost 8 bytes each (one shared chunk here); allow 100 B/chunk.
  expect(Math.round((peak - before) / N)).toBeLessThan(100);
});
