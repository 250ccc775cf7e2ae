// The node:crypto builds verify the common case without the engine's steps (engine/direct.ts),
// reading every header a scheme needs in one pass over a headers record
// (recordHeaderValues in lib/headers.ts). Whatever arrives, both give exactly what the general
// path gives: the same result, or the same error with the same code and message.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as hookseal from "../../src/index.js";
import { verify, WebhookVerificationError } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { verifySteps } from "../../src/engine/engine.js";
import { runSync } from "../../src/engine/steps.js";
import { verifyWith } from "../../src/engine/verify.js";
import { headerValues, recordHeaderValues, type HeadersLike } from "../../src/lib/headers.js";
import { createVerifierSync, signSync, verifySync } from "../../src/node.js";
import type { Scheme } from "../../src/schemes/scheme.js";
import { schemesOf } from "../built-in-schemes.js";

const outcomeOf = (run: () => unknown): string => {
  try {
    return "accepted " + JSON.stringify(run());
  } catch (error) {
    return error instanceof WebhookVerificationError ? `${error.code}: ${error.message}` : `${(error as Error).name}: ${(error as Error).message}`;
  }
};
const settled = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    (value) => "accepted " + JSON.stringify(value),
    (error: unknown) =>
      error instanceof WebhookVerificationError ? `${error.code}: ${error.message}` : `${(error as Error).name}: ${(error as Error).message}`,
  );

describe("one pass over a headers record", () => {
  const names = ["webhook-signature", "webhook-timestamp", "webhook-id"] as const;
  // Every name in a few spellings, decoys of the same length, and values of every kind.
  const spelling = fc
    .tuple(fc.constantFrom(...names, "webhook-signaturf", "webhook-idx", "x-other"), fc.array(fc.boolean(), { minLength: 17, maxLength: 17 }))
    .map(([name, upper]) => [...name].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(""));
  const value = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("", " ", "\t", " v1,abc "),
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("", " "), fc.integer() as fc.Arbitrary<unknown>), { maxLength: 4 }),
    fc.constantFrom(undefined, null, 42),
  );
  const record = fc.array(fc.tuple(spelling, value), { maxLength: 12 }).map((entries) => Object.fromEntries(entries) as HeadersLike);

  it("gives exactly what a lookup of each name gives, duplicate spellings included", () => {
    fc.assert(
      fc.property(record, (headers) => {
        const scanned = recordHeaderValues(headers, ...names)!;
        names.forEach((name, i) => expect(scanned[i]).toEqual(headerValues(headers, name)));
        // Fewer names: the others are left empty.
        expect(recordHeaderValues(headers, names[1])).toEqual([headerValues(headers, names[1]), [], []]);
      }),
      { numRuns: 500 },
    );
  });

  it("a name under two spellings is two values, and so malformed_header for a single-valued header", async () => {
    const secret = "whsec_" + Buffer.alloc(32, 9).toString("base64");
    const signed = signSync(hookseal.standardWebhooks, { secret, payload: "body", id: "msg_1" });
    const headers = { ...signed, "Webhook-Timestamp": signed["webhook-timestamp"]! };
    expect(recordHeaderValues(headers, "webhook-signature", "webhook-timestamp", "webhook-id")![1]).toEqual([signed["webhook-timestamp"], signed["webhook-timestamp"]]);
    const message = 'malformed_header: The "webhook-timestamp" header appears more than once.';
    expect(outcomeOf(() => verifySync(hookseal.standardWebhooks, { secret, payload: "body", headers }))).toBe(message);
    expect(await settled(verify(hookseal.standardWebhooks, { secret, payload: "body", headers }))).toBe(message);
  });

  it("marks a name whose values pass the bound (where a lookup throws), and throws the entry bound as a lookup does", () => {
    const many = Array.from({ length: 1001 }, () => "x");
    const headers = { "webhook-id": many, "webhook-timestamp": "1" };
    expect(recordHeaderValues(headers, "webhook-signature", "webhook-timestamp", "webhook-id")).toEqual([[], ["1"], null]);
    expect(outcomeOf(() => headerValues(headers, "webhook-id"))).toBe("malformed_header: The request has more than 1000 header entries.");
    // Two spellings whose values pass the bound only together.
    const split = { "webhook-id": many.slice(0, 600), "WEBHOOK-ID": many.slice(0, 600) };
    expect(recordHeaderValues(split, "webhook-id")![0]).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`x-${i}`, "v"]));
    expect(outcomeOf(() => recordHeaderValues(wide, "webhook-id"))).toBe(outcomeOf(() => headerValues(wide, "webhook-id")));
    expect(outcomeOf(() => recordHeaderValues(wide, "webhook-id"))).toMatch(/^malformed_header: The request has more than 1000 header entries/);
  });

  it("reads only own keys, and nothing of headers that are not a record", () => {
    const inherited = Object.create({ "webhook-id": "inherited" }) as Record<string, string>;
    inherited["Webhook-Id"] = "own";
    expect(recordHeaderValues(inherited, "webhook-id")![0]).toEqual(["own"]);
    expect(recordHeaderValues(new Headers({ "webhook-id": "a" }), "webhook-id")).toBeUndefined();
    expect(recordHeaderValues([["webhook-id", "a"]], "webhook-id")).toBeUndefined();
    expect(outcomeOf(() => recordHeaderValues(null as never, "webhook-id"))).toBe("accepted undefined");
  });
});

