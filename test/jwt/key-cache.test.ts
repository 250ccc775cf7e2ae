// What verifyJwt remembers between calls (a public key's description and its default
// algorithms, the claim rules of a call without options, node:crypto's options per key and
// algorithm) must never carry one call's configuration into another: the same key with and
// without `algorithms`, RS256 and PS256 under one RSA key, claim options given then not, and
// the same checks after the caches are warm. Both crypto providers, each token signed with
// node:crypto directly.
import { constants, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { verifyJwtWith, type VerifyJwtOptions } from "../../src/jwt/verify.js";
import type { JwtVerificationKey } from "../../src/jwt/types.js";
import { b64url, expectJwtError, NOW, providers } from "./helpers.js";
import { keyPairs } from "./key-pairs.js";

const pairs = keyPairs();

/** A token signed here with node:crypto: RS256 (PKCS#1 v1.5), PS256 (PSS, salt = hash length), ES256 (r‖s), EdDSA. */
function token(alg: "RS256" | "PS256" | "ES256" | "EdDSA", claims: Record<string, unknown> = { sub: "user_1", iat: NOW, exp: NOW + 60 }): string {
  const input = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  const key =
    alg === "RS256"
      ? pairs.rsa.privateKey
      : alg === "PS256"
        ? { key: pairs.rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : alg === "ES256"
          ? { key: pairs.p256.privateKey, dsaEncoding: "ieee-p1363" as const }
          : pairs.ed25519.privateKey;
  return `${input}.${b64url(nodeSign(alg === "EdDSA" ? null : "sha256", Buffer.from(input), key))}`;
}

/** `token` with its header's alg replaced (the signature kept). */
const relabeled = (jwt: string, alg: string) => `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${jwt.split(".").slice(1).join(".")}`;

describe.each(providers)("verifyJwt caches (%s crypto)", (_name, crypto) => {
  const verify = (jwt: string, key: JwtVerificationKey, options: VerifyJwtOptions = {}) => verifyJwtWith(crypto, jwt, key, { now: NOW, crypto, ...options });

  it("one RSA key verifies RS256 and PS256 alternately, each with its own padding, many times over", async () => {
    const rs = token("RS256");
    const ps = token("PS256");
    for (let i = 0; i < 3; i++) {
      for (const key of [pairs.rsa.publicPem, pairs.rsa.publicKey]) {
        await expect(verify(rs, key)).resolves.toMatchObject({ header: { alg: "RS256" } });
        await expect(verify(ps, key)).resolves.toMatchObject({ header: { alg: "PS256" } });
        // Each signature only under its own padding: a PKCS#1 signature labelled PS256 and a PSS one labelled RS256 fail.
        await expectJwtError(verify(relabeled(rs, "PS256"), key), "signature_mismatch");
        await expectJwtError(verify(relabeled(ps, "RS256"), key), "signature_mismatch");
      }
    }
  });

  it("two keys of one type, alternately: each token verifies under its own key only, whichever key was used last", async () => {
    const other = generateKeyPairSync("ed25519");
    const otherPem = other.publicKey.export({ format: "pem", type: "spki" }) as string;
    const mine = token("EdDSA");
    const theirs = relabeled(token("EdDSA"), "EdDSA").split(".").slice(0, 2).join(".");
    const theirsSigned = `${theirs}.${b64url(nodeSign(null, Buffer.from(theirs), other.privateKey))}`;
    for (let i = 0; i < 3; i++) {
      await expect(verify(mine, pairs.ed25519.publicPem)).resolves.toBeDefined();
      await expectJwtError(verify(mine, otherPem), "signature_mismatch");
      await expectJwtError(verify(mine, otherPem), "signature_mismatch");
      await expect(verify(theirsSigned, otherPem)).resolves.toBeDefined();
      await expectJwtError(verify(theirsSigned, pairs.ed25519.publicPem), "signature_mismatch");
      await expect(verify(mine, ` ${pairs.ed25519.publicPem}`)).resolves.toBeDefined(); // the same key in another text
    }
  });

  it("algorithms given for a key once are not remembered for that key, and the default is not narrowed by them", async () => {
    const rs = token("RS256");
    await expect(verify(rs, pairs.rsa.publicPem)).resolves.toBeDefined();
    await expectJwtError(verify(rs, pairs.rsa.publicPem, { algorithms: ["PS256"] }), "unsupported_algorithm");
    await expect(verify(rs, pairs.rsa.publicPem)).resolves.toBeDefined();
    await expect(verify(rs, pairs.rsa.publicPem, { algorithms: ["RS256"] })).resolves.toBeDefined();
    await expectJwtError(verify(token("PS256"), pairs.rsa.publicPem, { algorithms: ["RS256"] }), "unsupported_algorithm");
    // A JWK naming its alg is its own key: RS256 only, however often the bare key was used before.
    await expectJwtError(verify(token("PS256"), { ...pairs.rsa.publicJwk, alg: "RS256" }), "unsupported_algorithm");
    await expect(verify(token("PS256"), pairs.rsa.publicJwk)).resolves.toBeDefined();
  });

  it("a key of one type stays refused for another type's algorithm after many good verifications", async () => {
    for (let i = 0; i < 3; i++) {
      await expect(verify(token("ES256"), pairs.p256.publicPem)).resolves.toBeDefined();
      await expect(verify(token("EdDSA"), pairs.ed25519.publicPem)).resolves.toBeDefined();
      await expectJwtError(verify(token("ES256"), pairs.ed25519.publicPem), "unsupported_algorithm");
      await expectJwtError(verify(token("RS256"), pairs.p256.publicPem), "unsupported_algorithm");
      await expect(verify(token("ES256"), pairs.p256.publicPem, { algorithms: ["HS256"] })).rejects.toBeInstanceOf(TypeError);
    }
  });

  it("claim options of one call are not applied to the next call without options, nor the other way round", async () => {
    const jwt = token("ES256", { iss: "https://a.example", sub: "user_1", aud: "urn:a", iat: NOW - 100, exp: NOW + 60 });
    const key = pairs.p256.publicPem;
    await expect(verify(jwt, key)).resolves.toBeDefined();
    await expectJwtError(verify(jwt, key, { issuer: "https://b.example" }), "claim_mismatch");
    await expect(verify(jwt, key)).resolves.toBeDefined();
    await expectJwtError(verify(jwt, key, { requiredClaims: ["jti"] }), "missing_claim");
    await expectJwtError(verify(jwt, key, { maxAge: 10 }), "too_old");
    await expectJwtError(verify(jwt, key, { audience: "urn:b" }), "claim_mismatch");
    await expect(verify(jwt, key, { clockTolerance: 0 })).resolves.toBeDefined();
    await expect(verify(jwt, key)).resolves.toBeDefined();
    // Without `now`, with no options object at all: the real clock, and the token's own exp.
    await expectJwtError(verifyJwtWith(crypto, token("ES256", { exp: NOW }), key), "expired");
  });

  it("the result's header and payload are the caller's own: changing them changes nothing for the next call", async () => {
    const jwt = token("EdDSA");
    const first = await verify(jwt, pairs.ed25519.publicPem);
    (first.header as Record<string, unknown>).alg = "none";
    (first.payload as Record<string, unknown>).sub = "someone else";
    const second = await verify(jwt, pairs.ed25519.publicPem);
    expect(second.header).toEqual({ alg: "EdDSA", typ: "JWT" });
    expect(second.payload.sub).toBe("user_1");
  });

  it("bad configuration is still reported before the token is read, with a rejected promise", async () => {
    await expect(verifyJwtWith(crypto, "not a token", pairs.rsa.publicPem, 42 as never)).rejects.toBeInstanceOf(TypeError);
    await expect(verifyJwtWith(crypto, "not a token", pairs.rsa.publicPem, { algorithms: [] })).rejects.toBeInstanceOf(RangeError);
    await expect(verifyJwtWith(crypto, "not a token", pairs.rsa.publicPem, { crypto: {} as never })).rejects.toBeInstanceOf(TypeError);
    await expect(verifyJwtWith(crypto, "not a token", pairs.rsa.publicPem)).rejects.toMatchObject({ code: "malformed" });
  });
});

describe("web crypto: imported keys are kept per key and algorithm", () => {
  const web = providers.find(([name]) => name === "web")![1];

  it("concurrent first verifications share one import per algorithm; later ones import nothing", async () => {
    const fresh = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = fresh.publicKey.export({ format: "pem", type: "spki" }) as string;
    const signed = (alg: "RS256" | "PS256") => {
      const input = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify({ sub: "user_1", exp: NOW + 60 }))}`;
      const key = alg === "RS256" ? fresh.privateKey : { key: fresh.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      return `${input}.${b64url(nodeSign("sha256", Buffer.from(input), key))}`;
    };
    const tokens = [signed("RS256"), signed("PS256")];
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    try {
      const all = () => Promise.all(Array.from({ length: 8 }, (_, i) => verifyJwtWith(web, tokens[i % 2]!, pem, { now: NOW, crypto: web })));
      await expect(all()).resolves.toHaveLength(8);
      expect(importKey).toHaveBeenCalledTimes(2);
      await expect(all()).resolves.toHaveLength(8);
      expect(importKey).toHaveBeenCalledTimes(2);
      await expectJwtError(verifyJwtWith(web, relabeled(tokens[0]!, "PS256"), pem, { now: NOW, crypto: web }), "signature_mismatch");
      expect(importKey).toHaveBeenCalledTimes(2);
    } finally {
      importKey.mockRestore();
    }
  });
});
