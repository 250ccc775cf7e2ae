// The signature and token decoders (lib/base64.ts, lib/hex.ts) are written for speed; these hold
// them to straightforward reference decoders on any text, valid or not: the same bytes, or
// undefined for the same inputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, fromBase64Url, fromBase64UrlTransient } from "../../src/lib/base64.js";
import { asciiBytes } from "../../src/lib/ascii.js";
import { fromHex } from "../../src/lib/hex.js";

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Bit by bit, as the first version of lib/base64.ts decoded. */
function referenceBase64(text: string, alphabet: string, allowPadding: boolean, canonical: boolean): Uint8Array | undefined {
  let end = text.length;
  if (canonical && allowPadding && end % 4 !== 0) return undefined;
  if (allowPadding && end % 4 === 0) {
    if (text[end - 1] === "=") end--;
    if (text[end - 1] === "=") end--;
  }
  if (end % 4 === 1) return undefined;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const value = alphabet.indexOf(text[i]!);
    if (value < 0 || text[i]!.length !== 1) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  if (canonical && (buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return new Uint8Array(out);
}

function referenceHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "hex"));
}

// Texts near the alphabets (most decode, many are one character off) and any text at all.
const near = (alphabet: string) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...alphabet, "=", "-", "_", "+", "/", " ", "\u0130", "\u0141", "\u{1F600}"), maxLength: 120 }),
    fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 120 }).chain((text) => fc.constantFrom(text, text + "=", text + "==")),
    fc.string({ unit: "binary", maxLength: 40 }),
  );

const same = (actual: Uint8Array | undefined, expected: Uint8Array | undefined) => {
  if (expected === undefined) expect(actual).toBeUndefined();
  else expect(actual === undefined ? undefined : Array.from(actual)).toEqual(Array.from(expected));
};

describe("decoders agree with reference decoders on any text", () => {
  it("fromBase64, canonical and not", () => {
    fc.assert(
      fc.property(near(STANDARD), (text) => {
        same(fromBase64(text), referenceBase64(text, STANDARD, true, true));
        same(fromBase64(text, { canonical: false }), referenceBase64(text, STANDARD, true, false));
      }),
      { numRuns: 3000 },
    );
  });

  it("fromBase64Url and its transient form", () => {
    fc.assert(
      fc.property(near(URL_SAFE), (text) => {
        const expected = referenceBase64(text, URL_SAFE, false, true);
        same(fromBase64Url(text), expected);
        same(fromBase64UrlTransient(text), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("the transient form of a long segment (past its scratch bytes) is still exact", () => {
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 7) & 0xff);
    const text = Buffer.from(bytes).toString("base64url");
    same(fromBase64UrlTransient(text), bytes);
    same(fromBase64UrlTransient(text + "!"), undefined);
  });

  it("fromHex", () => {
    fc.assert(
      fc.property(near("0123456789abcdefABCDEF"), (text) => same(fromHex(text), referenceHex(text))),
      { numRuns: 3000 },
    );
  });
});

describe("ASCII bytes (the decoders' input)", () => {
  it("are the text's bytes exactly when it is all ASCII, whatever its length", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.string({ maxLength: 60 })), (text) => {
        const bytes = asciiBytes(text);
        const ascii = [...text].every((c) => c.charCodeAt(0) < 0x80 && c.length === 1);
        if (!ascii) expect(bytes).toBeUndefined();
        else expect(Array.from(bytes!.subarray(0, text.length))).toEqual(Array.from(Buffer.from(text, "latin1")));
      }),
      { numRuns: 2000 },
    );
    for (const text of ["\ud800", "a\udc00", "é", "A".repeat(9000) + "é"]) expect(asciiBytes(text)).toBeUndefined();
  });

  it("past the shared buffer (8 KiB), decode as exactly", () => {
    const bytes = new Uint8Array(7000).map((_, i) => (i * 13) & 0xff);
    const hex = Buffer.from(bytes).toString("hex");
    same(fromHex(hex), bytes);
    same(fromHex(hex.toUpperCase()), bytes);
    same(fromHex(hex.slice(0, -1) + "g"), undefined);
    same(fromBase64(Buffer.from(bytes).toString("base64")), bytes);
    same(fromBase64Url(Buffer.from(bytes).toString("base64url")), bytes);
  });

  it("one decode does not disturb the bytes another returned", () => {
    const first = fromHex("00ff10");
    const second = fromBase64("AQID");
    expect(Array.from(first!)).toEqual([0, 255, 16]);
    expect(Array.from(second!)).toEqual([1, 2, 3]);
  });
});
