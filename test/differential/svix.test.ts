// hookseal's `standardWebhooks` scheme against the `svix` package, which reads `svix-*` or `webhook-*` headers.
import fc from "fast-check";
import { Webhook, WebhookVerificationError as SvixVerificationError } from "svix";
import { describe, expect, it } from "vitest";
import { sign, standardWebhooks, verify } from "../../src/index.js";
import { verify as webVerify } from "../../src/web.js";
import { verifySync } from "../../src/node.js";
import {
  headerShape,
  jsonPayload,
  messageId,
  NUM_RUNS,
  nowSeconds,
  rejectEverywhere,
  sameBytes,
  sameHmacKey,
  shaped,
  signEverywhere,
  standardKey,
  standardSecretOf,
  tamper,
  tamperText,
  threeDistinct,
  thrown,
  throws,
  utf8,
  verifyEverywhere,
} from "./helpers.js";

/** svix checks against the real clock with a 300 s tolerance. */
const timestamp = fc.integer({ min: -200, max: 200 }).map((offset) => nowSeconds() + offset);

/** svix's own ids look like `msg_` + a KSUID; any visible-ASCII id works. */
const svixId = fc.oneof(fc.stringMatching(/^msg_[0-9A-Za-z]{27}$/), messageId);

/** Three different HMAC keys (not only different bytes: see sameHmacKey). */
const threeKeys = threeDistinct(standardKey, sameHmacKey);

/** The same three headers under svix's brand names. */
const asSvixHeaders = (headers: Record<string, string>): Record<string, string> => ({
  "svix-id": headers["webhook-id"]!,
  "svix-timestamp": headers["webhook-timestamp"]!,
  "svix-signature": headers["webhook-signature"]!,
});

