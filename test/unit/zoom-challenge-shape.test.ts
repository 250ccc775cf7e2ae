// zoomChallengeResponse signs only tokens shaped like Zoom's: its answer is an HMAC under the
// webhook secret, so signing "v0:<ts>:<body>" would forge an x-zm-signature.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verify, zoom, zoomChallengeResponse } from "../../src/index.js";

const SECRET = "zoom-secret-token";

describe("zoomChallengeResponse: plain token shape", () => {
  it("never signs text that verifies as a Zoom delivery", async () => {
    const now = 1_700_000_000;
    const forged = '{"event":"meeting.ended"}';
    const plainToken = `v0:${now}:${forged}`;
    const answer = await zoomChallengeResponse(plainToken, SECRET).catch((error: unknown) => error);
    expect(answer).toBeInstanceOf(RangeError);
    expect(String(answer)).not.toContain(forged);
    // Why: the HMAC of that token is exactly the signature of a delivery of the forged body.
    const wouldBe = "v0=" + createHmac("sha256", SECRET).update(plainToken).digest("hex");
    await expect(verify(zoom, { secret: SECRET, payload: forged, now, headers: { "x-zm-request-timestamp": String(now), "x-zm-signature": wouldBe } })).resolves.toBeDefined();
  });

  it("answers Zoom's tokens and refuses anything else with a RangeError", async () => {
    for (const token of ["qgg8vlvZRS6UYooatFL8Aw", "2oXY7bAKQLCwXDMECt8m_g", "A".repeat(64)]) {
      await expect(zoomChallengeResponse(token, SECRET)).resolves.toMatchObject({ plainToken: token });
    }
    for (const token of ["short", "A".repeat(65), "qgg8vlvZRS6UYooatFL8Aw:", "qgg8vlvZRS6UYooatFL8A=", "qgg8vlvZRS6UYooa tFL8Aw", "v0:1700000000:{}"]) {
      await expect(zoomChallengeResponse(token, SECRET)).rejects.toThrow(RangeError);
    }
    await expect(zoomChallengeResponse("qgg8vlvZRS6UYooatFL8Aw", "  \n")).rejects.toThrow(RangeError);
  });
});
