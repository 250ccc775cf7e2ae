// createVerifier / createVerifierSync: the configuration checked and the secrets decoded once,
// at creation (errors thrown then), and each delivery verified exactly as verify() would.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { verifyWith } from "../../src/engine/verify.js";
import { createVerifierWith } from "../../src/engine/verifier.js";
import * as nodeApi from "../../src/node.js";
import * as webApi from "../../src/web.js";
import { github, memoryReplayStore, standardWebhooks, staticToken, stripe, twilio, WebhookVerificationError } from "../../src/common.js";
import type { Scheme } from "../../src/schemes/scheme.js";
import { adapters } from "../adapters.js";
import { payload, schemes, secret, unixSeconds } from "../arbitraries.js";

const SECRET = "It's a Secret to Everybody";
const STANDARD = "whsec_" + Buffer.alloc(32, 7).toString("base64");

type Make = (scheme: Scheme, options: unknown) => unknown;
const makers: [string, Make][] = [
  ["createVerifier (hookseal)", (scheme, options) => nodeApi.createVerifier(scheme, options as never)],
  ["createVerifier (hookseal/web)", (scheme, options) => webApi.createVerifier(scheme, options as never)],
  ["createVerifierSync", (scheme, options) => nodeApi.createVerifierSync(scheme, options as never)],
];

describe.each(makers)("%s checks its configuration when created", (name, make) => {
  const fn = name.split(" ")[0]!;

  it("accepts a good configuration", () => {
    expect(make(github, { secret: SECRET })).toBeTypeOf("function");
    expect(make(standardWebhooks, { secret: [STANDARD, STANDARD], tolerance: 60, replay: memoryReplayStore(), replayTtl: 60 })).toBeTypeOf("function");
    expect(make(twilio, { secret: SECRET })).toBeTypeOf("function"); // the URL comes with each delivery
  });

  it("refuses a missing, empty or malformed secret with a RangeError naming the call, not the secret", () => {
    expect(() => make(github, { secret: undefined })).toThrow(new RegExp(`^${fn}: no secret was given for github`));
    expect(() => make(github, { secret: [] })).toThrow(RangeError);
    expect(() => make(github, { secret: "" })).toThrow(RangeError);
    const malformed = "whsec_not base64!";
    expect(() => make(standardWebhooks, { secret: malformed })).toThrow(new RegExp(`^${fn}: .*not in the expected format`));
    expect(() => make(standardWebhooks, { secret: malformed })).not.toThrow(/not base64!/);
    expect(() => make(standardWebhooks, { secret: "whsk_" + Buffer.alloc(32).toString("base64") })).toThrow(RangeError);
  });

  it("refuses options of the wrong type with a TypeError, impossible ones with a RangeError", () => {
    expect(() => make(github, { secret: 42 })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, tolerance: "300" })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, replay: {} })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, replay: memoryReplayStore(), replayTtl: 0.5 })).toThrow(RangeError);
    expect(() => make(staticToken({ header: "x-token" }), { secret: "a".repeat(32), replay: memoryReplayStore() })).toThrow(/cannot tell a replay/);
    expect(() => make(github, { secret: SECRET, crypto: {} })).toThrow(TypeError);
    expect(() => make(github, undefined)).toThrow(TypeError);
    expect(() => make({} as Scheme, { secret: SECRET })).toThrow(/scheme object/);
  });
});

