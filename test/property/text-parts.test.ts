// String bodies reach the crypto provider as text (node:crypto encodes them while hashing; the
// Web Crypto adapter encodes once). What is signed is still the UTF-8 of the string, with one
// rule for what UTF-8 cannot represent: a lone surrogate is U+FFFD (EF BF BD), as both
// TextEncoder and node:crypto encode it, and each part is encoded on its own, so a high
// surrogate ending one part and a low one starting the next are two U+FFFD, never a pair.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import type { CryptoProvider, HashAlgorithm } from "../../src/crypto/types.js";
import { webCrypto } from "../../src/crypto/web.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { verifySync } from "../../src/engine/sync.js";
import { defineScheme, github } from "../../src/index.js";
import { NEEDS_BYTES, textContent } from "../../src/engine/text-body.js";
import { joinedBytes, partsAsBytes } from "../../src/lib/bytes.js";
import { standardWebhooks, stripe } from "../../src/index.js";
import { messageId, schemes, secret, unixSeconds } from "../arbitraries.js";

/** One UTF-16 unit sequence of each UTF-8 width (1 to 4 bytes), and lone surrogates of both halves. */
const anyUnit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x80, max: 0x7ff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x800, max: 0xffff }).map((code) => String.fromCharCode(code)), // lone surrogates included
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff"),
);
/** Strings holding every UTF-8 width, lone surrogates included. */
const text = fc.array(anyUnit, { maxLength: 64 }).map((units) => units.join(""));
const part = fc.oneof(text, fc.uint8Array({ maxLength: 64 }));
const hashes: HashAlgorithm[] = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];

const utf8 = (value: string) => new TextEncoder().encode(value);
const REPLACEMENT = [0xef, 0xbf, 0xbd];

