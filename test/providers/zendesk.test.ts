// zendesk: the documented example (test/vectors/data/zendesk_webhook_doc.json: it verifies only in
// the earlier page's body + timestamp order, so it is a must-fail vector here, with a derived one
// in the current timestamp + body order), a node:crypto reference, RFC 3339 timestamps, and the
// conformance checks. Zendesk ships no verification SDK.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verify, zendesk } from "../../src/index.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { loadVectors, payloadOf } from "../vectors/load.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

interface Vector {
  id: string;
  valid: boolean;
  failure_reason?: string;
  secret_utf8: string;
  headers: Record<string, string>;
  payload_b64: string;
  now: number;
  tolerance_seconds: number;
}

const SECRET = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=";
const OTHER = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
const BODY = '{"type":"zen:event-type:ticket.created","detail":{"id":"35436"}}';
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
const mac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("base64");
const CODES: Record<string, string> = { signature_mismatch: "no_matching_signature", timestamp_too_old: "timestamp_too_old" };
const { vectors } = loadVectors<{ vectors: Vector[] }>("zendesk_webhook_doc.json");

describePreset({ scheme: zendesk, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 300, timestampText: iso });

describe.each(adapters)("zendesk documented vectors on the $name adapter", ({ crypto }) => {
  it("covers the file", () => expect(vectors.length).toBe(4));

  it.each(vectors.map((vector) => [vector.id, vector] as const))("%s", async (_id, vector) => {
    const attempt = verifyWith(crypto, zendesk, { secret: vector.secret_utf8, payload: payloadOf(vector), headers: vector.headers, now: vector.now, tolerance: vector.tolerance_seconds });
    if (vector.valid) await expect(attempt).resolves.toEqual({ scheme: "zendesk", timestamp: vector.now, secretIndex: 0 });
    else expect(await codeOf(attempt)).toBe(CODES[vector.failure_reason!]);
  });

  it("the documented signature is the HMAC of body + timestamp: the order hookseal does not accept", () => {
    const example = vectors[0]!;
    const body = Buffer.from(example.payload_b64, "base64").toString();
    const timestamp = example.headers["X-Zendesk-Webhook-Signature-Timestamp"]!;
    expect(mac(example.secret_utf8, body + timestamp)).toBe(example.headers["X-Zendesk-Webhook-Signature"]);
    expect(mac(example.secret_utf8, timestamp + body)).not.toBe(example.headers["X-Zendesk-Webhook-Signature"]);
  });
});

describe("zendesk: the documented algorithm", () => {
  it("signs base64(HMAC-SHA256(timestamp + body)) with an RFC 3339 timestamp header", async () => {
    const headers = await sign(zendesk, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({
      "x-zendesk-webhook-signature-timestamp": "2023-11-14T22:13:20Z",
      "x-zendesk-webhook-signature": mac(SECRET, `2023-11-14T22:13:20Z${BODY}`),
    });
  });

  it("reads timestamps with an offset or a fraction, signed as sent; refuses what RFC 3339 does not allow", async () => {
    const at = (timestamp: string, now = NOW) =>
      verify(zendesk, { secret: SECRET, payload: BODY, headers: { "X-Zendesk-Webhook-Signature-Timestamp": timestamp, "X-Zendesk-Webhook-Signature": mac(SECRET, timestamp + BODY) }, now });
    await expect(at("2023-11-15T00:13:20+02:00")).resolves.toMatchObject({ timestamp: NOW });
    await expect(at("2023-11-14T22:13:20.999Z")).resolves.toMatchObject({ timestamp: NOW });
    await expect(at("2023-11-14t22:13:20z")).resolves.toMatchObject({ timestamp: NOW });
    for (const bad of ["2023-11-14 22:13:20Z", "2023-11-14T22:13:20", "2023-02-30T22:13:20Z", "2023-11-14T24:00:00Z", "2023-11-14T22:13:20+24:00", "1700000000", "2023-11-14T22:13:20.1234567890Z", ""]) {
      expect(await codeOf(at(bad)), bad).toBe(bad === "" ? "missing_header" : "malformed_header");
    }
  });

  it("an empty body (a GET or DELETE webhook) signs the timestamp alone", async () => {
    const headers = { "x-zendesk-webhook-signature-timestamp": iso(NOW), "x-zendesk-webhook-signature": mac(SECRET, iso(NOW)) };
    await expect(verify(zendesk, { secret: SECRET, payload: "", headers, now: NOW })).resolves.toMatchObject({ timestamp: NOW });
  });
});
