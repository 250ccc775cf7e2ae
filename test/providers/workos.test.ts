// workos: against the official @workos-inc/node SDK (webhooks.constructEvent, which re-serializes
// the parsed payload and checks only the age of t, in milliseconds, default 180 s), a node:crypto
// reference, and the conformance checks.
import { createHmac } from "node:crypto";
import { WorkOS } from "@workos-inc/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sign, verify, workos } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "workos-webhook-secret-7Hq2Lk9PzX4mN8vB1cR5tY0";
const OTHER = "workos-webhook-secret-other-000000000000000";
// Compact JSON, as WorkOS sends it: the SDK signs JSON.stringify of the parsed payload.
const BODY = '{"id":"event_01H2GQNMQNH8VRXVR7AEYG9XCJ","event":"dsync.user.created","data":{"object":"directory_user","state":"active"},"created_at":"2023-11-14T22:13:20.000Z"}';
const MS = NOW * 1000;
const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");
const sdk = new WorkOS("sk_test_unused").webhooks;

describePreset({ scheme: workos, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 180 });

describe("workos: the documented algorithm", () => {
  it('WorkOS-Signature is t=<ms>, v1=<hex HMAC-SHA256 of "<ms>.<body>">; Verified.timestamp is seconds', async () => {
    const headers = await sign(workos, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "workos-signature": `t=${MS}, v1=${hmac(SECRET, `${MS}.${BODY}`)}` });
    await expect(verify(workos, { secret: SECRET, payload: BODY, headers, now: NOW })).resolves.toEqual({ scheme: "workos", timestamp: NOW, secretIndex: 0, eventId: "event_01H2GQNMQNH8VRXVR7AEYG9XCJ" });
  });

  it("a timestamp in seconds, not milliseconds, is refused as stale rather than misread", async () => {
    const value = `t=${NOW}, v1=${hmac(SECRET, `${NOW}.${BODY}`)}`;
    expect(await codeOf(verify(workos, { secret: SECRET, payload: BODY, headers: { "workos-signature": value }, now: NOW }))).toBe("timestamp_too_old");
  });

  it("sub-second milliseconds are accepted at the window's edges and reported as whole seconds", async () => {
    const t = MS + 999;
    const headers = { "workos-signature": `t=${t}, v1=${hmac(SECRET, `${t}.${BODY}`)}` };
    await expect(verify(workos, { secret: SECRET, payload: BODY, headers, now: NOW + 180 })).resolves.toMatchObject({ timestamp: NOW });
    expect(await codeOf(verify(workos, { secret: SECRET, payload: BODY, headers, now: NOW + 181 }))).toBe("timestamp_too_old");
  });
});

describe("workos against @workos-inc/node", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(MS);
  });
  afterEach(() => vi.useRealTimers());

  it("the SDK accepts what hookseal signs and refuses a changed payload or another secret", async () => {
    const headers = await sign(workos, { secret: SECRET, payload: BODY, timestamp: NOW });
    const sigHeader = headers["workos-signature"]!;
    const event = await sdk.constructEvent({ payload: JSON.parse(BODY), sigHeader, secret: SECRET });
    expect(event).toMatchObject({ event: "dsync.user.created" });
    // The event the SDK hands over has the id that hookseal reports as Verified.eventId.
    expect((await verify(workos, { secret: SECRET, payload: BODY, headers })).eventId).toBe(event.id);
    await expect(sdk.constructEvent({ payload: { ...JSON.parse(BODY), event: "x" }, sigHeader, secret: SECRET })).rejects.toThrow();
    await expect(sdk.constructEvent({ payload: JSON.parse(BODY), sigHeader, secret: OTHER })).rejects.toThrow();
  });

  it("hookseal accepts what the SDK computes, and both refuse a delivery older than 180 s", async () => {
    const sigHeader = `t=${MS - 5000}, v1=${await sdk.computeSignature(MS - 5000, JSON.parse(BODY), SECRET)}`;
    await expect(sdk.verifyHeader({ payload: JSON.parse(BODY), sigHeader, secret: SECRET })).resolves.toBe(true);
    await expect(verify(workos, { secret: SECRET, payload: BODY, headers: { "WorkOS-Signature": sigHeader } })).resolves.toMatchObject({ timestamp: NOW - 5 });
    const stale = `t=${MS - 181_000}, v1=${await sdk.computeSignature(MS - 181_000, JSON.parse(BODY), SECRET)}`;
    await expect(sdk.verifyHeader({ payload: JSON.parse(BODY), sigHeader: stale, secret: SECRET })).rejects.toThrow(/tolerance/);
    expect(await codeOf(verify(workos, { secret: SECRET, payload: BODY, headers: { "WorkOS-Signature": stale } }))).toBe("timestamp_too_old");
  });
});