describe("text parts", () => {
  it("a lone surrogate is U+FFFD (EF BF BD) on both adapters", async () => {
    for (const lone of ["\ud800", "\udbff", "\udc00", "\udfff"]) {
      expect([...utf8(lone)]).toEqual(REPLACEMENT);
      const key = utf8("key");
      const expected = nodeCrypto.hmac("SHA-256", key, [Uint8Array.from(REPLACEMENT)]);
      expect(nodeCrypto.hmac("SHA-256", key, [lone as unknown as Uint8Array])).toEqual(expected);
      expect(await webCrypto.hmac("SHA-256", key, [lone as unknown as Uint8Array])).toEqual(expected);
    }
  });

  it("surrogate halves in two parts are two U+FFFD, on both adapters", async () => {
    const parts = ["a\ud83d", "\ude00b"];
    const expected = Uint8Array.from([0x61, ...REPLACEMENT, ...REPLACEMENT, 0x62]);
    expect(joinedBytes(parts)).toEqual(expected);
    const key = utf8("key");
    const mac = nodeCrypto.hmac("SHA-256", key, [expected]);
    expect(nodeCrypto.hmac("SHA-256", key, parts as unknown as Uint8Array[])).toEqual(mac);
    expect(await webCrypto.hmac("SHA-256", key, parts as unknown as Uint8Array[])).toEqual(mac);
  });

  it("both adapters hash text parts as the UTF-8 bytes of each part, byte for byte", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...hashes), fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.array(part, { maxLength: 4 }), async (hash, key, parts) => {
        const bytes = partsAsBytes(parts) as Uint8Array[];
        const asGiven = parts as unknown as Uint8Array[]; // the built-in adapters take text
        const expected = nodeCrypto.hmac(hash, key, bytes);
        expect(nodeCrypto.hmac(hash, key, asGiven)).toEqual(expected);
        expect(await webCrypto.hmac(hash, key, asGiven)).toEqual(expected);
        expect(await webCrypto.hmac(hash, key, bytes)).toEqual(expected);
        expect(nodeCrypto.digest(hash, asGiven)).toEqual(await webCrypto.digest(hash, bytes));
        expect(joinedBytes(parts)).toEqual(Uint8Array.from(bytes.flatMap((b) => [...b])));
      }),
      { numRuns: 200 },
    );
  });

  it.each(schemes)("$name: a string payload verifies as its UTF-8 bytes and back, on both adapters", async ({ scheme }) => {
    await fc.assert(
      fc.asyncProperty(text, secret, unixSeconds, messageId, async (body, key, timestamp, id) => {
        const now = timestamp;
        const fromText = await signWith(nodeCrypto, scheme, { secret: key, payload: body, timestamp, id });
        expect(await signWith(webCrypto, scheme, { secret: key, payload: body, timestamp, id })).toEqual(fromText);
        expect(await signWith(nodeCrypto, scheme, { secret: key, payload: utf8(body), timestamp, id })).toEqual(fromText);
        for (const crypto of [nodeCrypto, webCrypto]) {
          await verifyWith(crypto, scheme, { secret: key, payload: body, headers: fromText, now });
          await verifyWith(crypto, scheme, { secret: key, payload: utf8(body), headers: fromText, now });
        }
        verifySync(scheme, { secret: key, payload: body, headers: fromText, now });
      }),
      { numRuns: 60 },
    );
  });

  it("a provider of your own receives bytes only, even when spread from nodeCrypto", async () => {
    const seen: unknown[] = [];
    const recording: CryptoProvider = {
      ...nodeCrypto,
      name: "recording",
      hmac(hash, key, parts) {
        seen.push(...parts);
        return nodeCrypto.hmac(hash, key, parts);
      },
    };
    const headers = await signWith(recording, github, { secret: "s", payload: "héllo \ud800" });
    await verifyWith(recording, github, { secret: "s", payload: "héllo \ud800", headers });
    expect(seen.length).toBeGreaterThan(0);
    for (const value of seen) expect(value).toBeInstanceOf(Uint8Array);
  });

  it("the built-in schemes keep a string body as text; one that reads it asks for bytes", () => {
    expect(textContent(github, "bödy", undefined, undefined, undefined, undefined)).toEqual(["bödy"]);
    expect(textContent(stripe, "bödy", "17", undefined, undefined, undefined)).toEqual(["17.", "bödy"]);
    expect(textContent(standardWebhooks, "bödy", "17", "msg_1", undefined, undefined)).toEqual(["msg_1.17.", "bödy"]);
    const reads = defineScheme({ ...github, name: "reads", content: ({ body }) => [body.length > 0 ? body : "empty"] });
    expect(textContent(reads, "bödy", undefined, undefined, undefined, undefined)).toBe(NEEDS_BYTES);
    const throws = defineScheme({ ...github, name: "throws", content: ({ body }) => [new TextDecoder().decode(body)] });
    expect(textContent(throws, "bödy", undefined, undefined, undefined, undefined)).toBe(NEEDS_BYTES);
  });

  it("a scheme whose content reads the body gets its bytes for a string payload", async () => {
    const tail = defineScheme({
      ...github,
      name: "tail",
      content: ({ body }) => (body.length < 2 ? undefined : [body.subarray(1), `:${body.length}`]),
    });
    const body = "xhé\ud800";
    const expected = nodeCrypto.hmac("SHA-256", utf8("s"), [utf8(body).subarray(1), utf8(`:${utf8(body).length}`)]);
    const headers = await signWith(nodeCrypto, tail, { secret: "s", payload: body });
    expect(headers["x-hub-signature-256"]).toBe("sha256=" + Buffer.from(expected).toString("hex"));
    for (const crypto of [nodeCrypto, webCrypto]) {
      await expect(verifyWith(crypto, tail, { secret: "s", payload: body, headers })).resolves.toMatchObject({ scheme: "tail" });
    }
    await expect(signWith(nodeCrypto, tail, { secret: "s", payload: "x" })).rejects.toThrow(TypeError);
  });
});
