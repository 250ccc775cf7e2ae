// zoom: node:crypto reference written from Zoom's "Verify webhook events" and "Validate your
// webhook endpoint" (no published triple), the conformance checks, and zoomChallengeResponse.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verify, zoom, zoomChallengeResponse } from "../../src/index.js";
import { zoomChallengeResponse as webZoomChallengeResponse } from "../../src/web.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { describePreset, NOW } from "./conformance.js";

const SECRET = "y89hMDcQuy5ryOoJz6IQzw";
const BODY = '{"event":"meeting.started","payload":{"account_id":"abc","object":{"id":"123"}},"event_ts":1700000000123}';

describePreset({ scheme: zoom, secret: SECRET, otherSecret: "another-secret-token", payload: BODY, tolerance: 300 });

describe("zoom: the documented algorithm", () => {
  it("x-zm-signature is v0= + hex HMAC-SHA256 of v0:<timestamp>:<body>, with x-zm-request-timestamp", async () => {
    const headers = await sign(zoom, { secret: SECRET, payload: BODY, timestamp: NOW });
    const expected = "v0=" + createHmac("sha256", SECRET).update(`v0:${NOW}:${BODY}`).digest("hex");
    expect(headers).toEqual({ "x-zm-request-timestamp": String(NOW), "x-zm-signature": expected });
    const received = { "x-zm-signature": expected, "x-zm-request-timestamp": String(NOW), "content-type": "application/json" };
    await expect(verify(zoom, { secret: SECRET, payload: BODY, headers: received, now: NOW })).resolves.toEqual({ scheme: "zoom", timestamp: NOW, secretIndex: 0 });
  });
});

describe("zoomChallengeResponse", () => {
  const plainToken = "qgg8vlvZRS6UYooatFL8Aw";
  const expected = createHmac("sha256", SECRET).update(plainToken).digest("hex");

  it("answers with the plain token and the hex HMAC-SHA256 of it, on both entry points and adapters", async () => {
    await expect(zoomChallengeResponse(plainToken, SECRET)).resolves.toEqual({ plainToken, encryptedToken: expected });
    await expect(webZoomChallengeResponse(plainToken, SECRET)).resolves.toEqual({ plainToken, encryptedToken: expected });
    await expect(zoomChallengeResponse(plainToken, SECRET, { crypto: webCrypto })).resolves.toEqual({ plainToken, encryptedToken: expected });
    await expect(webZoomChallengeResponse(plainToken, SECRET, { crypto: nodeCrypto })).resolves.toEqual({ plainToken, encryptedToken: expected });
    await expect(zoomChallengeResponse(plainToken, new TextEncoder().encode(SECRET))).resolves.toEqual({ plainToken, encryptedToken: expected });
  });

  it("the answer is JSON-ready: exactly the two fields Zoom expects", async () => {
    const answer = await zoomChallengeResponse(plainToken, SECRET);
    expect(JSON.parse(JSON.stringify(answer))).toEqual({ plainToken, encryptedToken: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("rejects a missing token or secret with a TypeError and an empty one with a RangeError", async () => {
    await expect(zoomChallengeResponse(undefined as unknown as string, SECRET)).rejects.toThrow(TypeError);
    await expect(zoomChallengeResponse("", SECRET)).rejects.toThrow(RangeError);
    await expect(zoomChallengeResponse(plainToken, "")).rejects.toThrow(RangeError);
    await expect(zoomChallengeResponse(plainToken, { secret: SECRET } as unknown as string)).rejects.toThrow(TypeError);
    await expect(zoomChallengeResponse("x".repeat(2000), SECRET)).rejects.toThrow(RangeError);
  });
});
