// githubSha1 and intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>`. Neither
// provider publishes a (secret, body, signature) triple, so the reference is node:crypto
// written from their documents; GitHub's documented SHA-256 example gives the inputs.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { github, githubSha1, intercom, sign, verify } from "../../src/index.js";
import { describePreset, codeOf } from "./conformance.js";

// GitHub's "Validating webhook deliveries" example inputs.
const SECRET = "It's a Secret to Everybody";
const BODY = "Hello, World!";
const reference = (secret: string, body: string) => "sha1=" + createHmac("sha1", secret).update(body, "utf8").digest("hex");

for (const scheme of [githubSha1, intercom]) {
  describePreset({ scheme, secret: SECRET, otherSecret: "another secret", payload: '{"action":"opened","number":1}' });

  describe(`${scheme.name}: the documented algorithm`, () => {
    it("signs exactly what node:crypto computes from the document, and verifies it", async () => {
      const headers = await sign(scheme, { secret: SECRET, payload: BODY });
      expect(headers).toEqual({ "x-hub-signature": reference(SECRET, BODY) });
      expect(headers["x-hub-signature"]).toBe("sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59");
      await expect(verify(scheme, { secret: SECRET, payload: BODY, headers: { "X-Hub-Signature": reference(SECRET, BODY) } })).resolves.toEqual({
        scheme: scheme.name,
        secretIndex: 0,
      });
    });

    it("the header name is x-hub-signature, the prefix sha1=, the digest 40 hex digits (either case)", async () => {
      const value = reference(SECRET, BODY);
      await expect(verify(scheme, { secret: SECRET, payload: BODY, headers: { "x-hub-signature": value.toUpperCase().replace("SHA1=", "sha1=") } })).resolves.toBeDefined();
      expect(await codeOf(verify(scheme, { secret: SECRET, payload: BODY, headers: { "x-hub-signature": value.replace("sha1=", "sha256=") } }))).toBe("malformed_header");
      expect(await codeOf(verify(scheme, { secret: SECRET, payload: BODY, headers: { "x-hub-signature": value.slice(0, -2) } }))).toBe("malformed_header");
      expect(await codeOf(verify(scheme, { secret: SECRET, payload: BODY, headers: { "x-hub-signature-256": value } }))).toBe("missing_header");
    });
  });
}

describe("githubSha1 beside github", () => {
  it("a GitHub delivery carries both headers; each scheme checks its own", async () => {
    const headers = { ...(await sign(github, { secret: SECRET, payload: BODY })), ...(await sign(githubSha1, { secret: SECRET, payload: BODY })) };
    await expect(verify(github, { secret: SECRET, payload: BODY, headers })).resolves.toBeDefined();
    await expect(verify(githubSha1, { secret: SECRET, payload: BODY, headers })).resolves.toBeDefined();
  });
});
