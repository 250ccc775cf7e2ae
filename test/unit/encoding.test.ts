import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, fromBase64Url, isBase64OfLength, toBase64, toBase64Url } from "../../src/lib/base64.js";
import { asciiMatches } from "../../src/lib/timing-safe-equal.js";
import { fromHex, hexMatches, isHexOfLength, toHex } from "../../src/lib/hex.js";

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

  // Hex text near a MAC's spelling: the MAC's hex in mixed case, with one character changed
  // (another hex digit, a letter, a byte outside ASCII, a lone surrogate), cut or lengthened.
  const nearHex = (bytes: Uint8Array) =>
    fc.tuple(fc.nat(), fc.constantFrom("", "0", "f", "F", "g", "G", " ", "\0", "\u00e9", "\ud800", "\u0660", "\uff10"), fc.nat(), fc.boolean()).map(([index, character, cut, upper]) => {
      let text = toHex(bytes);
      if (upper) text = [...text].map((c, i) => ((i + index) % 3 === 0 ? c.toUpperCase() : c)).join("");
      if (text.length > 0) text = text.slice(0, index % text.length) + character + text.slice((index % text.length) + 1);
      return cut % 5 === 0 ? text.slice(0, text.length - (cut % 3)) : text;
    });

  it("isHexOfLength and hexMatches say what fromHex says, for any text near a MAC's", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }).chain((bytes) => fc.tuple(fc.constant(bytes), fc.oneof(nearHex(bytes), fc.string({ maxLength: 130 }), fc.constant(toHex(bytes).toUpperCase())))),
        ([bytes, text]) => {
          const decoded = fromHex(text);
          const binary = Buffer.from(bytes).toString("latin1");
          expect(isHexOfLength(text, bytes.length)).toBe(decoded !== undefined && decoded.length === bytes.length);
          expect(hexMatches(text, binary)).toBe(decoded !== undefined && Buffer.from(decoded).equals(Buffer.from(bytes)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("hexMatches accepts exactly the MAC's hex, in any case, and nothing one character away", () => {
    const mac = Buffer.from("00ff10a0b5c6d7e8f9", "hex");
    const binary = mac.toString("latin1");
    expect(hexMatches("00ff10a0b5c6d7e8f9", binary)).toBe(true);
    expect(hexMatches("00FF10A0B5C6D7E8F9", binary)).toBe(true);
    expect(hexMatches("00fF10a0B5c6d7E8f9", binary)).toBe(true);
    for (const other of ["00ff10a0b5c6d7e8f8", "10ff10a0b5c6d7e8f9", "00ff10a0b5c6d7e8f", "00ff10a0b5c6d7e8f9a0", "00ff10a0b5c6d7e8g9", "00ff10a0b5c6d7e8\u00f99", ""]) {
      expect(hexMatches(other, binary), other).toBe(false);
    }
  });
});

describe("base64 signatures compared as text", () => {
  // Text near a MAC's base64: one character changed (another digit, "=", "-", a non-ASCII
  // character, a lone surrogate), padding dropped or added, cut or lengthened.
  const nearBase64 = (bytes: Uint8Array) =>
    fc.tuple(fc.nat(), fc.constantFrom("", "A", "B", "Q", "g", "+", "/", "=", "-", "_", " ", "\u00e9", "\ud800"), fc.nat()).map(([index, character, cut]) => {
      let text = toBase64(bytes);
      text = text.slice(0, index % text.length) + character + text.slice((index % text.length) + 1);
      return cut % 4 === 0 ? text.replace(/=+$/, "") : cut % 4 === 1 ? `${text}=` : text;
    });

  it("isBase64OfLength says what fromBase64 says, and asciiMatches what === says", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 70 }).chain((bytes) => fc.tuple(fc.constant(bytes), fc.oneof(nearBase64(bytes), fc.string({ maxLength: 100 }), fc.constant(toBase64(bytes))))),
        ([bytes, text]) => {
          const decoded = fromBase64(text);
          expect(isBase64OfLength(text, bytes.length)).toBe(decoded !== undefined && decoded.length === bytes.length);
          const mac = Buffer.from(bytes).toString("base64");
          expect(asciiMatches(text, mac)).toBe(text === mac);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("refuses a stray bit in the last character and padding of the wrong length", () => {
    const mac = Buffer.alloc(32, 7).toString("base64"); // 32 bytes: 43 characters and one "="
    expect(isBase64OfLength(mac, 32)).toBe(true);
    expect(isBase64OfLength(mac.slice(0, 42) + String.fromCharCode(mac.charCodeAt(42) + 1) + "=", 32)).toBe(false);
    expect(isBase64OfLength(mac.slice(0, 43), 32)).toBe(false);
    expect(isBase64OfLength(`${mac}=`, 32)).toBe(false);
    expect(isBase64OfLength(mac, 31)).toBe(false);
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
