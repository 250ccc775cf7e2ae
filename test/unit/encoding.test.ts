import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, fromBase64Url, toBase64, toBase64Url } from "../../src/lib/base64.js";
import { fromHex, toHex } from "../../src/lib/hex.js";

describe("base64", () => {
  it("matches Buffer and round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const standard = toBase64(bytes);
        expect(standard).toBe(Buffer.from(bytes).toString("base64"));
        expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
        expect(fromBase64(standard)).toEqual(bytes);
        expect(fromBase64(standard.replace(/=+$/, ""), { canonical: false })).toEqual(bytes);
        if (standard.endsWith("=")) expect(fromBase64(standard.replace(/=+$/, ""))).toBeUndefined();
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it("refuses characters outside the alphabet, wrong padding and non-canonical tails", () => {
    for (const bad of ["a", "ab=", "a===", "ab c", "ab\n", "ab-_", "éé==", "AB==", "AAB=", "A=AA"]) {
      expect(fromBase64(bad), bad).toBeUndefined();
    }
    expect(fromBase64("AA==")).toEqual(new Uint8Array([0]));
    expect(fromBase64Url("AA==")).toBeUndefined();
    expect(fromBase64Url("ab+/")).toBeUndefined();
  });
});

describe("hex", () => {
  it("round-trips and accepts either case", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(fromHex(toHex(bytes).toUpperCase())).toEqual(bytes);
      }),
    );
  });

  it("refuses odd lengths and non-hex characters", () => {
    for (const bad of ["a", "abc", "zz", "0x00", " 00"]) expect(fromHex(bad), bad).toBeUndefined();
  });
});

describe("base64 for secrets", () => {
  it("accepts a non-canonical tail only when asked", () => {
    expect(fromBase64("AB==")).toBeUndefined();
    expect(fromBase64("AB==", { canonical: false })).toEqual(new Uint8Array([0]));
  });
});

describe("base64url is canonical", () => {
  it("whatever text decodes, re-encodes to itself (one spelling per value)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), (text) => {
        const bytes = fromBase64Url(text);
        if (bytes !== undefined) expect(toBase64Url(bytes)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
