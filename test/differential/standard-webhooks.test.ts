// hookseal's `standardWebhooks` scheme against the reference `standardwebhooks` package, in both directions.
import fc from "fast-check";
import { Webhook, WebhookVerificationError as PeerVerificationError } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sign, standardWebhooks, verify, WebhookVerificationError, type Secret } from "../../src/index.js";
import { sign as webSign, verify as webVerify } from "../../src/web.js";
import { signSync, verifySync } from "../../src/node.js";
import {
  adapters,
  asForm,
  bytesForm,
  bytesPayload,
  headerShape,
  jsonPayload,
  messageId,
  NUM_RUNS,
  nowSeconds,
  rejectEverywhere,
  roundTripsUtf8,
  sameBytes,
  sameHmacKey,
  shaped,
  signEverywhere,
  standardKey,
  standardSecretOf,
  tamper,
  tamperText,
  textPayload,
  threeDistinct,
  thrown,
  throws,
  utf8,
  verifyEverywhere,
} from "./helpers.js";

/** The peer checks against the real clock: stay well inside its 300 s tolerance. */
const timestamp = fc.integer({ min: -200, max: 200 }).map((offset) => nowSeconds() + offset);

/** How the secret is handed over: `whsec_…`, bare base64, or the raw key (the peer's `format: "raw"`). */
type SecretForm = "whsec_" | "bare base64" | "raw bytes";
const secretForm = fc.constantFrom<SecretForm>("whsec_", "bare base64", "raw bytes");

function forms(key: Uint8Array, form: SecretForm): { hookseal: Secret; peer: Webhook } {
  switch (form) {
    case "whsec_":
      return { hookseal: standardSecretOf(key), peer: new Webhook(standardSecretOf(key)) };
    case "bare base64":
      return { hookseal: standardSecretOf(key, false), peer: new Webhook(standardSecretOf(key, false)) };
    case "raw bytes":
      return { hookseal: new Uint8Array(key), peer: new Webhook(new Uint8Array(key), { format: "raw" }) };
  }
}

/** Three different HMAC keys (not only different bytes: see sameHmacKey). */
const threeKeys = threeDistinct(standardKey, sameHmacKey);

/** Peer-side signing: the three headers a Standard Webhooks sender puts on the request. */
function peerHeaders(peer: Webhook, id: string, ts: number, payload: string | Buffer, ms = 0): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": peer.sign(id, new Date(ts * 1000 + ms), payload),
  };
}

const peerVerifies = (peer: Webhook, payload: string | Buffer, headers: Record<string, string>) =>
  !throws(() => peer.verify(payload, headers, { jsonParse: false }));

