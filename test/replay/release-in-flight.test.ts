// Review: release() "acts once" by returning at once on a second call, even while the first
// call's store.release is still in flight (or about to fail).
import { expect, it } from "vitest";
import { generateSecret, github, sign, webhookHandler, type ReplayStore } from "../../src/index.js";

const SECRET = generateSecret();
const post = (body: string, headers: Record<string, string>) => new Request("https://example.com/hook", { method: "POST", headers, body });

// Found by review (was a defect; fixed).
it("a handler that started release() without awaiting it and then threw: the store's failure is reported, and the helper waits for it", async () => {
  let releaseSettled = false;
  const replay: ReplayStore = {
    claim: () => true,
    release: () => new Promise((_, reject) => setTimeout(() => ((releaseSettled = true), reject(new Error("redis down"))), 30)),
  };
  const handle = webhookHandler(github, { secret: SECRET, replay }, (webhook) => {
    void webhook.release!().catch(() => {}); // e.g. a library helper the handler called
    throw new Error("handler failed");
  });
  const headers = await sign(github, { secret: SECRET, payload: "x" });
  const error = await handle(post("x", headers)).catch((e: unknown) => e);
  expect({ settledWhenAnswered: releaseSettled, kind: (error as Error).constructor.name }).toEqual({ settledWhenAnswered: true, kind: "AggregateError" });
});
