// hookseal's `stripe` scheme against the official `stripe` package, in both directions.
import fc from "fast-check";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { sign, stripe, verify, WebhookVerificationError } from "../../src/index.js";
import { sign as webSign, verify as webVerify } from "../../src/web.js";
import { signSync, verifySync } from "../../src/node.js";
import {
  adapters,
  asciiText,
  headerShape,
  jsonPayload,
  NUM_RUNS,
  nowSeconds,
  rejectEverywhere,
  sameBytes,
  sameHmacKey,
  shaped,
  signEverywhere,
  tamper,
  tamperText,
  threeDistinct,
  thrown,
  throws,
  unicodeText,
  utf16Text,
  utf8,
  verifyEverywhere,
} from "./helpers.js";

const HEADER = "stripe-signature";
const client = new Stripe("sk_test_x");
const { StripeSignatureVerificationError } = Stripe.errors;

/** Stripe endpoint secrets: `whsec_` + text; the whole string's UTF-8 bytes are the key. */
const secret = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9]{32}$/),
    asciiText({ minLength: 1, maxLength: 48 }),
    unicodeText({ minLength: 1, maxLength: 32 }),
    utf16Text({ minLength: 1, maxLength: 16 }),
  )
  .map((rest) => `whsec_${rest}`);

/** Three secrets that are different HMAC keys: their UTF-8 bytes differ, and by more than trailing zero bytes (see sameHmacKey). */
const threeSecrets = threeDistinct(secret, sameHmacKey);

/** A timestamp within ten minutes of now, in Unix seconds. */
const timestamp = fc.integer({ min: -600, max: 600 }).map((offset) => nowSeconds() + offset);

/** Where the verifier's clock stands relative to the signing time, inside the default tolerance. */
const skew = fc.integer({ min: -300, max: 300 });

/** Stripe's own verification, with its clock set to `nowSec` (constructEvent's receivedAt is in ms). */
function stripeAccepts(payload: string | Uint8Array, header: string, key: string, nowSec: number, tolerance = 300): unknown {
  return client.webhooks.constructEvent(payload, header, key, tolerance, undefined, nowSec * 1000);
}

