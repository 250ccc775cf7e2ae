// Segment Webhooks (Actions): X-Signature: <hex HMAC-SHA1 of the request body>, keyed with the Shared Secret.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { segment, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";
import { codeOf } from "./conformance.js";

describeBodySignature({
  scheme: segment,
  hash: "sha1",
  encoding: "hex",
  header: "x-signature",
  prefix: "",
  secret: "segment-shared-secret-8c7b",
  otherSecret: "segment-shared-secret-0000",
  body: '{"type":"track","event":"Order Completed","userId":"u_1","messageId":"m_1","properties":{"total":42}}',
  eventId: "m_1",
});

describe("segment: a batch is not verified", () => {
  // Segment signs only the first event of a batch (Twilio support: "How Segment computes
  // x-signature for batched webhooks"), so the signature does not cover the body it sends.
  it("a batched body signed over its first event alone fails: the other events are never taken as proven", async () => {
    const secret = "segment-shared-secret-8c7b";
    const first = '{"type":"track","event":"A","messageId":"m_1"}';
    const batch = `[${first},{"type":"track","event":"B","messageId":"m_2"}]`;
    const header = createHmac("sha1", secret).update(first).digest("hex");
    await expect(verify(segment, { secret, payload: first, headers: { "x-signature": header } })).resolves.toBeDefined();
    expect(await codeOf(verify(segment, { secret, payload: batch, headers: { "x-signature": header } }))).toBe("no_matching_signature");
  });
});
