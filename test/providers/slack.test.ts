// slack: Slack's documented "Verifying requests from Slack" example (test/vectors/data), the
// derived clock and tamper cases, and the conformance checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { slack, WebhookVerificationError } from "../../src/index.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { loadVectors, payloadOf } from "../vectors/load.js";
import { describePreset } from "./conformance.js";

interface SlackVector {
  id: string;
  valid: boolean;
  failure_reason?: string;
  secret_utf8: string;
  headers: Record<string, string>;
  payload_b64: string;
  now: number;
  tolerance_seconds: number;
}

const CODES: Record<string, string> = { signature_mismatch: "no_matching_signature", timestamp_too_old: "timestamp_too_old", timestamp_too_new: "timestamp_too_new" };
const { vectors } = loadVectors<{ vectors: SlackVector[] }>("slack_signing_doc.json");

describe.each(adapters)("slack documented vectors on the $name adapter", ({ crypto }) => {
  it("covers the file", () => expect(vectors.length).toBe(5));

  it.each(vectors.map((vector) => [vector.id, vector] as const))("%s", async (_id, vector) => {
    const attempt = verifyWith(crypto, slack, {
      secret: vector.secret_utf8,
      payload: payloadOf(vector),
      headers: vector.headers,
      now: vector.now,
      tolerance: vector.tolerance_seconds,
    });
    if (vector.valid) {
      await expect(attempt).resolves.toEqual({ scheme: "slack", timestamp: Number(vector.headers["X-Slack-Request-Timestamp"]), secretIndex: 0 });
    } else {
      const error = await attempt.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code).toBe(CODES[vector.failure_reason!]);
    }
  });

  it("signing the documented request reproduces Slack's published signature", async () => {
    const doc = vectors.find((vector) => vector.id === "slack-doc-1")!;
    const headers = await signWith(crypto, slack, {
      secret: doc.secret_utf8,
      payload: payloadOf(doc),
      timestamp: Number(doc.headers["X-Slack-Request-Timestamp"]),
    });
    expect(headers).toEqual({
      "x-slack-request-timestamp": doc.headers["X-Slack-Request-Timestamp"],
      "x-slack-signature": doc.headers["X-Slack-Signature"],
    });
  });
});

describe("slack: the signing secret is used as its UTF-8 string, not decoded", () => {
  it("matches node:crypto keyed with the secret string", async () => {
    const secret = "8f742231b10e8888abcd99yyyzzz85a5"; // hex-looking, but used as text
    const body = "token=abc&text=h%C3%A9llo";
    const headers = await signWith(adapters[0].crypto, slack, { secret, payload: body, timestamp: 1_700_000_000 });
    const expected = "v0=" + createHmac("sha256", secret).update(`v0:1700000000:${body}`).digest("hex");
    expect(headers["x-slack-signature"]).toBe(expected);
  });
});

describePreset({ scheme: slack, secret: "8f742231b10e8888abcd99yyyzzz85a5", otherSecret: "0000000000000000aaaabbbbccccdddd", payload: "token=x&team_id=T1&text=hi", tolerance: 300 });
