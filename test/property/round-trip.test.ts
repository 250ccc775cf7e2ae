import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WebhookVerificationError } from "../../src/index.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { messageId, payload, schemes, secret, unixSeconds, asBytes } from "../arbitraries.js";

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(adapters)("properties on the $name adapter", ({ crypto }) => {
  describe.each(schemes)("$name", ({ scheme }) => {
    it("sign then verify accepts, for any payload, secret, timestamp and id", async () => {
      await fc.assert(
        fc.asyncProperty(payload, secret, unixSeconds, messageId, async (body, key, timestamp, id) => {
          const headers = await signWith(crypto, scheme, { secret: key, payload: body, timestamp, id });
          const verified = await verifyWith(crypto, scheme, { secret: key, payload: body, headers, now: timestamp });
          expect(verified.scheme).toBe(scheme.name);
          expect(verified.secretIndex).toBe(0);
          if (scheme.timestamp) expect(verified.timestamp).toBe(timestamp);
          if (scheme.idHeader) expect(verified.id).toBe(id);
        }),
        { numRuns: 60 },
      );
    });

    it("verification reports which of several secrets matched", async () => {
      await fc.assert(
        fc.asyncProperty(payload, fc.uniqueArray(secret, { minLength: 2, maxLength: 4 }), fc.nat(), async (body, keys, pick) => {
          const index = pick % keys.length;
          const headers = await signWith(crypto, scheme, { secret: keys[index]!, payload: body });
          const verified = await verifyWith(crypto, scheme, { secret: keys, payload: body, headers });
          expect(verified.secretIndex).toBe(index);
        }),
        { numRuns: 30 },
      );
    });

    it("flipping any byte of the body fails", async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), secret, fc.nat(), fc.integer({ min: 1, max: 255 }), async (body, key, at, flip) => {
          const headers = await signWith(crypto, scheme, { secret: key, payload: body });
          const tampered = body.slice();
          tampered[at % body.length]! ^= flip;
          const error = await rejection(verifyWith(crypto, scheme, { secret: key, payload: tampered, headers }));
          expect(error).toBeInstanceOf(WebhookVerificationError);
          expect((error as WebhookVerificationError).code).toBe("no_matching_signature");
        }),
        { numRuns: 60 },
      );
    });

    it("changing any character of the signature header fails", async () => {
      await fc.assert(
        fc.asyncProperty(payload, secret, fc.nat(), fc.integer({ min: 33, max: 126 }), async (body, key, at, code) => {
          const headers = await signWith(crypto, scheme, { secret: key, payload: body });
          const value = headers[scheme.signatureHeader]!;
          const position = at % value.length;
          fc.pre(value.charCodeAt(position) !== code);
          // Hex is case-insensitive: a case change decodes to the same bytes and is not a mutation.
          fc.pre(value[position]!.toLowerCase() !== String.fromCharCode(code).toLowerCase() || scheme.encoding === "base64");
          const mutated = { ...headers, [scheme.signatureHeader]: value.slice(0, position) + String.fromCharCode(code) + value.slice(position + 1) };
          const error = await rejection(verifyWith(crypto, scheme, { secret: key, payload: body, headers: mutated }));
          expect(error).toBeInstanceOf(WebhookVerificationError);
        }),
        { numRuns: 100 },
      );
    });

    it.runIf(scheme.timestamp !== undefined)("changing the timestamp, even within tolerance, fails", async () => {
      await fc.assert(
        fc.asyncProperty(payload, secret, unixSeconds, fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0), async (body, key, timestamp, delta) => {
          const headers = await signWith(crypto, scheme, { secret: key, payload: body, timestamp });
          const moved = String(timestamp + delta);
          const mutated =
            scheme.timestamp?.header !== undefined
              ? { ...headers, [scheme.timestamp.header]: moved }
              : { ...headers, [scheme.signatureHeader]: headers[scheme.signatureHeader]!.replace(`t=${timestamp}`, `t=${moved}`) };
          const error = await rejection(verifyWith(crypto, scheme, { secret: key, payload: body, headers: mutated, now: timestamp }));
          expect(error).toMatchObject({ code: "no_matching_signature" });
        }),
        { numRuns: 60 },
      );
    });

    it.runIf(scheme.idHeader !== undefined)("changing the message id fails", async () => {
      await fc.assert(
        fc.asyncProperty(payload, secret, messageId, messageId, async (body, key, id, other) => {
          fc.pre(id !== other);
          const headers = await signWith(crypto, scheme, { secret: key, payload: body, id });
          const mutated = { ...headers, [scheme.idHeader!]: other };
          const error = await rejection(verifyWith(crypto, scheme, { secret: key, payload: body, headers: mutated }));
          expect(error).toMatchObject({ code: "no_matching_signature" });
        }),
        { numRuns: 60 },
      );
    });

    it("a string payload and its UTF-8 bytes verify alike", async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "grapheme" }), secret, async (body, key) => {
          const headers = await signWith(crypto, scheme, { secret: key, payload: body });
          const bytes = asBytes(body);
          await expect(verifyWith(crypto, scheme, { secret: key, payload: bytes, headers })).resolves.toBeDefined();
          const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
          await expect(verifyWith(crypto, scheme, { secret: key, payload: buffer, headers })).resolves.toBeDefined();
        }),
        { numRuns: 30 },
      );
    });
  });
});
