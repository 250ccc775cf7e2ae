// The node:crypto and Web Crypto adapters produce the same bytes, and so the same headers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import type { HashAlgorithm } from "../../src/crypto/types.js";
import { webCrypto } from "../../src/crypto/web.js";
import { signWith } from "../../src/engine/sign.js";
import { messageId, payload, schemes, secret, unixSeconds } from "../arbitraries.js";

const hashes: HashAlgorithm[] = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
const parts = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 });

describe("node and web adapters agree byte for byte", () => {
  it("HMAC of any key over any parts, for every hash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...hashes), fc.uint8Array({ minLength: 1, maxLength: 200 }), parts, async (hash, key, message) => {
        expect(await webCrypto.hmac(hash, key, message)).toEqual(nodeCrypto.hmac(hash, key, message));
      }),
      { numRuns: 150 },
    );
  });

  it("digest of any parts, for every hash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...hashes), parts, async (hash, message) => {
        expect(await webCrypto.digest(hash, message)).toEqual(nodeCrypto.digest(hash, message));
      }),
      { numRuns: 100 },
    );
  });

  it("random bytes have the asked length on both", () => {
    for (const length of [0, 1, 32, 65536, 70000]) {
      expect(nodeCrypto.randomBytes(length)).toHaveLength(length);
      expect(webCrypto.randomBytes(length)).toHaveLength(length);
    }
  });

  it.each(schemes)("$name: identical headers for the same input", async ({ scheme }) => {
    await fc.assert(
      fc.asyncProperty(payload, fc.array(secret, { minLength: 1, maxLength: scheme.multipleSignatures ? 3 : 1 }), unixSeconds, messageId, async (body, keys, timestamp, id) => {
        const options = { secret: keys, payload: body, timestamp, id };
        expect(await signWith(webCrypto, scheme, options)).toEqual(await signWith(nodeCrypto, scheme, options));
      }),
      { numRuns: 60 },
    );
  });

  it("the web adapter's key cache gives the same MAC on reuse and after eviction", async () => {
    const message = [new TextEncoder().encode("cache")];
    const first = new Uint8Array(32).fill(7);
    const expected = nodeCrypto.hmac("SHA-256", first, message);
    expect(await webCrypto.hmac("SHA-256", first, message)).toEqual(expected);
    for (let i = 0; i < 100; i++) await webCrypto.hmac("SHA-256", new Uint8Array(32).fill(i + 8), message); // evicts `first`
    expect(await webCrypto.hmac("SHA-256", first, message)).toEqual(expected);
    expect(await webCrypto.hmac("SHA-512", first, message)).toEqual(nodeCrypto.hmac("SHA-512", first, message));
  });
});
