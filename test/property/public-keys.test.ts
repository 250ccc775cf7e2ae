// Properties of the public-key layer: its parsers only ever throw typed errors (or answer
// undefined) on any input, mutations of valid keys and certificates included; a tampered body
// never verifies; hostile inputs are refused cheaply.
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { discord, sendgrid, WebhookVerificationError } from "../../src/index.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { ecdsaDerToRaw, privateKeyOf, publicKeyOf, spkiOfCertificate, readPem } from "../../src/keys/index.js";
import { readTlv } from "../../src/keys/der.js";
import { awsSnsMessage } from "../../src/schemes/aws-sns-message.js";
import { adapters } from "../adapters.js";
import { selfSignedCertificate } from "../keys/certificate-fixture.js";

const typedOnly = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error instanceof TypeError || error instanceof RangeError, String(error)).toBe(true);
  }
};

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed = generateKeyPairSync("ed25519");
const der = (key: typeof rsa.publicKey) => new Uint8Array(key.export({ format: "der", type: "spki" }));
const SPKIS = [der(rsa.publicKey), der(p256.publicKey), der(ed.publicKey)];
const PKCS8 = [rsa.privateKey, p256.privateKey, ed.privateKey].map((key) => new Uint8Array(key.export({ format: "der", type: "pkcs8" })));
const CERT = readPem(selfSignedCertificate(rsa.publicKey, rsa.privateKey))!.der;
const pem = (label: string, bytes: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(bytes).toString("base64")}\n-----END ${label}-----\n`;

/** A copy of `bytes` with a few bytes changed, cut or extended. */
const mutated = (source: readonly Uint8Array[]) =>
  fc
    .tuple(fc.constantFrom(...source), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: -8, max: 8 }))
    .map(([bytes, edits, resize]) => {
      const out = new Uint8Array(Math.max(0, bytes.length + resize));
      out.set(bytes.subarray(0, out.length));
      for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
      return out;
    });

describe("parsers throw only TypeError/RangeError, or answer undefined", () => {
  it("publicKeyOf / privateKeyOf on any string", () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.base64String(), fc.stringMatching(/^[0-9a-f]{60,70}$/)), (text) => {
      typedOnly(() => publicKeyOf(text));
      typedOnly(() => publicKeyOf(`-----BEGIN PUBLIC KEY-----\n${text}\n-----END PUBLIC KEY-----`));
      typedOnly(() => privateKeyOf(text));
    }), { numRuns: 300 });
  });

  it("on mutated SPKI, PKCS#8 and certificates, in every wrapping", () => {
    fc.assert(fc.property(mutated(SPKIS), mutated(PKCS8), mutated([CERT]), (spki, pkcs8, cert) => {
      typedOnly(() => publicKeyOf(Buffer.from(spki).toString("base64")));
      typedOnly(() => publicKeyOf(pem("PUBLIC KEY", spki)));
      typedOnly(() => publicKeyOf(pem("CERTIFICATE", cert)));
      typedOnly(() => privateKeyOf(pem("PRIVATE KEY", pkcs8)));
      expect(() => spkiOfCertificate(cert)).not.toThrow();
    }), { numRuns: 300 });
  });

  it("on JWK-shaped objects", () => {
    const member = fc.oneof(fc.string(), fc.base64String(), fc.constant(undefined), fc.integer(), fc.constant(null));
    fc.assert(fc.property(fc.record({ kty: fc.constantFrom("RSA", "EC", "OKP", "oct", 1), crv: fc.constantFrom("P-256", "P-384", "P-521", "Ed25519", "X25519", undefined), n: member, e: member, x: member, y: member, d: member, use: fc.constantFrom(undefined, "sig", "enc"), key_ops: fc.constantFrom(undefined, ["verify"], ["sign"], "verify") }, { requiredKeys: ["kty"] }), (jwk) => {
      typedOnly(() => publicKeyOf(jwk));
      typedOnly(() => privateKeyOf(jwk));
    }), { numRuns: 300 });
  });

  it("ecdsaDerToRaw, readTlv and awsSnsMessage never throw anything untyped", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 300 }), (bytes, text) => {
      for (const curve of ["P-256", "P-384", "P-521"] as const) {
        const raw = ecdsaDerToRaw(bytes, curve);
        if (raw !== undefined) expect(raw.length).toBe({ "P-256": 64, "P-384": 96, "P-521": 132 }[curve]);
      }
      const tlv = readTlv(bytes, 0);
      if (tlv !== undefined) expect(tlv.end).toBeLessThanOrEqual(bytes.length);
      for (const body of [text, `{"Type":"Notification",${text}}`, bytes]) {
        try {
          awsSnsMessage(body);
        } catch (error) {
          expect(error).toBeInstanceOf(WebhookVerificationError);
        }
      }
    }), { numRuns: 500 });
  });
});

describe.each(adapters)("a tampered delivery never verifies ($name adapter)", ({ crypto }) => {
  it.each([
    ["discord", discord, ed.privateKey, ed.publicKey],
    ["sendgrid", sendgrid, p256.privateKey, p256.publicKey],
  ] as const)("%s", async (_, scheme, privateKey, publicKey) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (body, at, flip) => {
        const headers = await signWith(crypto, scheme, { secret: privateKey, payload: body, timestamp: 1_700_000_000 } as never);
        const options = { secret: publicKey, headers, now: 1_700_000_000 };
        await expect(verifyWith(crypto, scheme, { ...options, payload: body } as never)).resolves.toBeDefined();
        const tampered = body.slice();
        tampered[at % body.length]! ^= flip;
        const error = await verifyWith(crypto, scheme, { ...options, payload: tampered } as never).catch((e: unknown) => e);
        expect((error as WebhookVerificationError).code).toBe("no_matching_signature");
      }),
      { numRuns: 25 },
    );
  });
});

describe("hostile input is refused cheaply", () => {
  // The fastest of several tries: a loaded machine (CI runs the files in parallel on 2 cores)
  // can only add time to a try, so one slow try does not fail the test; bounded work stays
  // far below the bound in every try (0.1-50 ms measured on an idle machine).
  const TRIES = 5;
  const elapsed = (run: () => unknown) => {
    let fastest = Infinity;
    for (let i = 0; i < TRIES; i++) {
      const start = performance.now();
      typedOnly(run);
      fastest = Math.min(fastest, performance.now() - start);
    }
    return fastest;
  };

  it("10,000 keys, a 1 MB PEM, a DER nesting bomb and a huge JWK member are refused in milliseconds", async () => {
    const hex = Buffer.from(ed.publicKey.export({ format: "jwk" }).x!, "base64url").toString("hex");
    const tenThousand = Array.from({ length: 10_000 }, () => hex);
    let fastest = Infinity;
    for (let i = 0; i < TRIES; i++) {
      const start = performance.now();
      await expect(verifyWith(adapters[0].crypto, discord, { secret: tenThousand, payload: "{}", headers: { "x-signature-ed25519": "00".repeat(64), "x-signature-timestamp": "1700000000" }, now: 1_700_000_000 } as never)).rejects.toBeInstanceOf(RangeError);
      fastest = Math.min(fastest, performance.now() - start);
    }
    expect(fastest).toBeLessThan(100);

    const bomb = new Uint8Array(60_000);
    for (let i = 0; i < bomb.length; i += 2) [bomb[i], bomb[i + 1]] = [0x30, 0x80];
    // Generous bounds (a shared CI machine): parsing them whole would take far longer.
    const bigPem = `-----BEGIN CERTIFICATE-----\n${"A".repeat(1_000_000)}\n-----END CERTIFICATE-----`;
    const bombPem = pem("CERTIFICATE", bomb);
    const hugeJwk = { kty: "RSA", n: "A".repeat(5_000_000), e: "AQAB" };
    expect(elapsed(() => publicKeyOf(bigPem))).toBeLessThan(200);
    expect(elapsed(() => publicKeyOf(bombPem))).toBeLessThan(200);
    expect(spkiOfCertificate(bomb)).toBeUndefined();
    const nested = new Uint8Array(40_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x82));
    expect(spkiOfCertificate(nested)).toBeUndefined();
    expect(elapsed(() => publicKeyOf(hugeJwk))).toBeLessThan(200);
    expect(() => publicKeyOf(hugeJwk)).toThrow(TypeError);
  });

  it("RSA keys below 2048 or above 8192 bits are RangeErrors, in every form", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
    for (const input of [small.publicKey, small.publicKey.export({ format: "jwk" }), small.publicKey.export({ format: "pem", type: "spki" }), small.publicKey.export({ format: "pem", type: "pkcs1" })]) {
      expect(() => publicKeyOf(input)).toThrow(RangeError);
    }
    expect(() => privateKeyOf(small.privateKey)).toThrow(RangeError);
    expect(() => privateKeyOf(small.privateKey.export({ format: "jwk" }))).toThrow(RangeError);
    const huge = { kty: "RSA", n: Buffer.alloc(1025, 0xff).toString("base64url"), e: "AQAB" };
    expect(() => publicKeyOf(huge)).toThrow(RangeError);
  });
});
