// Differential tests against jose@6 for every public-key algorithm, both directions, on
// fast-check claim sets: the same token and the same checks give the same outcome and claims.
// Both crypto providers; every key form (PEM, JWK, KeyObject, key set) on the way.
import fc from "fast-check";
import { exportJWK, importJWK, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { jwks } from "../../src/keys/jwks.js";
import { signJwtWith } from "../../src/jwt/sign.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { JwtError } from "../../src/jwt/errors.js";
import { NOW, providers, viaJson } from "./helpers.js";
import { pairFor, PUBLIC_ALGORITHMS } from "./key-pairs.js";

const claimsArb = fc.record({
  custom: fc.dictionary(
    fc.string({ maxLength: 8 }).filter((key) => !["iss", "sub", "aud", "exp", "nbf", "iat", "jti"].includes(key)),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 4 },
  ),
  exp: fc.option(fc.integer({ min: NOW - 3, max: NOW + 600 }), { nil: undefined }),
  iat: fc.integer({ min: NOW - 100, max: NOW }),
  sub: fc.option(fc.constantFrom("user_1", "user_2"), { nil: undefined }),
  kid: fc.option(fc.constantFrom("k1", "2024-01"), { nil: undefined }),
});

const RUNS = 12;

/** The outcome of a verification: the claims, or the refusal's name. */
async function outcome(promise: Promise<{ payload: unknown }>): Promise<unknown> {
  try {
    return { ok: (await promise).payload };
  } catch (error) {
    return { refused: error instanceof JwtError ? error.code : (error as Error).name };
  }
}
const sameVerdict = (a: unknown, b: unknown) => expect(Object.keys(a as object)).toEqual(Object.keys(b as object));

describe.each(providers)("public-key JWTs vs jose@6 (%s crypto)", (_name, crypto) => {
  describe.each(PUBLIC_ALGORITHMS)("%s", (alg) => {
    const pair = pairFor(alg);

    it("tokens signed by jose: hookseal gives jose's verdict and claims (PEM, JWK, KeyObject)", async () => {
      await fc.assert(
        fc.asyncProperty(claimsArb, async ({ custom, exp, iat, sub, kid }) => {
          const claims = { ...custom, iat, ...(exp === undefined ? {} : { exp }), ...(sub === undefined ? {} : { sub }) };
          const token = await new SignJWT(claims).setProtectedHeader({ alg, ...(kid === undefined ? {} : { kid }) }).sign(pair.privateKey);
          const theirs = await outcome(jwtVerify(token, pair.publicKey, { algorithms: [alg], currentDate: new Date(NOW * 1000) }));
          for (const key of [pair.publicPem, pair.publicJwk, pair.publicKey]) {
            const ours = await outcome(verifyJwtWith(crypto, token, key, { now: NOW, crypto }));
            sameVerdict(ours, theirs);
            if ("ok" in (ours as object)) expect((ours as { ok: unknown }).ok).toEqual((theirs as { ok: unknown }).ok);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it("tokens signed by hookseal (PEM, JWK, KeyObject): jose gives hookseal's verdict and claims", async () => {
      const privateForms = [pair.privatePem, pair.privateJwk, pair.privateKey];
      await fc.assert(
        fc.asyncProperty(claimsArb, fc.nat(2), async ({ custom, exp, iat, sub, kid }, form) => {
          const claims = { ...custom, iat, ...(exp === undefined ? {} : { exp }), ...(sub === undefined ? {} : { sub }) };
          const token = await signJwtWith(crypto, claims, privateForms[form]!, { algorithm: alg, now: NOW, crypto, ...(kid === undefined ? {} : { keyId: kid }) });
          const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
          expect(header).toEqual({ alg, typ: "JWT", ...(kid === undefined ? {} : { kid }) });
          const theirs = await outcome(jwtVerify(token, pair.publicKey, { algorithms: [alg], currentDate: new Date(NOW * 1000) }));
          const ours = await outcome(verifyJwtWith(crypto, token, pair.publicJwk, { now: NOW, crypto }));
          sameVerdict(theirs, ours);
          if ("ok" in (theirs as object)) expect((theirs as { ok: unknown }).ok).toEqual(viaJson(claims));
        }),
        { numRuns: RUNS },
      );
    });

    it("through a key set: jose's token is verified by the key its kid names; a key set signer's JWK with alg works too", async () => {
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: "the-key", alg, use: "sig" };
      const decoy = { ...(await exportJWK(pairFor(alg === "EdDSA" ? "ES256" : "EdDSA").publicKey)), kid: "decoy" };
      const fetchSet = (async () => Response.json({ keys: [decoy, jwk] })) as unknown as typeof fetch;
      const keys = jwks("https://issuer.example/jwks.json", { fetch: fetchSet });
      const token = await new SignJWT({ sub: "user_1" }).setProtectedHeader({ alg, kid: "the-key" }).setIssuedAt(NOW).sign(pair.privateKey);
      const verified = await verifyJwtWith(crypto, token, keys, { now: NOW, crypto });
      expect(verified.payload).toEqual({ sub: "user_1", iat: NOW });
      expect(verified.secretIndex).toBe(0); // the first (only) key with that kid
      // jose verifies with the same JWK imported on its own.
      await expect(jwtVerify(token, await importJWK(jwk, alg))).resolves.toBeDefined();
    });
  });
});