// Every built-in scheme that signs with an HMAC secret this test can make.
const SECRET = "whsec_" + Buffer.alloc(32, 3).toString("base64");
const OTHER = "whsec_" + Buffer.alloc(32, 4).toString("base64");
const URL = "https://hooks.example.com/in?x=1";
const NOW = 1_700_000_000;
// Defined schemes too: one whose content() reads the body (it gets bytes), one that places it.
const reading = hookseal.defineScheme({
  name: "acmeReading",
  hash: "SHA-256",
  encoding: "hex",
  signatureHeader: "acme-signature",
  parse: (value) => ({ signatures: value.split(",") }),
  format: ({ signatures }) => signatures.join(","),
  multipleSignatures: true,
  timestamp: { header: "acme-timestamp", unit: "milliseconds", tolerance: 60 },
  content: ({ timestamp, body }) => [`${timestamp}.`, body.subarray(0)],
});
const placing = hookseal.defineScheme({ ...hookseal.standardWebhooks, name: "acmePlacing", signatureHeader: "acme-signature", idHeader: "acme-id" });
const signable = [...schemesOf(hookseal), ["acmeReading", reading] as [string, Scheme], ["acmePlacing", placing] as [string, Scheme]].filter(([, scheme]) => {
  try {
    signSync(scheme, { secret: SECRET, payload: '{"a":1}', url: URL, timestamp: NOW } as never);
    return scheme.algorithm !== "token";
  } catch {
    return false;
  }
});

type Mutation = { kind: "none" } | { kind: "drop" | "respell" | "twice" | "blank" | "garbage"; header: number; text: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.record({
    kind: fc.constantFrom("drop", "respell", "twice", "blank", "garbage"),
    header: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("v1a," + Buffer.alloc(64, 1).toString("base64"), "t=1700000000", "sha256=" + "ab".repeat(32))),
  }),
);

function mutate(signed: Record<string, string>, change: Mutation): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { "content-type": "application/json", ...signed };
  if (change.kind === "none") return headers;
  const names = Object.keys(signed);
  const name = names[change.header % names.length]!;
  if (change.kind === "drop") delete headers[name];
  else if (change.kind === "respell") headers[name.toUpperCase()] = change.text === "" ? signed[name]! : change.text;
  else if (change.kind === "twice") headers[name] = [signed[name]!, change.text];
  else if (change.kind === "blank") headers[name] = " ";
  else headers[name] = change.text;
  return headers;
}

/** A body the scheme accepts: X delivers JSON objects only, and twitter verifies no other body. */
const bodyFor = (scheme: Scheme, text: string): string => (scheme.name === "twitter" ? JSON.stringify({ text }) : text);

