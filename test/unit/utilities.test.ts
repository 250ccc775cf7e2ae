import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSecret, github, sign, standardWebhooks, stripe, timingSafeEqual, verify } from "../../src/index.js";
import { nodeCrypto, signSync, verifySync } from "../../src/node.js";
import { equalText } from "../../src/lib/timing-safe-equal.js";

describe("timingSafeEqual", () => {
  it("agrees with plain equality for any strings and bytes", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(a === b);
        expect(timingSafeEqual(a, a)).toBe(true);
        expect(timingSafeEqual(new TextEncoder().encode(a), a)).toBe(true);
      }),
    );
  });

  it("respects byteOffset of views (a bug in some peers)", () => {
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    expect(timingSafeEqual(backing.subarray(1, 4), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(backing.subarray(0, 3), new Uint8Array([1, 2, 3]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]).buffer, new Uint8Array([1, 2, 3]))).toBe(true);
  });

  it("different lengths are unequal; wrong types are a TypeError", () => {
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(() => timingSafeEqual(1 as never, "1")).toThrow(TypeError);
  });
});

// equalText (jwt/direct.ts compares node:crypto's base64url MAC with the token's signature
// text, which is not checked first): plain equality for any two strings, whatever their lengths
// (one a prefix of the other, either longer) or code units (non-ASCII, lone surrogates, NUL).
describe("equalText", () => {
  it("agrees with === for any strings, in both orders", () => {
    const text = fc.oneof(fc.string({ unit: "grapheme-composite", maxLength: 12 }), fc.string({ unit: fc.constantFrom("A", "a", "-", "_", "\u0000", "\u0141", "\ud83d", "\ude00"), maxLength: 12 }));
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(equalText(a, b)).toBe(a === b);
        expect(equalText(b, a)).toBe(a === b);
        expect(equalText(a, a.slice())).toBe(true);
        expect(equalText(a, a + b)).toBe(b === "");
        expect(equalText(a + b, a)).toBe(b === "");
      }),
      { numRuns: 2000 },
    );
    // A code unit that only its high byte tells apart, and NaN past the end of the shorter text.
    expect(equalText("\u0141", "A")).toBe(false);
    expect(equalText("A\u0000", "A")).toBe(false);
    expect(equalText("A", "A\u0000")).toBe(false);
  });
});

describe("generateSecret", () => {
  it("is whsec_ + base64 of the asked number of random bytes, and works for every scheme", async () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(generateSecret({ bytes: 48 }).slice(6), "base64")).toHaveLength(48);
    expect(generateSecret()).not.toBe(secret);
    for (const scheme of [github, stripe, standardWebhooks]) {
      const headers = await sign(scheme, { secret, payload: "x" });
      await expect(verify(scheme, { secret, payload: "x", headers })).resolves.toBeDefined();
    }
  });

  it.each([0, 16, 23, 1025, 32.5, NaN])("refuses %s bytes", (bytes) => {
    expect(() => generateSecret({ bytes })).toThrow(RangeError);
  });
});

describe("sync variants", () => {
  it("give the same headers and results as the async API", async () => {
    const options = { secret: generateSecret(), payload: "hello", timestamp: 1_700_000_000, id: "msg_x" };
    for (const scheme of [github, stripe, standardWebhooks]) {
      const headers = signSync(scheme, options);
      expect(headers).toEqual(await sign(scheme, options));
      const verifyOptions = { secret: options.secret, payload: "hello", headers, now: 1_700_000_000 };
      expect(verifySync(scheme, verifyOptions)).toEqual(await verify(scheme, verifyOptions));
      expect(verifySync(scheme, { ...verifyOptions, crypto: nodeCrypto })).toEqual(await verify(scheme, verifyOptions));
      expect(() => verifySync(scheme, { ...verifyOptions, payload: "changed" })).toThrow(/No signature/);
    }
  });
});

describe("signing with several secrets", () => {
  it("emits every signature, so receivers holding any one secret accept", async () => {
    const [a, b] = [generateSecret(), generateSecret()];
    for (const scheme of [stripe, standardWebhooks]) {
      const headers = await sign(scheme, { secret: [a, b], payload: "rotating" });
      await expect(verify(scheme, { secret: a, payload: "rotating", headers })).resolves.toMatchObject({ secretIndex: 0 });
      await expect(verify(scheme, { secret: b, payload: "rotating", headers })).resolves.toMatchObject({ secretIndex: 0 });
      await expect(verify(scheme, { secret: [generateSecret(), b], payload: "rotating", headers })).resolves.toMatchObject({ secretIndex: 1 });
    }
  });

  it("a fresh random id by default", async () => {
    const first = await sign(standardWebhooks, { secret: generateSecret(), payload: "" });
    const second = await sign(standardWebhooks, { secret: generateSecret(), payload: "" });
    expect(first["webhook-id"]).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
    expect(first["webhook-id"]).not.toBe(second["webhook-id"]);
  });
});
