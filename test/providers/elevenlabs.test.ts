// elevenlabs: a node:crypto reference written from ElevenLabs's webhook documentation (its SDK,
// @elevenlabs/elevenlabs-js, is not a dev dependency), the SDK's 30-minute window, and the
// conformance checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { elevenlabs, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "wsec_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
const OTHER = "wsec_ffffffffffffffffffffffffffffffffffffffffffffffff";
const BODY = '{"type":"post_call_transcription","event_timestamp":1700000000,"data":{"agent_id":"agent_1"}}';
const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");

describePreset({ scheme: elevenlabs, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 1800 });

describe("elevenlabs: the documented algorithm", () => {
  it('ElevenLabs-Signature is t=<ts>,v0=<hex HMAC-SHA256 of "<ts>.<body>">', async () => {
    const headers = await sign(elevenlabs, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "elevenlabs-signature": `t=${NOW},v0=${hmac(SECRET, `${NOW}.${BODY}`)}` });
  });

  it("reads v0 only: a v1 entry carries nothing ElevenLabs sends", async () => {
    const mac = hmac(SECRET, `${NOW}.${BODY}`);
    const at = (value: string) => verify(elevenlabs, { secret: SECRET, payload: BODY, headers: { "ElevenLabs-Signature": value }, now: NOW });
    await expect(at(`t=${NOW},v0=${mac}`)).resolves.toMatchObject({ timestamp: NOW });
    expect(await codeOf(at(`t=${NOW},v1=${mac}`))).toBe("malformed_header");
  });

  it("the default window is 30 minutes, as ElevenLabs's SDKs check", async () => {
    const headers = await sign(elevenlabs, { secret: SECRET, payload: BODY, timestamp: NOW });
    await expect(verify(elevenlabs, { secret: SECRET, payload: BODY, headers, now: NOW + 1800 })).resolves.toBeDefined();
    expect(await codeOf(verify(elevenlabs, { secret: SECRET, payload: BODY, headers, now: NOW + 1801 }))).toBe("timestamp_too_old");
  });
});