function svixHeaders(svix: Webhook, id: string, ts: number, payload: string): Record<string, string> {
  return { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": svix.sign(id, new Date(ts * 1000), payload) };
}

describe("svix: hookseal signs (standardWebhooks), svix verifies", () => {
  it("svix accepts hookseal's headers under webhook-* names, svix-* names and mixed case", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, fc.boolean(), svixId, timestamp, jsonPayload, async (key, prefixed, id, ts, payload) => {
        const secret = standardSecretOf(key, prefixed);
        const svix = new Webhook(secret);
        const headers = await signEverywhere(standardWebhooks, { secret, payload, id, timestamp: ts });
        expect(headers["webhook-signature"]).toBe(svix.sign(id, new Date(ts * 1000), payload));

        const event = JSON.parse(payload) as unknown;
        expect(svix.verify(payload, headers)).toEqual(event);
        expect(svix.verify(payload, asSvixHeaders(headers))).toEqual(event);
        expect(svix.verify(Buffer.from(payload), { "Svix-Id": id, "Svix-Timestamp": String(ts), "Svix-Signature": headers["webhook-signature"]! })).toEqual(event);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("svix rejects hookseal's signature on a tampered body", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, svixId, timestamp, jsonPayload, tamper, async (key, id, ts, payload, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(!sameBytes(tampered, payload));
        const secret = standardSecretOf(key);
        const svix = new Webhook(secret);
        const headers = await sign(standardWebhooks, { secret, payload, id, timestamp: ts });
        expect(svix.verify(payload, asSvixHeaders(headers))).toEqual(JSON.parse(payload));
        expect(thrown(() => svix.verify(tampered, asSvixHeaders(headers)))).toBeInstanceOf(SvixVerificationError);
        expect(thrown(() => svix.verify(tampered, headers))).toBeInstanceOf(SvixVerificationError);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rotation: hookseal signs with two secrets, svix accepts with either and refuses a third", async () => {
    await fc.assert(
      fc.asyncProperty(threeKeys, svixId, timestamp, jsonPayload, async ([a, b, c], id, ts, payload) => {
        const [sa, sb, sc] = [a, b, c].map((key) => standardSecretOf(key));
        const headers = asSvixHeaders(await signEverywhere(standardWebhooks, { secret: [sa!, sb!], payload, id, timestamp: ts }));
        const event = JSON.parse(payload) as unknown;
        expect(new Webhook(sa!).verify(payload, headers)).toEqual(event);
        expect(new Webhook(sb!).verify(payload, headers)).toEqual(event);
        expect(thrown(() => new Webhook(sc!).verify(payload, headers))).toBeInstanceOf(SvixVerificationError);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("svix: svix signs, hookseal verifies (standardWebhooks, webhook-* names)", () => {
  it("accepts svix's signature on every adapter and header shape, string and byte payloads", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, fc.boolean(), svixId, timestamp, jsonPayload, headerShape, async (key, prefixed, id, ts, payload, shape) => {
        const secret = standardSecretOf(key, prefixed);
        const svix = new Webhook(secret);
        const raw = svixHeaders(svix, id, ts, payload);
        expect(svix.verify(payload, raw)).toEqual(JSON.parse(payload)); // the oracle accepts its own delivery

        const expected = { scheme: "standardWebhooks", timestamp: ts, id, eventId: id, secretIndex: 0 };
        const headers = shaped(raw, shape);
        expect(await verifyEverywhere(standardWebhooks, { secret, payload, headers })).toEqual(expected);
        expect(await verifyEverywhere(standardWebhooks, { secret: new Uint8Array(key), payload: utf8(payload), headers, now: ts })).toEqual(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rejects a tampered body, as svix does", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, svixId, timestamp, jsonPayload, tamper, async (key, id, ts, payload, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(!sameBytes(tampered, payload));
        const secret = standardSecretOf(key);
        const svix = new Webhook(secret);
        const headers = svixHeaders(svix, id, ts, payload);
        expect(thrown(() => svix.verify(tampered, headers))).toBeInstanceOf(SvixVerificationError);
        await rejectEverywhere(standardWebhooks, { secret, payload: tampered, headers }, "no_matching_signature");
        await rejectEverywhere(standardWebhooks, { secret, payload: Buffer.from(tampered), headers }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rotation: svix signatures under two keys in one header verify under either; secretIndex is right", async () => {
    await fc.assert(
      fc.asyncProperty(threeKeys, svixId, timestamp, jsonPayload, async ([a, b, c], id, ts, payload) => {
        const [sa, sb, sc] = [a, b, c].map((key) => standardSecretOf(key));
        const signatureOf = (secret: string) => new Webhook(secret).sign(id, new Date(ts * 1000), payload);
        const headers = { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": `${signatureOf(sa!)} ${signatureOf(sb!)}` };
        expect(throws(() => new Webhook(sb!).verify(payload, headers))).toBe(false);
        expect(await verifyEverywhere(standardWebhooks, { secret: [sc!, sb!], payload, headers })).toMatchObject({ id, secretIndex: 1 });
        expect(await verifyEverywhere(standardWebhooks, { secret: sa!, payload, headers })).toMatchObject({ id, secretIndex: 0 });
        expect(throws(() => new Webhook(sc!).verify(payload, headers))).toBe(true);
        await rejectEverywhere(standardWebhooks, { secret: sc!, payload, headers }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("standardWebhooks reads only webhook-* names: svix-* headers must be renamed (svix itself takes both)", async () => {
    const secret = standardSecretOf(new Uint8Array(32).fill(42));
    const svix = new Webhook(secret);
    const payload = JSON.stringify({ type: "message.attempt.exhausted", data: { id: "atmpt_1" } });
    const branded = asSvixHeaders(svixHeaders(svix, "msg_31UeCw5Mj0u2rB8h8nQbZ3VwPKc", nowSeconds(), payload));
    expect(svix.verify(payload, branded)).toEqual(JSON.parse(payload));
    await rejectEverywhere(standardWebhooks, { secret, payload, headers: branded }, "missing_header");
    const renamed = Object.fromEntries(Object.entries(branded).map(([name, value]) => [name.replace(/^svix-/, "webhook-"), value]));
    await expect(verify(standardWebhooks, { secret, payload, headers: renamed })).resolves.toMatchObject({ secretIndex: 0 });
    await expect(webVerify(standardWebhooks, { secret, payload, headers: renamed })).resolves.toMatchObject({ secretIndex: 0 });
    expect(verifySync(standardWebhooks, { secret, payload, headers: renamed })).toMatchObject({ secretIndex: 0 });
  });
});