describe("stripe: the stripe package signs, hookseal verifies", () => {
  it("accepts generateTestHeaderString's header on every adapter and header shape, string and Buffer payloads", async () => {
    await fc.assert(
      fc.asyncProperty(secret, jsonPayload, timestamp, skew, headerShape, async (key, payload, ts, offset, shape) => {
        const header = client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts });
        expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        // The peer itself accepts it (sanity of the oracle) and parses the event.
        expect(stripeAccepts(payload, header, key, ts + offset)).toEqual(JSON.parse(payload));

        const headers = shaped({ [HEADER]: header }, shape);
        // eventId: the id of the event the peer parses from the same signed body.
        const expected = { scheme: "stripe", timestamp: ts, secretIndex: 0, eventId: (stripeAccepts(payload, header, key, ts) as { id: string }).id };
        expect(await verifyEverywhere(stripe, { secret: key, payload, headers, now: ts })).toEqual(expected);
        expect(await verifyEverywhere(stripe, { secret: key, payload, headers, now: ts + offset })).toEqual(expected);
        expect(await verifyEverywhere(stripe, { secret: key, payload: Buffer.from(payload), headers, now: new Date(ts * 1000) })).toEqual(expected);
        expect(await verifyEverywhere(stripe, { secret: utf8(key), payload: utf8(payload), headers, now: ts })).toEqual(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rejects a tampered body, as stripe does", async () => {
    await fc.assert(
      fc.asyncProperty(secret, jsonPayload, timestamp, tamper, async (key, payload, ts, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(!sameBytes(tampered, payload));
        const header = client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts });

        expect(thrown(() => stripeAccepts(tampered, header, key, ts))).toBeInstanceOf(StripeSignatureVerificationError);
        await rejectEverywhere(stripe, { secret: key, payload: tampered, headers: { [HEADER]: header }, now: ts }, "no_matching_signature");
        await rejectEverywhere(stripe, { secret: key, payload: utf8(tampered), headers: { [HEADER]: header }, now: ts }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rejects under a wrong secret, and finds the right one among several (secretIndex)", async () => {
    await fc.assert(
      fc.asyncProperty(threeSecrets, jsonPayload, timestamp, async ([a, b, c], payload, ts) => {
        const header = client.webhooks.generateTestHeaderString({ payload, secret: b, timestamp: ts });
        const headers = { [HEADER]: header };
        expect(throws(() => stripeAccepts(payload, header, a, ts))).toBe(true);
        await rejectEverywhere(stripe, { secret: a, payload, headers, now: ts }, "no_matching_signature");
        await rejectEverywhere(stripe, { secret: [a, c], payload, headers, now: ts }, "no_matching_signature");
        expect(await verifyEverywhere(stripe, { secret: [a, b, c], payload, headers, now: ts })).toEqual({ scheme: "stripe", timestamp: ts, secretIndex: 1, eventId: JSON.parse(payload).id });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("accepts a header carrying two stripe signatures (Stripe rolling a secret) under either secret", async () => {
    await fc.assert(
      fc.asyncProperty(threeSecrets, jsonPayload, timestamp, async ([oldKey, newKey, other], payload, ts) => {
        const signatureOf = (key: string) =>
          client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts }).split(",")[1]!;
        const header = `t=${ts},${signatureOf(newKey)},${signatureOf(oldKey)}`;
        for (const key of [oldKey, newKey]) expect(stripeAccepts(payload, header, key, ts)).toEqual(JSON.parse(payload));
        const headers = { [HEADER]: header };
        expect(await verifyEverywhere(stripe, { secret: oldKey, payload, headers, now: ts })).toMatchObject({ secretIndex: 0 });
        expect(await verifyEverywhere(stripe, { secret: [other, newKey], payload, headers, now: ts })).toMatchObject({ secretIndex: 1 });
        expect(throws(() => stripeAccepts(payload, header, other, ts))).toBe(true);
        await rejectEverywhere(stripe, { secret: other, payload, headers, now: ts }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("reads the header as stripe does: v0 entries ignored, order of entries free", async () => {
    await fc.assert(
      fc.asyncProperty(secret, jsonPayload, timestamp, fc.boolean(), async (key, payload, ts, v1First) => {
        const v1 = client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts }).split(",")[1]!;
        const v0 = client.webhooks.generateTestHeaderString({ payload, secret: `${key}-legacy`, timestamp: ts, scheme: "v0" }).split(",")[1]!;
        expect(v0.startsWith("v0=")).toBe(true);
        const header = v1First ? `${v1},t=${ts},${v0}` : `t=${ts},${v0},${v1}`;
        expect(stripeAccepts(payload, header, key, ts)).toEqual(JSON.parse(payload));
        expect(await verifyEverywhere(stripe, { secret: key, payload, headers: { [HEADER]: header }, now: ts })).toEqual({
          scheme: "stripe",
          timestamp: ts,
          secretIndex: 0,
          eventId: JSON.parse(payload).id,
        });
        // A header with only the v0 entry carries no v1 signature: both refuse it.
        const onlyV0 = `t=${ts},${v0}`;
        expect(throws(() => stripeAccepts(payload, onlyV0, key, ts))).toBe(true);
        await rejectEverywhere(stripe, { secret: key, payload, headers: { [HEADER]: onlyV0 }, now: ts }, "malformed_header");
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("stripe: hookseal signs, the stripe package verifies", () => {
  it("produces exactly generateTestHeaderString's header, which constructEvent accepts (every adapter)", async () => {
    await fc.assert(
      fc.asyncProperty(secret, jsonPayload, timestamp, fc.boolean(), fc.nat(999), async (key, payload, ts, asDate, ms) => {
        // A Date with milliseconds signs the same whole second as the number.
        const when = asDate ? new Date(ts * 1000 + ms) : ts;
        const headers = await signEverywhere(stripe, { secret: key, payload, timestamp: when });
        expect(Object.keys(headers)).toEqual([HEADER]);
        expect(headers[HEADER]).toBe(client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts }));

        const event = JSON.parse(payload) as unknown;
        expect(stripeAccepts(payload, headers[HEADER]!, key, ts)).toEqual(event);
        expect(stripeAccepts(Buffer.from(payload), headers[HEADER]!, key, ts)).toEqual(event);
        await expect(client.webhooks.constructEventAsync(payload, headers[HEADER]!, key, 300, undefined, ts * 1000)).resolves.toEqual(event);

        // Byte secret and byte payload sign identically.
        expect(await signEverywhere(stripe, { secret: utf8(key), payload: Buffer.from(payload), timestamp: ts })).toEqual(headers);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("stripe rejects hookseal's signature on a tampered body", async () => {
    await fc.assert(
      fc.asyncProperty(secret, jsonPayload, timestamp, tamper, async (key, payload, ts, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(!sameBytes(tampered, payload));
        const headers = await sign(stripe, { secret: key, payload, timestamp: ts });
        expect(stripeAccepts(payload, headers[HEADER]!, key, ts)).toEqual(JSON.parse(payload));
        expect(thrown(() => stripeAccepts(tampered, headers[HEADER]!, key, ts))).toBeInstanceOf(StripeSignatureVerificationError);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rotation: hookseal signs with two secrets, stripe accepts with either and refuses a third", async () => {
    await fc.assert(
      fc.asyncProperty(threeSecrets, jsonPayload, timestamp, async ([first, second, third], payload, ts) => {
        const headers = await signEverywhere(stripe, { secret: [first, second], payload, timestamp: ts });
        const header = headers[HEADER]!;
        // t=, then one v1 per secret, in order: each is what stripe would have sent for that secret alone.
        const single = (key: string) => client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts }).split(",")[1];
        expect(header.split(",")).toEqual([`t=${ts}`, single(first), single(second)]);

        const event = JSON.parse(payload) as unknown;
        expect(stripeAccepts(payload, header, first, ts)).toEqual(event);
        expect(stripeAccepts(payload, header, second, ts)).toEqual(event);
        expect(thrown(() => stripeAccepts(payload, header, third, ts))).toBeInstanceOf(StripeSignatureVerificationError);
        expect(await verifyEverywhere(stripe, { secret: [third, second], payload, headers, now: ts })).toMatchObject({ secretIndex: 1 });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("stripe: timestamp tolerance compared with stripe's", () => {
  it("agrees on stale deliveries at every age and tolerance; only hookseal refuses the far future", async () => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        jsonPayload,
        timestamp,
        // A tolerance, and an age anywhere or right at the edges of its window (±tolerance, one second beyond).
        fc
          .integer({ min: 1, max: 600 })
          .chain((tol) => fc.tuple(fc.constant(tol), fc.oneof(fc.integer({ min: -900, max: 900 }), fc.constantFrom(tol, tol + 1, -tol, -tol - 1)))),
        async (key, payload, ts, [tolerance, age]) => {
          const header = client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts });
          const now = ts + age;
          const stripeOk = !throws(() => stripeAccepts(payload, header, key, now, tolerance));
          const outcomes = await Promise.all(
            adapters.map((adapter) =>
              adapter.verify(stripe, { secret: key, payload, headers: { [HEADER]: header }, now, tolerance }).then(
                () => "accepted",
                (error: unknown) => (error instanceof WebhookVerificationError ? error.code : String(error)),
              ),
            ),
          );
          const expected = age > tolerance ? "timestamp_too_old" : -age > tolerance ? "timestamp_too_new" : "accepted";
          for (const outcome of outcomes) expect(outcome).toBe(expected);
          // stripe checks only the age (a future timestamp passes, with any tolerance > 0).
          expect(stripeOk).toBe(age <= tolerance);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("tolerance 0 means 'skip the check' to stripe but 'exact second' to hookseal", async () => {
    const key = "whsec_tolerance_zero";
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const ts = nowSeconds() - 86_400;
    const header = client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp: ts });
    expect(stripeAccepts(payload, header, key, nowSeconds(), 0)).toEqual(JSON.parse(payload));
    await rejectEverywhere(stripe, { secret: key, payload, headers: { [HEADER]: header }, tolerance: 0 }, "timestamp_too_old");
    await expect(verify(stripe, { secret: key, payload, headers: { [HEADER]: header }, tolerance: 0, now: ts })).resolves.toMatchObject({
      timestamp: ts,
    });
  });
});

describe("stripe: entry points on one real-time delivery", () => {
  it("index.node, index.web and the sync variants interoperate with stripe at the real clock", async () => {
    const key = `whsec_${Math.random().toString(36).slice(2)}`;
    const payload = JSON.stringify({ id: "evt_live", object: "event", type: "invoice.paid", data: { amount: 4200, note: "café ☕ 𝄞" } });
    const header = client.webhooks.generateTestHeaderString({ payload, secret: key });
    const headers = { [HEADER]: header };
    const ts = Number(/^t=(\d+),/.exec(header)![1]);
    await expect(verify(stripe, { secret: key, payload, headers })).resolves.toEqual({ scheme: "stripe", timestamp: ts, secretIndex: 0, eventId: "evt_live" });
    await expect(webVerify(stripe, { secret: key, payload, headers })).resolves.toEqual({ scheme: "stripe", timestamp: ts, secretIndex: 0, eventId: "evt_live" });
    expect(verifySync(stripe, { secret: key, payload, headers })).toEqual({ scheme: "stripe", timestamp: ts, secretIndex: 0, eventId: "evt_live" });

    for (const signed of [await sign(stripe, { secret: key, payload }), await webSign(stripe, { secret: key, payload }), signSync(stripe, { secret: key, payload })]) {
      expect(client.webhooks.constructEvent(payload, signed[HEADER]!, key)).toEqual(JSON.parse(payload));
    }
  });
});
