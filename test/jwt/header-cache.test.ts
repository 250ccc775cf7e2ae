// verifyJwt parses a header segment it has seen before only once (jwt/parse.ts knownHeader):
// every verification still gets its own header object, every header check still runs, and
// what the cache holds never changes an outcome.
import { describe, expect, it } from "vitest";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { expectJwtError, forge, KEY_256, KEY_512, NOW, providers } from "./helpers.js";

const claims = { sub: "user", iat: NOW, exp: NOW + 60 };

describe.each(providers)("known JOSE headers (%s)", (_name, crypto) => {
  it("give each verification its own header object", async () => {
    const token = forge({ alg: "HS256", typ: "JWT", kid: "k1" }, claims, KEY_256);
    const first = await verifyJwtWith(crypto, token, KEY_256, { now: NOW });
    first.header.kid = "changed";
    (first.header as Record<string, unknown>).extra = true;
    const second = await verifyJwtWith(crypto, token, KEY_256, { now: NOW });
    expect(second.header).toEqual({ alg: "HS256", typ: "JWT", kid: "k1" });
    expect(second.header).not.toBe(first.header);
    expect(Object.isFrozen(second.header)).toBe(false);
  });

  it("are checked against each call's options", async () => {
    const token = forge({ alg: "HS512" }, claims, KEY_512, "HS512");
    await expect(verifyJwtWith(crypto, token, KEY_512, { now: NOW, algorithms: ["HS512"] })).resolves.toMatchObject({ header: { alg: "HS512" } });
    await expectJwtError(verifyJwtWith(crypto, token, KEY_512, { now: NOW }), "unsupported_algorithm");
    await expectJwtError(verifyJwtWith(crypto, token, KEY_512, { now: NOW, algorithms: ["HS256"] }), "unsupported_algorithm");
  });

  it("keep refusing a refused header, and a forged token under a known header", async () => {
    const crit = forge({ alg: "HS256", crit: ["exp"] }, claims, KEY_256);
    for (let i = 0; i < 2; i++) await expectJwtError(verifyJwtWith(crypto, crit, KEY_256, { now: NOW }), "malformed");
    const token = forge({ alg: "HS256", typ: "JWT" }, claims, KEY_256);
    await verifyJwtWith(crypto, token, KEY_256, { now: NOW });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: "admin" })).toString("base64url")}.${signature}`;
    await expectJwtError(verifyJwtWith(crypto, forged, KEY_256, { now: NOW }), "signature_mismatch");
    const badPayload = `${header}.!!!.${signature}`;
    await expectJwtError(verifyJwtWith(crypto, badPayload, KEY_256, { now: NOW }), "malformed");
  });

  it("with nested values, and past the cache's size, still verify exactly", async () => {
    const nested = { alg: "HS256", jwk: { kty: "oct" } };
    const token = forge(nested, claims, KEY_256);
    const first = await verifyJwtWith(crypto, token, KEY_256, { now: NOW });
    (first.header.jwk as Record<string, unknown>).kty = "changed";
    expect((await verifyJwtWith(crypto, token, KEY_256, { now: NOW })).header).toEqual(nested);
    for (let i = 0; i < 40; i++) {
      const header = { alg: "HS256", kid: `key-${i}` };
      const result = await verifyJwtWith(crypto, forge(header, claims, KEY_256), KEY_256, { now: NOW });
      expect(result.header).toEqual(header);
    }
  });
});