describe("standardWebhooks: the standardwebhooks package signs, hookseal verifies", () => {
  it("accepts the peer's headers on every adapter and header shape, for any text payload and secret form", async () => {
    await fc.assert(
      fc.asyncProperty(
        standardKey,
        secretForm,
        messageId,
        timestamp,
        fc.nat(999),
        textPayload(),
        headerShape,
        bytesForm,
        async (key, form, id, ts, ms, payload, shape, asBytes) => {
          const { hookseal, peer } = forms(key, form);
          const raw = peerHeaders(peer, id, ts, payload, ms);
          expect(raw["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
          expect(peerVerifies(peer, payload, raw)).toBe(true); // the oracle accepts its own delivery

          const headers = shaped(raw, shape);
          const expected = { scheme: "standardWebhooks", timestamp: ts, id, eventId: id, secretIndex: 0 };
          expect(await verifyEverywhere(standardWebhooks, { secret: hookseal, payload, headers })).toEqual(expected);
          expect(await verifyEverywhere(standardWebhooks, { secret: hookseal, payload: asForm(utf8(payload), asBytes), headers, now: ts })).toEqual(expected);
          // Every secret form names the same key.
          expect(await verifyEverywhere(standardWebhooks, { secret: standardSecretOf(key), payload, headers, now: ts })).toEqual(expected);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("accepts JSON bodies that the peer parses", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, messageId, timestamp, jsonPayload, async (key, id, ts, payload) => {
        const secret = standardSecretOf(key);
        const peer = new Webhook(secret);
        const headers = peerHeaders(peer, id, ts, payload);
        expect(peer.verify(payload, headers)).toEqual(JSON.parse(payload));
        expect(await verifyEverywhere(standardWebhooks, { secret, payload: Buffer.from(payload), headers })).toEqual({
          scheme: "standardWebhooks",
          timestamp: ts,
          id,
          eventId: id,
          secretIndex: 0,
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rejects a tampered body, id or timestamp, as the peer does", async () => {
    await fc.assert(
      fc.asyncProperty(
        standardKey,
        messageId,
        timestamp,
        textPayload(),
        tamper,
        fc.integer({ min: 1, max: 50 }),
        async (key, id, ts, payload, [how, position, char], shift) => {
          const tampered = tamperText(payload, how, position, char);
          fc.pre(!sameBytes(tampered, payload));
          const secret = standardSecretOf(key);
          const peer = new Webhook(secret);
          const headers = peerHeaders(peer, id, ts, payload);

          expect(thrown(() => peer.verify(tampered, headers, { jsonParse: false }))).toBeInstanceOf(PeerVerificationError);
          await rejectEverywhere(standardWebhooks, { secret, payload: tampered, headers }, "no_matching_signature");
          await rejectEverywhere(standardWebhooks, { secret, payload: utf8(tampered), headers }, "no_matching_signature");

          // The id and the timestamp are signed too: changing either breaks the signature on both sides.
          const otherId = { ...headers, "webhook-id": id + "x" };
          expect(thrown(() => peer.verify(payload, otherId, { jsonParse: false }))).toBeInstanceOf(PeerVerificationError);
          await rejectEverywhere(standardWebhooks, { secret, payload, headers: otherId }, "no_matching_signature");
          const otherTime = { ...headers, "webhook-timestamp": String(ts - shift) };
          expect(thrown(() => peer.verify(payload, otherTime, { jsonParse: false }))).toBeInstanceOf(PeerVerificationError);
          await rejectEverywhere(standardWebhooks, { secret, payload, headers: otherTime }, "no_matching_signature");
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("rotation: a header with both of the peer's signatures verifies under either key; secretIndex is right", async () => {
    await fc.assert(
      fc.asyncProperty(threeKeys, messageId, timestamp, textPayload(), async ([oldKey, newKey, otherKey], id, ts, payload) => {
        const [oldSecret, newSecret, otherSecret] = [oldKey, newKey, otherKey].map((key) => standardSecretOf(key));
        const signatureOf = (secret: string) => new Webhook(secret).sign(id, new Date(ts * 1000), payload);
        // Unknown versions (here a made-up v2 and an asymmetric v1a entry) are skipped by both.
        const signature = `v2,bm90LWEtc2lnbmF0dXJl v1a,${Buffer.alloc(64, 7).toString("base64")} ${signatureOf(oldSecret!)} ${signatureOf(newSecret!)}`;
        const headers = { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": signature };

        expect(peerVerifies(new Webhook(oldSecret!), payload, headers)).toBe(true);
        expect(peerVerifies(new Webhook(newSecret!), payload, headers)).toBe(true);
        expect(peerVerifies(new Webhook(otherSecret!), payload, headers)).toBe(false);

        expect(await verifyEverywhere(standardWebhooks, { secret: newSecret!, payload, headers })).toMatchObject({ secretIndex: 0 });
        expect(await verifyEverywhere(standardWebhooks, { secret: [otherSecret!, oldSecret!], payload, headers })).toMatchObject({ secretIndex: 1 });
        await rejectEverywhere(standardWebhooks, { secret: otherSecret!, payload, headers }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("standardWebhooks: hookseal signs, the standardwebhooks package verifies", () => {
  it("produces exactly the peer's signature, and the peer accepts the headers (every adapter, every secret form)", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, secretForm, messageId, timestamp, textPayload(), bytesForm, async (key, form, id, ts, payload, asBytes) => {
        const { hookseal, peer } = forms(key, form);
        const headers = await signEverywhere(standardWebhooks, { secret: hookseal, payload, id, timestamp: ts });
        expect(headers).toEqual({
          "webhook-id": id,
          "webhook-timestamp": String(ts),
          "webhook-signature": peer.sign(id, new Date(ts * 1000), payload),
        });
        expect(peer.verify(payload, headers, { jsonParse: false })).toBeUndefined();
        // Mixed-case names, as some frameworks pass them: the peer lower-cases too.
        expect(peerVerifies(peer, payload, shaped(headers, "Record-Mixed-Case") as Record<string, string>)).toBe(true);

        const fromBytes = await signEverywhere(standardWebhooks, { secret: hookseal, payload: asForm(utf8(payload), asBytes), id, timestamp: new Date(ts * 1000) });
        expect(fromBytes).toEqual(headers);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("default id and timestamp: a fresh msg_ id and the current second, which the peer accepts", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, jsonPayload, async (key, payload) => {
        const secret = standardSecretOf(key);
        const peer = new Webhook(secret);
        const ids = new Set<string>();
        for (const adapter of adapters) {
          const before = nowSeconds();
          const headers = await adapter.sign(standardWebhooks, { secret, payload });
          const after = nowSeconds();
          expect(headers["webhook-id"], adapter.name).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
          const ts = Number(headers["webhook-timestamp"]);
          expect(ts).toBeGreaterThanOrEqual(before);
          expect(ts).toBeLessThanOrEqual(after);
          expect(peer.verify(payload, headers)).toEqual(JSON.parse(payload));
          ids.add(headers["webhook-id"]!);
        }
        expect(ids.size).toBe(adapters.length); // random ids do not repeat
      }),
      { numRuns: 20 },
    );
  });

  it("the peer rejects hookseal's signature on a tampered body", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, messageId, timestamp, textPayload(), tamper, async (key, id, ts, payload, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(!sameBytes(tampered, payload));
        const secret = standardSecretOf(key);
        const peer = new Webhook(secret);
        const headers = await sign(standardWebhooks, { secret, payload, id, timestamp: ts });
        expect(peerVerifies(peer, payload, headers)).toBe(true);
        expect(thrown(() => peer.verify(tampered, headers, { jsonParse: false }))).toBeInstanceOf(PeerVerificationError);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rotation: hookseal signs with two secrets, the peer accepts with either and refuses a third", async () => {
    await fc.assert(
      fc.asyncProperty(threeKeys, messageId, timestamp, textPayload(), async ([first, second, third], id, ts, payload) => {
        const [s1, s2, s3] = [first, second, third].map((key) => standardSecretOf(key));
        // The second secret as raw key bytes: string and byte secrets mix in one list.
        const headers = await signEverywhere(standardWebhooks, { secret: [s1!, second!], payload, id, timestamp: ts });
        const single = (secret: string) => new Webhook(secret).sign(id, new Date(ts * 1000), payload);
        expect(headers["webhook-signature"]).toBe(`${single(s1!)} ${single(s2!)}`);

        expect(peerVerifies(new Webhook(s1!), payload, headers)).toBe(true);
        expect(peerVerifies(new Webhook(s2!), payload, headers)).toBe(true);
        expect(thrown(() => new Webhook(s3!).verify(payload, headers, { jsonParse: false }))).toBeInstanceOf(PeerVerificationError);
        expect(await verifyEverywhere(standardWebhooks, { secret: [s3!, s2!], payload, headers })).toMatchObject({ secretIndex: 1 });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("standardWebhooks: raw bytes (the peer decodes Buffers as UTF-8 text before hashing)", () => {
  it("hookseal signs the exact bytes; the peer agrees exactly when the bytes are valid UTF-8", async () => {
    await fc.assert(
      fc.asyncProperty(standardKey, messageId, timestamp, bytesPayload, bytesForm, async (key, id, ts, bytes, form) => {
        const secret = standardSecretOf(key);
        const peer = new Webhook(secret);
        const buffer = Buffer.from(bytes);

        const headers = await signEverywhere(standardWebhooks, { secret, payload: asForm(bytes, form), id, timestamp: ts });
        expect(peerVerifies(peer, buffer, headers)).toBe(roundTripsUtf8(bytes));
        expect(await verifyEverywhere(standardWebhooks, { secret, payload: asForm(bytes, form), headers })).toMatchObject({ id, timestamp: ts });

        // The peer's signature over a Buffer is a signature over its UTF-8 decoding (U+FFFD for bad sequences).
        const fromPeer = peerHeaders(peer, id, ts, buffer);
        const decoded = buffer.toString("utf8");
        expect(await verifyEverywhere(standardWebhooks, { secret, payload: decoded, headers: fromPeer })).toMatchObject({ id, timestamp: ts });
        if (roundTripsUtf8(bytes)) {
          expect(await verifyEverywhere(standardWebhooks, { secret, payload: asForm(bytes, form), headers: fromPeer })).toMatchObject({ id });
        } else {
          await rejectEverywhere(standardWebhooks, { secret, payload: asForm(bytes, form), headers: fromPeer }, "no_matching_signature");
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("standardWebhooks: timestamp tolerance compared with the peer's (fixed 300 s)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("accepts and refuses exactly the same timestamps around the ±300 s edges", async () => {
    // Freeze Date only: both libraries read Date.now(); Web Crypto and timers keep running.
    vi.useFakeTimers({ toFake: ["Date"] });
    await fc.assert(
      fc.asyncProperty(
        standardKey,
        messageId,
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        fc.nat(999),
        fc.oneof(fc.integer({ min: -400, max: 400 }), fc.constantFrom(-301, -300, 300, 301)),
        async (key, id, clock, ms, age) => {
          vi.setSystemTime(clock * 1000 + ms);
          const secret = standardSecretOf(key);
          const peer = new Webhook(secret);
          const payload = `{"age":${age}}`;
          const headers = peerHeaders(peer, id, clock - age, payload);

          let peerOutcome = "accepted";
          try {
            peer.verify(payload, headers);
          } catch (error) {
            expect(error).toBeInstanceOf(PeerVerificationError);
            const { message } = error as Error;
            peerOutcome = message === "Message timestamp too old" ? "timestamp_too_old" : message === "Message timestamp too new" ? "timestamp_too_new" : message;
          }
          const expected = age > 300 ? "timestamp_too_old" : age < -300 ? "timestamp_too_new" : "accepted";
          expect(peerOutcome).toBe(expected);

          for (const adapter of adapters) {
            for (const now of [undefined, clock]) {
              const outcome = await adapter.verify(standardWebhooks, { secret, payload, headers, ...(now === undefined ? {} : { now }) }).then(
                () => "accepted",
                (error: unknown) => (error instanceof WebhookVerificationError ? error.code : String(error)),
              );
              expect(outcome, `${adapter.name}, now=${now}`).toBe(peerOutcome);
            }
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("standardWebhooks: short keys", () => {
  it("the peer takes keys under 24 bytes; hookseal refuses them (the spec's minimum) on both sides", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 23 }), messageId, textPayload(), async (key, id, payload) => {
        const secret = standardSecretOf(key);
        const ts = nowSeconds();
        const headers = peerHeaders(new Webhook(secret), id, ts, payload);
        expect(peerVerifies(new Webhook(secret), payload, headers)).toBe(true);
        await rejectEverywhere(standardWebhooks, { secret, payload, headers }, "invalid_secret");
        await expect(sign(standardWebhooks, { secret, payload, id })).rejects.toThrow(RangeError);
        expect(() => signSync(standardWebhooks, { secret, payload, id })).toThrow(RangeError);
      }),
      { numRuns: 20 },
    );
  });
});

describe("standardWebhooks: entry points on one real-time delivery", () => {
  it("index.node, index.web and the sync variants interoperate with the peer", async () => {
    const secret = standardSecretOf(new Uint8Array(32).map((_, i) => i * 7 + 1));
    const peer = new Webhook(secret);
    const payload = JSON.stringify({ type: "invoice.paid", data: { amount: 4200, note: "naïve 🧾" } });
    const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    const ts = nowSeconds();
    const headers = peerHeaders(peer, id, ts, payload);
    const expected = { scheme: "standardWebhooks", timestamp: ts, id, eventId: id, secretIndex: 0 };
    await expect(verify(standardWebhooks, { secret, payload, headers })).resolves.toEqual(expected);
    await expect(webVerify(standardWebhooks, { secret, payload, headers })).resolves.toEqual(expected);
    expect(verifySync(standardWebhooks, { secret, payload, headers })).toEqual(expected);
    for (const signed of [
      await sign(standardWebhooks, { secret, payload, id, timestamp: ts }),
      await webSign(standardWebhooks, { secret, payload, id, timestamp: ts }),
      signSync(standardWebhooks, { secret, payload, id, timestamp: ts }),
    ]) {
      expect(signed).toEqual(headers);
      expect(peer.verify(payload, signed)).toEqual(JSON.parse(payload));
    }
  });
});
