// Sentry (integration platform): Sentry-Hook-Signature: <hex HMAC-SHA256 of the body>, keyed with the Client Secret.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sentry, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

describeBodySignature({
  scheme: sentry,
  hash: "sha256",
  encoding: "hex",
  header: "sentry-hook-signature",
  prefix: "",
  secret: "3b2e1f0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
  otherSecret: "0000000000000000000000000000000000000000000000000000000000000000",
  body: '{"action":"created","installation":{"uuid":"7a485448"},"data":{"issue":{"id":"1170820242"}},"actor":{"type":"application","id":"sentry","name":"Sentry"}}',
});

describe("sentry: the raw body, not a re-serialization", () => {
  it("Sentry's Node example hashes JSON.stringify(request.body): equal for a compact body, and only then", async () => {
    const secret = "3b2e1f0d9c8b7a6f5e4d3c2b1a09f8e7";
    const compact = '{"action":"created","data":{"n":1}}';
    const spaced = '{"action": "created", "data": {"n": 1}}';
    const docExample = (raw: string) => createHmac("sha256", secret).update(JSON.stringify(JSON.parse(raw)), "utf8").digest("hex");
    await expect(verify(sentry, { secret, payload: compact, headers: { "sentry-hook-signature": docExample(compact) } })).resolves.toBeDefined();
    // A sender that signed the spaced bytes it sent: the raw body verifies, the re-serialization would not.
    const signed = createHmac("sha256", secret).update(spaced).digest("hex");
    await expect(verify(sentry, { secret, payload: spaced, headers: { "sentry-hook-signature": signed } })).resolves.toBeDefined();
    expect(docExample(spaced)).not.toBe(signed);
  });
});