describe.each(adapters)("createVerifier on the $name adapter", ({ crypto }) => {
  it.each(schemes)("$name: verifies what sign() signed, again and again, and refuses a tampered body", async ({ scheme }) => {
    const verifier = createVerifierWith(crypto, scheme, { secret: STANDARD });
    for (const body of ["{}", "héllo \ud800", new TextEncoder().encode("bytes")]) {
      const headers = await nodeApi.sign(scheme, { secret: STANDARD, payload: body });
      const first = await verifier({ payload: body, headers });
      expect(first).toEqual(await verifyWith(crypto, scheme, { secret: STANDARD, payload: body, headers }));
      expect(await verifier({ payload: body, headers })).toEqual(first);
      await expect(verifier({ payload: "tampered", headers })).rejects.toMatchObject({ code: "no_matching_signature" });
    }
  });

  it("rejects (never throws) a delivery that is not one", async () => {
    const verifier = createVerifierWith(crypto, github, { secret: SECRET });
    const call = (delivery: unknown) => verifier(delivery as never);
    await expect(call(undefined)).rejects.toThrow(TypeError);
    await expect(call({ payload: { parsed: true }, headers: {} })).rejects.toThrow(/raw body/);
    await expect(call({ payload: "{}", headers: {} })).rejects.toMatchObject({ code: "missing_header" });
  });

  it("takes url and now with each delivery", async () => {
    const url = "https://example.com/sms?x=1";
    const body = "To=%2B1&Body=hi";
    const headers = await nodeApi.sign(twilio, { secret: SECRET, payload: body, url });
    const verifier = createVerifierWith(crypto, twilio, { secret: SECRET });
    await expect(verifier({ payload: body, headers, url })).resolves.toMatchObject({ scheme: "twilio" });
    await expect(verifier({ payload: body, headers } as never)).rejects.toThrow(TypeError);
    const signed = await nodeApi.sign(stripe, { secret: SECRET, payload: body, timestamp: 1_700_000_000 });
    const verifyStripe = createVerifierWith(crypto, stripe, { secret: SECRET, tolerance: 10 });
    await expect(verifyStripe({ payload: body, headers: signed, now: 1_700_000_005 })).resolves.toMatchObject({ timestamp: 1_700_000_000 });
    await expect(verifyStripe({ payload: body, headers: signed, now: 1_700_000_100 })).rejects.toMatchObject({ code: "timestamp_too_old" });
  });

  it("claims each message once with a replay store", async () => {
    const verifier = createVerifierWith(crypto, standardWebhooks, { secret: STANDARD, replay: memoryReplayStore() });
    const headers = await nodeApi.sign(standardWebhooks, { secret: STANDARD, payload: "{}" });
    const verified = await verifier({ payload: "{}", headers });
    expect(verified.release).toBeTypeOf("function");
    await expect(verifier({ payload: "{}", headers })).rejects.toMatchObject({ code: "replayed" });
    await verified.release!();
    await expect(verifier({ payload: "{}", headers })).resolves.toMatchObject({ id: verified.id });
  });
});

/** The outcome of a verification, comparable across calls: the result, or the error's class and code. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    return { error: error instanceof WebhookVerificationError ? error.code : (error as Error).constructor.name };
  }
}

describe("a prepared verifier agrees with verify()", () => {
  it.each(schemes)("$name: same result or same error, for any payload, secrets, clock and tampering, on both adapters and sync", async ({ scheme }) => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        unixSeconds,
        fc.integer({ min: -400, max: 400 }),
        fc.constantFrom("none", "body", "secret", "header"),
        async (body, keys, timestamp, skew, tamper) => {
          const headers = await nodeApi.sign(scheme, { secret: keys[0]!, payload: body, timestamp });
          const sent = tamper === "header" ? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.slice(0, -2) + "AA"])) : headers;
          const received = tamper === "body" ? (typeof body === "string" ? body + " " : new Uint8Array([...body, 1])) : body;
          const accepted = tamper === "secret" ? keys.slice(1).concat(STANDARD) : keys;
          const delivery = { payload: received, headers: sent, now: timestamp + skew };
          for (const crypto of [nodeCrypto, webCrypto]) {
            const expected = await outcome(() => verifyWith(crypto, scheme, { secret: accepted, ...delivery }));
            expect(await outcome(() => createVerifierWith(crypto, scheme, { secret: accepted })(delivery))).toEqual(expected);
          }
          const expected = await outcome(() => nodeApi.verifySync(scheme, { secret: accepted, ...delivery }));
          expect(await outcome(() => nodeApi.createVerifierSync(scheme, { secret: accepted })(delivery))).toEqual(expected);
        },
      ),
      { numRuns: 80 },
    );
  });
});
