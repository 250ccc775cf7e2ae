// The node:crypto adapter's native base64url (Buffer, held to the strict rule by encoding the
// bytes back: crypto/node.ts) must accept exactly the texts lib/base64.ts accepts and give the
// same bytes: canonical unpadded base64url. Compared on
// arbitrary text built from the characters that matter (both alphabets, "=", white space,
// non-ASCII), on valid encodings with every possible last character (non-canonical tails), and
// against Buffer's own encoding as the oracle for the bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import { builtInCalls } from "../../src/crypto/text-parts.js";
import { webCrypto } from "../../src/crypto/web.js";
import { fromBase64, fromBase64Url, fromBase64UrlTransient } from "../../src/lib/base64.js";

const native = builtInCalls(nodeCrypto)?.base64;
const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Text from the characters either decoder could trip on. */
const nearBase64 = fc
  .array(fc.oneof(fc.constantFrom(...STANDARD, "-", "_", "=", " ", "\n", "\t", ".", "é", "\u{1F600}", "\uD800", "\0", "\u00ff"), fc.constantFrom(..."AQgw")), { maxLength: 40 })
  .map((chars) => chars.join(""));

/** A valid encoding with its last character replaced by any of the alphabet (most are non-canonical). */
const retailed = (alphabet: string, encode: (bytes: Uint8Array) => string) =>
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(63)).map(([bytes, digit]) => {
    const text = encode(bytes);
    const end = text.replace(/=+$/, "").length;
    return text.slice(0, end - 1) + alphabet[digit] + text.slice(end);
  });

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => {
  if (a === undefined || b === undefined) expect(a).toBe(b);
  else expect(new Uint8Array(a)).toEqual(new Uint8Array(b));
};

describe("the node adapter's native base64 decoders", () => {
  it("are the node adapter's (and the web adapter has none: it decodes with lib/base64.ts)", () => {
    expect(native).toBeDefined();
    expect(builtInCalls(webCrypto)?.base64).toBeUndefined();
  });

  it("accept and refuse exactly what lib/base64.ts does, on arbitrary text", () => {
    fc.assert(
      fc.property(nearBase64, (text) => {
        same(native!.base64Url(text), fromBase64Url(text));
        same(native!.base64UrlTransient(text), fromBase64UrlTransient(text)?.slice());
        same(native!.base64!(text), fromBase64(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("standard base64 (the awsSns Signature): the same as lib/base64.ts on every last character, padding and white space", () => {
    fc.assert(
      fc.property(retailed(STANDARD, (bytes) => Buffer.from(bytes).toString("base64")), fc.constantFrom("", "=", "==", " ", "\n"), (text, extra) => {
        same(native!.base64!(text), fromBase64(text));
        same(native!.base64!(text + extra), fromBase64(text + extra));
        same(native!.base64!(text.replace(/=+$/, "")), fromBase64(text.replace(/=+$/, "")));
      }),
      { numRuns: 2000 },
    );
    for (const bad of ["QQ", "QR==", "QUJ=", "ab-_", "a", "QQ=", "éé==", " QQ=="]) expect(native!.base64!(bad), bad).toBeUndefined();
    same(native!.base64!("QQ=="), new Uint8Array([0x41]));
    same(native!.base64!(""), new Uint8Array(0));
  });

  it("agree on every last character of a valid encoding (a non-canonical tail is refused by both)", () => {
    fc.assert(
      fc.property(retailed(URL_SAFE, (bytes) => Buffer.from(bytes).toString("base64url")), (text) => {
        same(native!.base64Url(text), fromBase64Url(text));
        same(native!.base64UrlTransient(text), fromBase64UrlTransient(text)?.slice());
      }),
      { numRuns: 2000 },
    );
    // lib/base64.ts's standard base64 (its 4-at-a-time loop) against Buffer: the same bytes for the canonical tail only.
    fc.assert(
      fc.property(retailed(STANDARD, (bytes) => Buffer.from(bytes).toString("base64")), (text) => {
        const bytes = Buffer.from(text, "base64");
        same(fromBase64(text), bytes.toString("base64") === text ? bytes : undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it("give the bytes Buffer encoded, and refuse the lenient spellings Buffer itself would take", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const url = Buffer.from(bytes).toString("base64url");
        const standard = Buffer.from(bytes).toString("base64");
        for (const decode of [native!.base64Url, native!.base64UrlTransient, fromBase64Url]) same(decode(url), bytes);
        same(fromBase64(standard), bytes);
        if (standard.endsWith("=")) {
          for (const decode of [native!.base64Url, fromBase64Url]) expect(decode(url + "=")).toBeUndefined(); // padding
          expect(fromBase64(standard.replace(/=+$/, ""))).toBeUndefined(); // missing padding
        }
        if (url.length > 0) {
          for (const decode of [native!.base64Url, fromBase64Url]) expect(decode(` ${url}`)).toBeUndefined(); // white space
        }
      }),
    );
    for (const [bad, decode] of [
      ["QR", native!.base64Url], // stray bits: "QQ" is the spelling of 0x41
      ["QUJ", native!.base64Url], // "QUI"
      ["ab+/", native!.base64Url], // the other alphabet
      ["a", native!.base64Url],
      ["QQ==", native!.base64Url],
      ["éé", native!.base64Url],
    ] as const) {
      expect(decode(bad), bad).toBeUndefined();
    }
    same(native!.base64Url("QQ"), new Uint8Array([0x41]));
    same(native!.base64Url(""), new Uint8Array(0));
  });

  it("decode long text (past the scratch bytes) the same way", () => {
    const bytes = new Uint8Array(20000).map((_, i) => (i * 7) & 0xff);
    const url = Buffer.from(bytes).toString("base64url");
    same(native!.base64UrlTransient(url), bytes);
    expect(native!.base64UrlTransient(url.slice(0, -1) + "_")).toBe(fromBase64UrlTransient(url.slice(0, -1) + "_"));
  });
});
