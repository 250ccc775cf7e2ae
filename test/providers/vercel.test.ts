// Vercel: x-vercel-signature: <hex HMAC-SHA1 of the body> (SHA-1, no timestamp), from "Securing webhooks".
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { vercel, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";
import { codeOf } from "./conformance.js";

describeBodySignature({
  scheme: vercel,
  hash: "sha1",
  encoding: "hex",
  header: "x-vercel-signature",
  prefix: "",
  secret: "vercel-webhook-secret-5f4e3d2c1b",
  otherSecret: "vercel-webhook-secret-0000000000",
  body: '{"id":"evt_abc","type":"deployment.succeeded","createdAt":1700000000000,"payload":{"deployment":{"id":"dpl_1"}}}',
  eventId: "evt_abc",
});

describe("vercel signs with SHA-1, not SHA-256", () => {
  it("a SHA-256 signature of the same body is refused as malformed (wrong length)", async () => {
    const body = '{"type":"deployment.created"}';
    const sha256 = createHmac("sha256", "vercel-secret").update(body).digest("hex");
    expect(await codeOf(verify(vercel, { secret: "vercel-secret", payload: body, headers: { "x-vercel-signature": sha256 } }))).toBe("malformed_header");
  });
});
