// shopify: node:crypto reference written from Shopify's "Verify a webhook" (base64 of
// HMAC-SHA256 of the raw body with the client secret; no published triple), and the
// conformance checks. @shopify/shopify-api needs a whole app configuration, so it is not used.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { shopify, sign, verify } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";

const SECRET = "shpss_0123456789abcdef0123456789abcdef";
const BODY = '{"id":820982911946154508,"email":"jon@example.com","total_price":"403.00"}';

describePreset({ scheme: shopify, secret: SECRET, otherSecret: "shpss_ffffffffffffffffffffffffffffffff", payload: BODY });

describe("shopify: the documented algorithm", () => {
  const expected = createHmac("sha256", SECRET).update(BODY, "utf8").digest("base64");

  it("x-shopify-hmac-sha256 is the base64 (not hex) HMAC-SHA256 of the raw body", async () => {
    expect(await sign(shopify, { secret: SECRET, payload: BODY })).toEqual({ "x-shopify-hmac-sha256": expected });
    const received = { "X-Shopify-Hmac-Sha256": expected, "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "b54557e4" };
    await expect(verify(shopify, { secret: SECRET, payload: Buffer.from(BODY), headers: received })).resolves.toEqual({ scheme: "shopify", secretIndex: 0 });
  });

  it("the hex form of the same MAC, or a truncated base64, is malformed_header", async () => {
    const hex = createHmac("sha256", SECRET).update(BODY).digest("hex");
    expect(await codeOf(verify(shopify, { secret: SECRET, payload: BODY, headers: { "x-shopify-hmac-sha256": hex } }))).toBe("malformed_header");
    expect(await codeOf(verify(shopify, { secret: SECRET, payload: BODY, headers: { "x-shopify-hmac-sha256": expected.slice(0, 40) } }))).toBe("malformed_header");
  });
});
