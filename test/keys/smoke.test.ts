import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAsync } from "../../src/engine/steps.js";
import { EDDSA, ES256, ES384, ES512, PS256, RS256, privateKeyOf, publicKeyOf, signWithKey, verifySignature } from "../../src/keys/index.js";
import { adapters } from "../adapters.js";

const msg = [new TextEncoder().encode("hello "), "world"];
const pairs = {
  rsa: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  p256: generateKeyPairSync("ec", { namedCurve: "P-256" }),
  p384: generateKeyPairSync("ec", { namedCurve: "P-384" }),
  p521: generateKeyPairSync("ec", { namedCurve: "P-521" }),
  ed: generateKeyPairSync("ed25519"),
};
const cases = [
  ["rsa", RS256],
  ["rsa", PS256],
  ["p256", ES256],
  ["p384", ES384],
  ["p521", ES512],
  ["ed", EDDSA],
] as const;

describe.each(adapters)("$name", ({ crypto }) => {
  it.each(cases)("%s %o", async (pair, algorithm) => {
    const { publicKey, privateKey } = pairs[pair];
    for (const pub of [publicKey.export({ format: "pem", type: "spki" }) as string, publicKey.export({ format: "jwk" }), publicKey]) {
      for (const priv of [privateKey.export({ format: "pem", type: "pkcs8" }) as string, privateKey.export({ format: "jwk" }), privateKey]) {
        const sig = await runAsync(signWithKey(algorithm, privateKeyOf(priv), msg), crypto);
        expect(await runAsync(verifySignature(algorithm, publicKeyOf(pub), sig, msg), crypto)).toBe(true);
        const bad = sig.slice();
        bad[5]! ^= 1;
        expect(await runAsync(verifySignature(algorithm, publicKeyOf(pub), bad, msg), crypto)).toBe(false);
      }
    }
  });
});
