// square: against the official `square` SDK's WebhooksHelper.verifySignature (HMAC-SHA256 of
// notification URL + body, base64), and the conformance checks (the URL is signed).
import { createHmac } from "node:crypto";
import { WebhooksHelper } from "square";
import { describe, expect, it } from "vitest";
import { sign, square, verify } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";

const SECRET = "asdf1234asdf1234asdf12";
const URL_ = "https://example.com/webhooks/square";
const BODY = '{"merchant_id":"MLEFBHHSJGVHD","type":"payment.updated","event_id":"d3bd3b1b-6f61-4c52-b4f9-1e8b5b2a7e62","data":{"type":"payment","id":"KkAkhdMs"}}';

describePreset({ scheme: square, secret: SECRET, otherSecret: "qwer5678qwer5678qwer56", payload: BODY, url: URL_ });

describe("square: the documented algorithm", () => {
  it("x-square-hmacsha256-signature is the base64 HMAC-SHA256 of the notification URL followed by the body", async () => {
    const headers = await sign(square, { secret: SECRET, payload: BODY, url: URL_ });
    expect(headers).toEqual({ "x-square-hmacsha256-signature": createHmac("sha256", SECRET).update(URL_ + BODY).digest("base64") });
  });

  it("a query string or trailing slash is part of the signed URL", async () => {
    const headers = await sign(square, { secret: SECRET, payload: BODY, url: URL_ + "?env=prod" });
    await expect(verify(square, { secret: SECRET, payload: BODY, headers, url: URL_ + "?env=prod" })).resolves.toBeDefined();
    expect(await codeOf(verify(square, { secret: SECRET, payload: BODY, headers, url: URL_ }))).toBe("no_matching_signature");
    expect(await codeOf(verify(square, { secret: SECRET, payload: BODY, headers, url: URL_ + "/?env=prod" }))).toBe("no_matching_signature");
  });
});

describe("square against the square SDK", () => {
  it("WebhooksHelper.verifySignature accepts what hookseal signs, and refuses changes", async () => {
    const headers = await sign(square, { secret: SECRET, payload: BODY, url: URL_ });
    const signatureHeader = headers["x-square-hmacsha256-signature"]!;
    const check = (overrides: Partial<{ requestBody: string; notificationUrl: string; signatureKey: string }>) =>
      WebhooksHelper.verifySignature({ requestBody: BODY, signatureHeader, signatureKey: SECRET, notificationUrl: URL_, ...overrides });
    await expect(check({})).resolves.toBe(true);
    await expect(check({ requestBody: BODY + " " })).resolves.toBe(false);
    await expect(check({ notificationUrl: URL_ + "/" })).resolves.toBe(false);
    await expect(check({ signatureKey: "other" })).resolves.toBe(false);
  });
});
