// paddle: against the official @paddle/paddle-node-sdk (which checks one h1 against the real
// clock with 5 s of tolerance), a node:crypto reference written from "Verify webhook
// signatures", rotation with several h1, and the conformance checks.
import { createHmac } from "node:crypto";
import { Paddle } from "@paddle/paddle-node-sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { paddle, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI";
const OTHER = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_OTHER0000000000000000000000000";
const BODY = '{"event_id":"evt_01h8441jn5pcwrfhwh78jqt8hk","event_type":"subscription.created","occurred_at":"2023-08-21T11:57:47.390028Z"}';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const sdk = new Paddle("pdl_sdbx_apikey_01gtgztp8fake").webhooks;

describePreset({ scheme: paddle, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 5 });

describe("paddle: the documented algorithm", () => {
  it("Paddle-Signature is ts=<ts>;h1=<hex HMAC-SHA256 of \"<ts>:<body>\">", async () => {
    const headers = await sign(paddle, { secret: SECRET, payload: BODY, timestamp: NOW });
    const h1 = createHmac("sha256", SECRET).update(`${NOW}:${BODY}`).digest("hex");
    expect(headers).toEqual({ "paddle-signature": `ts=${NOW};h1=${h1}` });
  });

  it("during a secret rotation the header carries one h1 per key; either key verifies", async () => {
    const headers = await sign(paddle, { secret: [OTHER, SECRET], payload: BODY, timestamp: NOW });
    expect(headers["paddle-signature"]).toMatch(/^ts=\d+;h1=[0-9a-f]{64};h1=[0-9a-f]{64}$/);
    await expect(verify(paddle, { secret: SECRET, payload: BODY, headers, now: NOW })).resolves.toMatchObject({ secretIndex: 0 });
    await expect(verify(paddle, { secret: [OTHER], payload: BODY, headers, now: NOW })).resolves.toBeDefined();
  });

  it("unknown keys are ignored; conflicting ts values are malformed_header", async () => {
    const h1 = createHmac("sha256", SECRET).update(`${NOW}:${BODY}`).digest("hex");
    const at = (value: string) => verify(paddle, { secret: SECRET, payload: BODY, headers: { "Paddle-Signature": value }, now: NOW });
    await expect(at(`ts=${NOW};h2=abcd;h1=${h1}`)).resolves.toBeDefined();
    await expect(at(`ts=${NOW}; h1=${h1}`)).resolves.toBeDefined();
    expect(await codeOf(at(`ts=${NOW};ts=${NOW + 1};h1=${h1}`))).toBe("malformed_header");
    expect(await codeOf(at(`h1=${h1}`))).toBe("malformed_header");
  });

  it("the default window is Paddle's 5 seconds", async () => {
    const headers = await sign(paddle, { secret: SECRET, payload: BODY, timestamp: NOW });
    await expect(verify(paddle, { secret: SECRET, payload: BODY, headers, now: NOW + 5 })).resolves.toBeDefined();
    expect(await codeOf(verify(paddle, { secret: SECRET, payload: BODY, headers, now: NOW + 6 }))).toBe("timestamp_too_old");
  });
});

describe("paddle against @paddle/paddle-node-sdk", () => {
  // The SDK checks the real clock with Paddle's 5 s window: freeze Date so a slow run cannot flake.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW * 1000);
  });
  afterEach(() => vi.useRealTimers());

  it("the SDK accepts what hookseal signs", async () => {
    const headers = await sign(paddle, { secret: SECRET, payload: BODY, timestamp: nowSeconds() });
    await expect(sdk.isSignatureValid(BODY, SECRET, headers["paddle-signature"]!)).resolves.toBe(true);
    await expect(sdk.isSignatureValid(BODY + " ", SECRET, headers["paddle-signature"]!)).resolves.toBe(false);
    await expect(sdk.isSignatureValid(BODY, OTHER, headers["paddle-signature"]!)).resolves.toBe(false);
  });

  it("hookseal accepts what the SDK's rule accepts, and refuses what it refuses", async () => {
    const ts = nowSeconds();
    const signature = `ts=${ts};h1=${createHmac("sha256", SECRET).update(`${ts}:${BODY}`).digest("hex")}`;
    await expect(sdk.isSignatureValid(BODY, SECRET, signature)).resolves.toBe(true);
    await expect(verify(paddle, { secret: SECRET, payload: BODY, headers: { "paddle-signature": signature } })).resolves.toMatchObject({ timestamp: ts });
    const stale = `ts=${ts - 60};h1=${createHmac("sha256", SECRET).update(`${ts - 60}:${BODY}`).digest("hex")}`;
    await expect(sdk.isSignatureValid(BODY, SECRET, stale)).resolves.toBe(false);
    expect(await codeOf(verify(paddle, { secret: SECRET, payload: BODY, headers: { "paddle-signature": stale } }))).toBe("timestamp_too_old");
  });
});
