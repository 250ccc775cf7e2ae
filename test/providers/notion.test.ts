// Notion: X-Notion-Signature: sha256=<hex HMAC-SHA256 of the body>, keyed with the verification_token.
import { describe, expect, it } from "vitest";
import { notion, verify } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";
import { codeOf } from "./conformance.js";

describeBodySignature({
  scheme: notion,
  hash: "sha256",
  encoding: "hex",
  header: "x-notion-signature",
  prefix: "sha256=",
  secret: "secret_tWJrZzNhZ2tVQkZ0Q2RzWnBXSmV6Y2FlN2Q",
  otherSecret: "secret_00000000000000000000000000000000",
  body: '{"id":"367cba44-b6f3-4c92-81e7-6a2e9659efd4","timestamp":"2024-12-05T23:55:34.285Z","type":"page.content_updated","entity":{"id":"153104cd-477e-809d-8dc4-ff2d96ae3090","type":"page"}}',
  eventId: "367cba44-b6f3-4c92-81e7-6a2e9659efd4",
});

describe("notion: the verification request", () => {
  it("the one-time {verification_token} POST carries no signature: verify() refuses it (missing_header)", async () => {
    const body = '{"verification_token":"secret_tWJrZzNhZ2tVQkZ0Q2RzWnBXSmV6Y2FlN2Q"}';
    expect(await codeOf(verify(notion, { secret: "secret_tWJrZzNhZ2tVQkZ0Q2RzWnBXSmV6Y2FlN2Q", payload: body, headers: {} }))).toBe("missing_header");
  });
});
