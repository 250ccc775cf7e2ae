// mux: against the official @mux/mux-node SDK (webhooks.verifySignature, which checks every v1
// against the real clock with a 300 s window), a node:crypto reference written from "Verify
// webhook signatures", and the conformance checks.
import { createHmac } from "node:crypto";
import Mux from "@mux/mux-node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mux, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "mux-webhook-signing-secret-0123456789abcdef";
const OTHER = "mux-webhook-signing-secret-other-000000000000";
const BODY = '{"type":"video.asset.ready","id":"3a56ac3d-33da-4366-855b-f592d898409d","data":{"status":"ready"}}';
const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");
const sdk = new Mux({ tokenId: "unused", tokenSecret: "unused" }).webhooks;

describePreset({ scheme: mux, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 300 });

describe("mux: the documented algorithm", () => {
  it('Mux-Signature is t=<ts>,v1=<hex HMAC-SHA256 of "<ts>.<body>">', async () => {
    const headers = await sign(mux, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "mux-signature": `t=${NOW},v1=${hmac(SECRET, `${NOW}.${BODY}`)}` });
  });

  it("every v1 is tried, unknown schemes are ignored, conflicting t= values are malformed_header", async () => {
    const good = hmac(SECRET, `${NOW}.${BODY}`);
    const at = (value: string) => verify(mux, { secret: SECRET, payload: BODY, headers: { "Mux-Signature": value }, now: NOW });
    await expect(at(`t=${NOW},v1=${"0".repeat(64)},v1=${good}`)).resolves.toMatchObject({ timestamp: NOW });
    await expect(at(`t=${NOW},v2=abc,v1=${good}`)).resolves.toBeDefined();
    expect(await codeOf(at(`t=${NOW},t=${NOW + 1},v1=${good}`))).toBe("malformed_header");
    expect(await codeOf(at(`v1=${good}`))).toBe("malformed_header");
    expect(await codeOf(at(`t=${NOW},v0=${good}`))).toBe("malformed_header");
  });
});

describe("mux against @mux/mux-node", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW * 1000);
  });
  afterEach(() => vi.useRealTimers());

  it("the SDK accepts what hookseal signs, with one secret or during a rotation", async () => {
    for (const secret of [SECRET, [OTHER, SECRET]]) {
      const headers = await sign(mux, { secret, payload: BODY, timestamp: NOW });
      await expect(sdk.verifySignature(BODY, headers, SECRET)).resolves.toBeUndefined();
      await expect(sdk.verifySignature(BODY + " ", headers, SECRET)).rejects.toThrow();
    }
    const headers = await sign(mux, { secret: SECRET, payload: BODY, timestamp: NOW });
    await expect(sdk.verifySignature(BODY, headers, OTHER)).rejects.toThrow();
  });

  it("hookseal accepts what the SDK's rule accepts, and refuses a stale delivery as the SDK does", async () => {
    const fresh = { "mux-signature": `t=${NOW - 10},v1=${hmac(SECRET, `${NOW - 10}.${BODY}`)}` };
    await expect(sdk.verifySignature(BODY, fresh, SECRET)).resolves.toBeUndefined();
    await expect(verify(mux, { secret: SECRET, payload: BODY, headers: fresh })).resolves.toMatchObject({ timestamp: NOW - 10 });
    const stale = { "mux-signature": `t=${NOW - 301},v1=${hmac(SECRET, `${NOW - 301}.${BODY}`)}` };
    await expect(sdk.verifySignature(BODY, stale, SECRET)).rejects.toThrow(/too old/);
    expect(await codeOf(verify(mux, { secret: SECRET, payload: BODY, headers: stale }))).toBe("timestamp_too_old");
  });
});
