// Properties (fast-check): hostile input only ever yields JwtError; any change to a valid token
// is refused; sign → verify round-trips; both adapters produce the same tokens.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
type JwtAlgorithm = "HS256" | "HS384" | "HS512"; // the HMAC algorithms these suites cover
import { JwtError } from "../../src/jwt/errors.js";
import { signJwtWith } from "../../src/jwt/sign.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { b64url, forge, KEY_256, NOW, providers, viaJson } from "./helpers.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";

const MIN_KEY: Readonly<Record<"HS256" | "HS384" | "HS512", number>> = { HS256: 32, HS384: 48, HS512: 64 };
const ALL: JwtAlgorithm[] = ["HS256", "HS384", "HS512"];

/** "resolved", "JwtError", or the unexpected error itself (which fails the property). */
async function outcome(promise: Promise<unknown>): Promise<"resolved" | "JwtError"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof JwtError) return "JwtError";
    throw error;
  }
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Strings that look like tokens: base64url-ish segments, dots, and a few stray characters. */
const tokenShaped = fc
  .array(fc.string({ unit: fc.constantFrom(...B64URL, "=", "+", "/", " ", "%"), maxLength: 60 }), { minLength: 1, maxLength: 5 })
  .map((segments) => segments.join("."));

/** JSON that is valid base64url-encoded in a segment: objects with hostile header/claim values. */
const hostileJsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, "", "none", "HS256", "HS384", Infinity, -1, NaN, [], {}, ["b64"], true, false),
);
const hostileHeader = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record(
    {
      alg: fc.oneof(fc.constantFrom("HS256", "HS384", "HS512", "none", "hs256", "RS256", ""), hostileJsonValue),
      typ: hostileJsonValue,
      kid: hostileJsonValue,
      crit: hostileJsonValue,
      b64: hostileJsonValue,
    },
    { requiredKeys: [] },
  ),
);
const hostilePayload = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    { iss: hostileJsonValue, sub: hostileJsonValue, aud: hostileJsonValue, exp: hostileJsonValue, nbf: hostileJsonValue, iat: hostileJsonValue, jti: hostileJsonValue },
    { requiredKeys: [] },
  ),
);

describe.each(providers)("JWT properties (%s crypto)", (_name, crypto) => {
  const verifyOptions = { now: NOW, issuer: "i", audience: "a", maxAge: 100, requiredClaims: ["x"], typ: "JWT", clockTolerance: 1 };

  it("verifyJwt on arbitrary strings rejects, and only with JwtError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme", maxLength: 200 }), tokenShaped), async (token) => {
        expect(await outcome(verifyJwtWith(crypto, token, KEY_256, { now: NOW }))).toBe("JwtError");
        expect(await outcome(verifyJwtWith(crypto, token, KEY_256, verifyOptions))).toBe("JwtError");
      }),
      { numRuns: 500 },
    );
  });

  it("correctly signed tokens with hostile headers and payloads never fail with anything but JwtError", async () => {
    await fc.assert(
      fc.asyncProperty(hostileHeader, hostilePayload, fc.boolean(), async (header, payload, strictOptions) => {
        const token = forge(header, payload, KEY_256);
        const result = await outcome(verifyJwtWith(crypto, token, KEY_256, strictOptions ? verifyOptions : { now: NOW }));
        if (result === "resolved") {
          // Only a real HS256 JWT gets through.
          const { header: h, payload: p } = await verifyJwtWith(crypto, token, KEY_256, strictOptions ? verifyOptions : { now: NOW });
          expect(h.alg).toBe("HS256");
          expect(p !== null && typeof p === "object" && !Array.isArray(p)).toBe(true);
          expect("crit" in h).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("any one-character change to a valid token is refused with JwtError", async () => {
    const token = await signJwtWith(crypto, { sub: "user_1", scope: ["read", "write"] }, KEY_256, { now: NOW, expiresIn: 300 });
    await expect(verifyJwtWith(crypto, token, KEY_256, { now: NOW })).resolves.toBeDefined();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...B64URL, ".", "=", "+", "/", " "),
        async (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const mutated = token.slice(0, index) + replacement + token.slice(index + 1);
          expect(await outcome(verifyJwtWith(crypto, mutated, KEY_256, { now: NOW }))).toBe("JwtError");
        },
      ),
      { numRuns: 500 },
    );
    // Deleting or inserting a character too.
    for (let index = 0; index < token.length; index++) {
      expect(await outcome(verifyJwtWith(crypto, token.slice(0, index) + token.slice(index + 1), KEY_256, { now: NOW }))).toBe("JwtError");
      expect(await outcome(verifyJwtWith(crypto, token.slice(0, index) + "A" + token.slice(index), KEY_256, { now: NOW }))).toBe("JwtError");
    }
  });

  it("signJwt → verifyJwt round-trips any claims set, with string or byte secrets and any algorithm", async () => {
    const secretFor = (alg: JwtAlgorithm) =>
      fc.oneof(
        fc.uint8Array({ minLength: MIN_KEY[alg], maxLength: 100 }),
        fc.string({ unit: "grapheme", minLength: MIN_KEY[alg], maxLength: 100 }),
        fc.uint8Array({ minLength: MIN_KEY[alg], maxLength: 100 }).map((bytes) => bytes.slice().buffer as ArrayBuffer),
      );
    const arb = fc.constantFrom(...ALL).chain((alg) =>
      fc.tuple(fc.constant(alg), secretFor(alg), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3, stringUnit: "grapheme" }), { maxKeys: 6 })),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([alg, secret, custom]) => {
        const { iss: _1, sub: _2, aud: _3, exp: _4, nbf: _5, iat: _6, jti: _7, ...claims } = custom;
        const token = await signJwtWith(crypto, claims, secret, { algorithm: alg, now: NOW, expiresIn: 60 });
        const { payload, header } = await verifyJwtWith(crypto, token, secret, { algorithms: [alg], now: NOW });
        expect(header).toEqual({ alg, typ: "JWT" });
        expect(payload).toEqual(viaJson({ ...claims, iat: NOW, exp: NOW + 60 }));
      }),
      { numRuns: 200 },
    );
  });

  it("rotation: the first secret that verifies is reported, whatever the others are", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 32, maxLength: 33 }), { minLength: 1, maxLength: 5 }), fc.nat(), async (secrets, pick) => {
        const signer = secrets[pick % secrets.length]!;
        const token = await signJwtWith(crypto, {}, signer, { now: NOW });
        const { secretIndex } = await verifyJwtWith(crypto, token, secrets, { now: NOW });
        const first = secrets.findIndex((secret) => b64url(secret) === b64url(signer));
        expect(secretIndex).toBe(first);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the two adapters agree", () => {
  it("node and web crypto produce the same token for the same input", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ALL),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        async (alg, custom) => {
          const { iss: _1, sub: _2, aud: _3, exp: _4, nbf: _5, iat: _6, jti: _7, ...claims } = custom;
          const key = new Uint8Array(MIN_KEY[alg]).fill(9);
          const options = { algorithm: alg, now: NOW };
          expect(await signJwtWith(nodeCrypto, claims, key, options)).toBe(await signJwtWith(webCrypto, claims, key, options));
        },
      ),
      { numRuns: 100 },
    );
  });
});
