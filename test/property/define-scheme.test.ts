// Properties of defineScheme(): for any definition it accepts — random header names, hash,
// encoding, signature prefix, timestamp (none, its own header in seconds or milliseconds, or
// inside the signature header), message id or not, URL or not, one or several signatures —
// sign then verify holds on both adapters, and any change to one byte of the body fails.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineScheme, WebhookVerificationError, type HashAlgorithm, type ParsedSignatureHeader, type Scheme } from "../../src/index.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { unixSeconds } from "../arbitraries.js";

interface Shape {
  headers: [string, string, string];
  hash: HashAlgorithm;
  encoding: "hex" | "base64";
  prefix: string;
  timestamp: "none" | "header" | "header-ms" | "embedded";
  tolerance: number | undefined;
  withId: boolean;
  signsUrl: boolean;
  multiple: boolean;
  separator: string;
}

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

const shape: fc.Arbitrary<Shape> = fc.record({
  headers: fc.uniqueArray(headerName, { minLength: 3, maxLength: 3 }) as fc.Arbitrary<[string, string, string]>,
  hash: fc.constantFrom<HashAlgorithm>("SHA-1", "SHA-256", "SHA-384", "SHA-512"),
  encoding: fc.constantFrom<"hex" | "base64">("hex", "base64"),
  prefix: fc.constantFrom("", "v1=", "sha256=", "sig "),
  timestamp: fc.constantFrom<Shape["timestamp"]>("none", "header", "header-ms", "embedded"),
  tolerance: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }),
  withId: fc.boolean(),
  signsUrl: fc.boolean(),
  multiple: fc.boolean(),
  separator: fc.constantFrom(".", ":", "\n", ""),
})
  // An id and a body with nothing between them are refused by defineScheme (test/unit/define-scheme-probes.test.ts).
  .filter((s) => !(s.withId && s.separator === "" && s.timestamp === "none" && !s.signsUrl));

/** A scheme built from a shape, exactly as a user would write one. */
function schemeOf(s: Shape): Scheme {
  const [signatureHeader, timestampHeader, idHeader] = s.headers;
  const embedded = s.timestamp === "embedded";
  const parse = (value: string): ParsedSignatureHeader => {
    const signatures: string[] = [];
    let timestamp: string | undefined;
    for (const item of value.split(",")) {
      if (embedded && item.startsWith("t=")) timestamp = item.slice(2);
      else if (item.startsWith(s.prefix)) signatures.push(item.slice(s.prefix.length));
    }
    return timestamp === undefined ? { signatures } : { signatures, timestamp };
  };
  return defineScheme({
    name: `random-${signatureHeader}`,
    hash: s.hash,
    encoding: s.encoding,
    signatureHeader,
    parse,
    format: ({ signatures, timestamp }: { signatures: readonly string[]; timestamp?: string }) => [...(embedded ? [`t=${timestamp}`] : []), ...signatures.map((sig) => s.prefix + sig)].join(","),
    multipleSignatures: s.multiple,
    ...(s.timestamp === "none"
      ? {}
      : {
          timestamp: {
            ...(embedded ? {} : { header: timestampHeader }),
            ...(s.timestamp === "header-ms" ? { unit: "milliseconds" as const } : {}),
            ...(s.tolerance === undefined ? {} : { tolerance: s.tolerance }),
          },
        }),
    ...(s.withId ? { idHeader } : {}),
    ...(s.signsUrl ? { signsUrl: true } : {}),
    content: (message: { body: Uint8Array; timestamp?: string; id?: string; url?: string }) => [
      [message.id, message.timestamp, message.url].filter((part) => part !== undefined).map((part) => part + s.separator).join(""),
      message.body,
    ],
  } as never);
}

// A string secret that is only whitespace is refused (invalid_secret / RangeError).
const secret = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ""), fc.uint8Array({ minLength: 1, maxLength: 64 }));
const body = fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), fc.jsonValue().map((value) => JSON.stringify(value)));
const messageId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
const url = fc.webUrl({ withQueryParameters: true });

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(adapters)("any defineScheme() definition on the $name adapter", ({ crypto }) => {
  it("sign then verify holds", async () => {
    await fc.assert(
      fc.asyncProperty(shape, fc.uniqueArray(secret, { minLength: 1, maxLength: 3 }), body, unixSeconds, messageId, url, async (s, keys, payload, timestamp, id, address) => {
        const scheme = schemeOf(s);
        const signing = keys.slice(0, s.multiple ? keys.length : 1);
        const headers = await signWith(crypto, scheme, { secret: signing, payload, timestamp, id, url: address });
        const verified = await verifyWith(crypto, scheme, { secret: signing[signing.length - 1]!, payload, headers, now: timestamp, url: address });
        expect(verified.scheme).toBe(scheme.name);
        if (s.timestamp !== "none") expect(verified.timestamp).toBe(timestamp);
        if (s.withId) expect(verified.id).toBe(id);
      }),
      { numRuns: 150 },
    );
  });

  it("any change to one byte of the body fails with no_matching_signature", async () => {
    await fc.assert(
      fc.asyncProperty(shape, secret, fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), url, async (s, key, payload, at, flip, address) => {
        const scheme = schemeOf(s);
        const headers = await signWith(crypto, scheme, { secret: key, payload, timestamp: 1_700_000_000, url: address });
        const tampered = payload.slice();
        tampered[at % payload.length]! ^= flip;
        const error = await rejection(verifyWith(crypto, scheme, { secret: key, payload: tampered, headers, now: 1_700_000_000, url: address }));
        expect(error).toBeInstanceOf(WebhookVerificationError);
        expect((error as WebhookVerificationError).code).toBe("no_matching_signature");
      }),
      { numRuns: 150 },
    );
  });

  it("the timestamp window holds at its edges, both ways", async () => {
    await fc.assert(
      fc.asyncProperty(shape.filter((s) => s.timestamp !== "none"), secret, body, unixSeconds, async (s, key, payload, timestamp) => {
        const scheme = schemeOf(s);
        const tolerance = s.tolerance ?? 300;
        const headers = await signWith(crypto, scheme, { secret: key, payload, timestamp, url: "https://example.com/" });
        const at = (now: number) => verifyWith(crypto, scheme, { secret: key, payload, headers, now, url: "https://example.com/" });
        await expect(at(timestamp + tolerance)).resolves.toBeDefined();
        await expect(at(timestamp - tolerance)).resolves.toBeDefined();
        expect(await rejection(at(timestamp + tolerance + 1))).toMatchObject({ code: "timestamp_too_old" });
        expect(await rejection(at(timestamp - tolerance - 1))).toMatchObject({ code: "timestamp_too_new" });
      }),
      { numRuns: 60 },
    );
  });
});
