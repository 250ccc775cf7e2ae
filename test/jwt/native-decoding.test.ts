// verifyJwt decodes segments with the provider's base64 (Buffer on the node adapter, lib/base64.ts
// on Web Crypto) and hands the signing input to the public-key adapters as text, which encode
// it themselves. The two adapters must give the same outcome for every token: each segment's
// last character replaced by every base64url digit (most are non-canonical), padding, the other
// alphabet, white space; and an adapter's verification of a text part must equal that of its
// UTF-8 bytes (non-ASCII, lone surrogates, text longer than the node adapter's scratch bytes).
import { sign as nodeSign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import type { CryptoProvider, PublicKeyHandle } from "../../src/crypto/types.js";
import { webCrypto } from "../../src/crypto/web.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { EDDSA, ES256, RS256 } from "../../src/keys/algorithms.js";
import { publicKeyOf } from "../../src/keys/public-key.js";
import type { Part } from "../../src/lib/bytes.js";
import { b64url, NOW } from "./helpers.js";
import { keyPairs } from "./key-pairs.js";

const pairs = keyPairs();
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const KEYS = {
  RS256: { pair: pairs.rsa, hash: "sha256", options: {} },
  ES256: { pair: pairs.p256, hash: "sha256", options: { dsaEncoding: "ieee-p1363" as const } },
  EdDSA: { pair: pairs.ed25519, hash: null, options: {} },
} as const;

function token(alg: keyof typeof KEYS, claims: Record<string, unknown>): string {
  const input = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  const { pair, hash, options } = KEYS[alg];
  return `${input}.${b64url(nodeSign(hash, Buffer.from(input), { key: pair.privateKey, ...options }))}`;
}

const outcome = (crypto: CryptoProvider, jwt: string, key: string) =>
  verifyJwtWith(crypto, jwt, key, { now: NOW }).then(
    ({ payload, header, secretIndex }) => ({ payload, header, secretIndex }),
    (error: { code?: string; name: string }) => ({ error: error.code ?? error.name }),
  );

/** The token with segment `index` changed by `change`. */
const withSegment = (jwt: string, index: number, change: (segment: string) => string) =>
  jwt
    .split(".")
    .map((segment, i) => (i === index ? change(segment) : segment))
    .join(".");

describe("verifyJwt on the node and web adapters", () => {
  for (const alg of Object.keys(KEYS) as Array<keyof typeof KEYS>) {
    const key = KEYS[alg].pair.publicPem;
    it(`${alg}: every last character, padding, the other alphabet and white space in each segment give one outcome on both`, async () => {
      const jwt = token(alg, { sub: "user_1", note: "Grüße ✓", exp: NOW + 60 });
      expect(await outcome(nodeCrypto, jwt, key)).toHaveProperty("payload.note", "Grüße ✓");
      const variants: string[] = [];
      for (let index = 0; index < 3; index++) {
        for (const digit of DIGITS) variants.push(withSegment(jwt, index, (s) => s.slice(0, -1) + digit));
        variants.push(withSegment(jwt, index, (s) => s + "="), withSegment(jwt, index, (s) => s + "=="), withSegment(jwt, index, (s) => ` ${s}`));
        variants.push(withSegment(jwt, index, (s) => s.replace(/-/g, "+").replace(/_/g, "/")), withSegment(jwt, index, (s) => s.slice(0, -1)));
      }
      let accepted = 0;
      for (const variant of variants) {
        const node = await outcome(nodeCrypto, variant, key);
        expect(await outcome(webCrypto, variant, key), variant).toEqual(node);
        if ("payload" in node) accepted++;
      }
      expect(accepted).toBeGreaterThanOrEqual(3); // the token itself, once per segment
    });
  }

  it("arbitrary claims and arbitrary segment text: one outcome on both", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.integer())),
        fc.nat(2),
        fc.string({ maxLength: 6 }),
        async (claims, index, junk) => {
          const jwt = token("RS256", claims);
          for (const variant of [jwt, withSegment(jwt, index, (s) => s + junk), withSegment(jwt, index, (s) => junk + s.slice(junk.length))]) {
            expect(await outcome(webCrypto, variant, KEYS.RS256.pair.publicPem)).toEqual(await outcome(nodeCrypto, variant, KEYS.RS256.pair.publicPem));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("public-key adapters given text parts", () => {
  const cases = [
    { algorithm: RS256, pair: pairs.rsa, hash: "sha256", options: {} },
    { algorithm: ES256, pair: pairs.p256, hash: "sha256", options: { dsaEncoding: "ieee-p1363" as const } },
    { algorithm: EDDSA, pair: pairs.ed25519, hash: null, options: {} },
  ] as const;
  const texts = ["ascii.only", "Grüße 東京 🎉", "lone \uD800 high", "lone \uDC00 low", "x".repeat(6000), "é".repeat(9000)];

  for (const { algorithm, pair, hash, options } of cases) {
    it(`${algorithm.name}: text verifies exactly as its UTF-8 bytes do, on both adapters`, async () => {
      const handle = publicKeyOf(pair.publicPem) as PublicKeyHandle;
      for (const text of texts) {
        const bytes = new Uint8Array(Buffer.from(text, "utf8"));
        const signature = new Uint8Array(nodeSign(hash, bytes, { key: pair.privateKey, ...options }));
        for (const crypto of [nodeCrypto, webCrypto]) {
          const verify = crypto.publicKeyVerify as (...args: [typeof algorithm, PublicKeyHandle, Uint8Array, readonly Part[]]) => boolean | Promise<boolean>;
          expect(await verify(algorithm, handle, signature, [text]), `${crypto.name} ${text.slice(0, 12)}`).toBe(true);
          expect(await verify(algorithm, handle, signature, [bytes])).toBe(true);
          expect(await verify(algorithm, handle, signature, [text + " "])).toBe(false);
          if (algorithm !== EDDSA) expect(await verify(algorithm, handle, signature, [text.slice(0, 3), text.slice(3)])).toBe(text.length <= 3 || !/[\uD800-\uDFFF]/.test(text.slice(2, 4)));
        }
      }
    });
  }
});
