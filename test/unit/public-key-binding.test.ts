// Key binding: a PEM key, certificate or JWK is never an HMAC secret; a key is used only with
// the algorithms its type allows; the ECDSA range check sits exactly at the curve order.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { github, sign, stripe, verify, WebhookVerificationError } from "../../src/index.js";
import { assertKeyFits, EDDSA, ES256, ES384, ES512, isValidRawEcdsa, keyFits, PS256, publicKeyOf, RS256 } from "../../src/keys/index.js";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = rsa.publicKey.export({ format: "pem", type: "spki" }) as string;
const JWK_TEXT = JSON.stringify(rsa.publicKey.export({ format: "jwk" }));

describe("a key is never a shared secret", () => {
  it.each([
    ["a PEM public key", PEM],
    ["a PEM private key", rsa.privateKey.export({ format: "pem", type: "pkcs8" }) as string],
    ["a certificate-looking PEM", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"],
    ["a JWK as JSON", JWK_TEXT],
  ])("%s: verify rejects invalid_secret, sign throws RangeError, and neither repeats it", async (_, secret) => {
    for (const scheme of [github, stripe]) {
      const error = await verify(scheme, { secret, payload: "{}", headers: { "x-hub-signature-256": "sha256=00", "stripe-signature": "t=1,v1=00" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code).toBe("invalid_secret");
      expect((error as Error).message).not.toContain(secret.slice(30, 60));
      await expect(sign(scheme, { secret, payload: "{}" })).rejects.toBeInstanceOf(RangeError);
    }
  });
});

describe("key binding", () => {
  const keys = {
    rsa: publicKeyOf(rsa.publicKey),
    p256: publicKeyOf(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey),
    p384: publicKeyOf(generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey),
    p521: publicKeyOf(generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey),
    ed: publicKeyOf(generateKeyPairSync("ed25519").publicKey),
  };
  const allowed: [keyof typeof keys, unknown[]][] = [
    ["rsa", [RS256, PS256]],
    ["p256", [ES256]],
    ["p384", [ES384]],
    ["p521", [ES512]],
    ["ed", [EDDSA]],
  ];
  it.each(allowed)("%s fits exactly its algorithms", (name, fits) => {
    for (const algorithm of [RS256, PS256, ES256, ES384, ES512, EDDSA]) {
      expect(keyFits(algorithm, keys[name])).toBe(fits.includes(algorithm));
      if (!fits.includes(algorithm)) expect(() => assertKeyFits(algorithm, keys[name])).toThrow(TypeError);
    }
  });

  it("ECDSA r and s must be in [1, n-1]: n-1 passes the range check, n and 0 do not", () => {
    const n = Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex");
    const nMinus1 = Buffer.from(n);
    nMinus1[31]! -= 1;
    const one = Buffer.alloc(32);
    one[31] = 1;
    const raw = (r: Buffer, s: Buffer) => new Uint8Array(Buffer.concat([r, s]));
    expect(isValidRawEcdsa(raw(one, nMinus1), "P-256")).toBe(true);
    expect(isValidRawEcdsa(raw(nMinus1, one), "P-256")).toBe(true);
    expect(isValidRawEcdsa(raw(n, one), "P-256")).toBe(false);
    expect(isValidRawEcdsa(raw(one, n), "P-256")).toBe(false);
    expect(isValidRawEcdsa(raw(Buffer.alloc(32), one), "P-256")).toBe(false);
    expect(isValidRawEcdsa(raw(one, Buffer.alloc(32)), "P-256")).toBe(false);
    expect(isValidRawEcdsa(new Uint8Array(63), "P-256")).toBe(false);
  });
});
