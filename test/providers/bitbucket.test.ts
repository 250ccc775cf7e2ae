// Bitbucket Cloud: X-Hub-Signature: sha256=<hex>, from Atlassian's "Manage webhooks" (Secure webhooks).
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bitbucket, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";
import { codeOf } from "./conformance.js";

describeBodySignature({
  scheme: bitbucket,
  hash: "sha256",
  encoding: "hex",
  header: "x-hub-signature",
  prefix: "sha256=",
  secret: "bb-webhook-secret-7f3a9c2e1d",
  otherSecret: "bb-webhook-secret-other-0000",
  body: '{"push":{"changes":[{"new":{"name":"main","type":"branch"}}]},"repository":{"full_name":"acme/app"}}',
});

describe("bitbucket is not GitHub's legacy SHA-1 header", () => {
  it("the same header name as githubSha1, but SHA-256: a sha1= value is refused", async () => {
    const body = '{"push":{}}';
    const sha1 = "sha1=" + createHmac("sha1", "s3cret-value").update(body).digest("hex");
    expect(await codeOf(verify(bitbucket, { secret: "s3cret-value", payload: body, headers: { "X-Hub-Signature": sha1 } }))).toBe("malformed_header");
  });
});
