// The parsed-key cache of keys/public-key.ts: bounded (64 keys), least recently used out first,
// and a hit on the key answered last moves nothing (it is already the newest). Held to a model
// LRU over arbitrary sequences of key texts and JWK objects: a key is answered with the handle
// parsed before exactly when the model still holds it.
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { publicKeyOf } from "../../src/keys/public-key.js";
import type { PublicKeyHandle } from "../../src/crypto/types.js";

const CAPACITY = 64;
const KEYS = 90;

// Ed25519 public keys as Discord shows them (64 hex digits) and as JWK objects: cheap to parse, all distinct.
const raw = Array.from({ length: KEYS }, (_, i) => Buffer.alloc(32, 0).fill(i + 1, 0, 1).fill(i * 3 + 7, 1, 2));
const inputs = raw.map((bytes, i) => (i % 3 === 0 ? { kty: "OKP", crv: "Ed25519", x: bytes.toString("base64url") } : bytes.toString("hex")));

describe("the public key cache", () => {
  // One model for the whole file: the module's cache lives as long as it does.
  const model = new Map<number, true>();
  const seen = new Map<number, PublicKeyHandle>();
  const use = (index: number): void => {
    const input = inputs[index]!;
    // A JWK object is read by content: a fresh copy of it must find the same handle.
    const handle = publicKeyOf(typeof input === "string" ? input : { ...input });
    const expected = model.has(index);
    expect(handle === seen.get(index), `key #${index}: cached ${expected}`).toBe(expected);
    model.delete(index);
    model.set(index, true);
    if (model.size > CAPACITY) model.delete(model.keys().next().value!);
    seen.set(index, handle);
  };

  it("keeps the 64 most recently used keys, whatever the order of use (repeats of the newest included)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.noBias(fc.nat(KEYS - 1)), fc.nat(9), fc.constant(-1)), { minLength: 150, maxLength: 400 }), (uses) => {
        let last = 0;
        for (const use_ of uses) {
          last = use_ < 0 ? last : use_; // -1: the key used last, again
          use(last);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("evicts the least recently used key, not one just used again", () => {
    for (let i = 0; i < CAPACITY; i++) use(i); // full: 0 is the oldest
    use(0); // now the newest
    use(0); // still the newest: nothing moves
    use(CAPACITY); // evicts 1, not 0
    expect(publicKeyOf(inputs[1] as string)).not.toBe(seen.get(1));
    model.clear(); // the line above refilled the cache out of the model's sight: start over
    seen.clear();
    for (let i = 20; i < 20 + CAPACITY; i++) use(i);
    use(20);
    use(20 + CAPACITY);
    expect(publicKeyOf(inputs[20] as string)).toBe(seen.get(20));
  });

  it("moves a key used again after a newer one was added (the newest is the one added last)", () => {
    model.clear();
    seen.clear();
    for (let i = 0; i < CAPACITY; i++) publicKeyOf(inputs[i] as string | object); // refill, in a known order
    for (let i = 0; i < CAPACITY; i++) use(i); // all kept: now tracked by the model (0 the oldest)
    use(0); // the newest
    use(CAPACITY); // added: now the newest, 1 evicted
    use(0); // must move behind it again
    // Evict everything else, key by key: 0 must outlive the key added before it was used again.
    for (let n = 0; n < CAPACITY + 10; n++) {
      const next = inputs.findIndex((_, index) => index !== 0 && !model.has(index));
      use(next);
    }
  });

  it("caches nothing for input that is not a key", () => {
    expect(() => publicKeyOf("not a key")).toThrow(TypeError);
    expect(() => publicKeyOf("not a key")).toThrow(TypeError);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "pem", type: "spki" }) as string;
    expect(() => publicKeyOf(rsa)).toThrow(RangeError);
    expect(() => publicKeyOf(rsa)).toThrow(RangeError);
  });
});