describe.each(signable)("%s, verified without the engine's steps", (_name, scheme: Scheme) => {
  it("gives what the general path gives, whatever arrives", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          payload: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('{"a":1}')),
          buffer: fc.boolean(),
          signedAt: fc.integer({ min: NOW - 400, max: NOW + 400 }),
          signWith: fc.constantFrom(SECRET, OTHER),
          secrets: fc.constantFrom<string | string[]>(SECRET, [OTHER, SECRET], [OTHER], [SECRET, OTHER]),
          change: mutation,
          tamper: fc.boolean(),
        }),
        async ({ payload: text, buffer, signedAt, signWith, secrets, change, tamper }) => {
          const payload = bodyFor(scheme, text);
          const signed = signSync(scheme, { secret: signWith, payload, url: URL, timestamp: signedAt, id: "msg_7" } as never);
          const received = tamper ? payload + " " : payload;
          const options = { secret: secrets, payload: buffer ? Buffer.from(received) : received, headers: mutate(signed, change), url: URL, now: NOW };
          const general = outcomeOf(() => runSync(verifySteps(scheme, options), nodeCrypto));
          expect(outcomeOf(() => verifySync(scheme, options as never))).toBe(general);
          expect(await settled(verify(scheme, options as never))).toBe(general);
          expect(await settled(verifyWith(nodeCrypto, scheme, options))).toBe(general);
          const { payload: body, headers, url, now } = options;
          const prepared = outcomeOf(() => createVerifierSync(scheme, { secret: secrets }));
          if (prepared.startsWith("accepted")) {
            expect(outcomeOf(() => createVerifierSync(scheme, { secret: secrets })({ payload: body, headers, url, now } as never))).toBe(general);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("gives what the general path gives for Fetch Headers, entries, and without a clock of its own", async () => {
    const signed = signSync(scheme, { secret: SECRET, payload: bodyFor(scheme, "body"), url: URL, id: "msg_7" } as never);
    for (const headers of [new Headers(signed), Object.entries(signed), signed]) {
      const options = { secret: SECRET, payload: bodyFor(scheme, "body"), headers, url: URL };
      const general = outcomeOf(() => runSync(verifySteps(scheme, options), nodeCrypto));
      expect(general).toMatch(/^accepted/);
      expect(outcomeOf(() => verifySync(scheme, options as never))).toBe(general);
      expect(await settled(verify(scheme, options as never))).toBe(general);
    }
  });
});

describe("a verification the direct path leaves to the engine", () => {
  it("answers as before: a provider other than node:crypto, a replay store, Ed25519 keys", async () => {
    const { standardWebhooks, memoryReplayStore, generateKeyPair } = hookseal;
    const signed = signSync(standardWebhooks, { secret: SECRET, payload: "body", id: "msg_9" });
    const copy = { ...nodeCrypto };
    expect(verifySync(standardWebhooks, { secret: SECRET, payload: "body", headers: signed, crypto: copy })).toMatchObject({ secretIndex: 0, id: "msg_9" });
    const store = memoryReplayStore();
    expect(verifySync(standardWebhooks, { secret: SECRET, payload: "body", headers: signed, replay: store }).release).toBeTypeOf("function");
    expect(outcomeOf(() => verifySync(standardWebhooks, { secret: SECRET, payload: "body", headers: signed, replay: store }))).toMatch(/^replayed/);
    const pair = await generateKeyPair();
    const byKey = signSync(standardWebhooks, { secret: pair.secretKey, payload: "body", id: "msg_9" });
    expect(verifySync(standardWebhooks, { secret: [SECRET, pair.publicKey], payload: "body", headers: byKey }).secretIndex).toBe(1);
    // HMAC keys only, Ed25519 signatures only: the engine's error, without an HMAC.
    const options = { secret: SECRET, payload: "body", headers: byKey };
    expect(outcomeOf(() => verifySync(standardWebhooks, options))).toBe(outcomeOf(() => runSync(verifySteps(standardWebhooks, options), nodeCrypto)));
    expect(outcomeOf(() => verifySync(standardWebhooks, options))).toMatch(/^no_matching_signature/);
  });
});
