// The attack catalog: one hand-built token per attack, each refused with its JwtError code.
// Tokens are forged with node:crypto (test/jwt/helpers.ts), not with hookseal.
import { describe, expect, it, vi } from "vitest";
import type { CryptoProvider } from "../../src/crypto/types.js";
import { signJwtWith } from "../../src/jwt/sign.js";
import { verifyJwtWith, type VerifyJwtOptions } from "../../src/jwt/verify.js";
import { b64url, expectJwtError, forge, fromB64url, KEY_256, KEY_384, macOf, NOW, providers } from "./helpers.js";

const HEADER = { alg: "HS256", typ: "JWT" };
const CLAIMS = { iss: "https://issuer.example", sub: "user_1", aud: "urn:receiver", iat: NOW - 10, exp: NOW + 300, jti: "j1" };
const OTHER_KEY = new Uint8Array(32).fill(7);

const [head, body, sig] = forge(HEADER, CLAIMS, KEY_256).split(".") as [string, string, string];
const GOOD = `${head}.${body}.${sig}`;

describe.each(providers)("attack catalog (%s crypto)", (_name, crypto) => {
  const verify = (token: string, options: VerifyJwtOptions = {}, secret: Uint8Array | string = KEY_256) =>
    verifyJwtWith(crypto, token, secret, { now: NOW, ...options });

  it("the untampered token verifies (control)", async () => {
    const { payload } = await verify(GOOD, { issuer: CLAIMS.iss, audience: CLAIMS.aud, subject: CLAIMS.sub, maxAge: 60 });
    expect(payload).toEqual(CLAIMS);
  });

  describe("algorithm", () => {
    it('alg "none" with an empty signature → unsupported_algorithm', async () => {
      const token = `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${body}.`;
      const error = await expectJwtError(verify(token), "unsupported_algorithm");
      expect(error.claim).toBe("alg");
    });

    it('alg "none" carrying a valid HS256 MAC → unsupported_algorithm', async () => {
      const signingInput = `${b64url(JSON.stringify({ alg: "none" }))}.${body}`;
      await expectJwtError(verify(`${signingInput}.${macOf(signingInput, KEY_256)}`), "unsupported_algorithm");
    });

    it('alg "NONE" / "None" (case variants) → unsupported_algorithm', async () => {
      for (const alg of ["NONE", "None"]) {
        await expectJwtError(verify(`${b64url(JSON.stringify({ alg }))}.${body}.`), "unsupported_algorithm");
      }
    });

    it("a public-key algorithm (RS256, ES256, PS256, EdDSA) with a shared secret → unsupported_algorithm", async () => {
      for (const alg of ["RS256", "ES256", "PS256", "EdDSA"]) {
        await expectJwtError(verify(forge({ alg }, CLAIMS, KEY_256)), "unsupported_algorithm");
      }
    });

    it('alg "hs256" (names are case-sensitive) → unsupported_algorithm', async () => {
      await expectJwtError(verify(forge({ alg: "hs256" }, CLAIMS, KEY_256)), "unsupported_algorithm");
    });

    it("an HS384 token, correctly signed, when only HS256 is allowed → unsupported_algorithm", async () => {
      const token = forge({ alg: "HS384", typ: "JWT" }, CLAIMS, KEY_384, "HS384");
      await expectJwtError(verify(token, {}, KEY_384), "unsupported_algorithm");
      // …and it does verify once HS384 is allowed, so it is the allow-list that refused it.
      await expect(verify(token, { algorithms: ["HS384"] }, KEY_384)).resolves.toBeDefined();
    });

    it("an HS256 token when only HS512 is allowed → unsupported_algorithm", async () => {
      await expectJwtError(verify(GOOD, { algorithms: ["HS512"] }, new Uint8Array(64)), "unsupported_algorithm");
    });

    it("a header without alg, or with a non-string alg → malformed", async () => {
      await expectJwtError(verify(forge({ typ: "JWT" }, CLAIMS, KEY_256)), "malformed");
      await expectJwtError(verify(forge({ alg: ["HS256"] }, CLAIMS, KEY_256)), "malformed");
    });

    it("no HMAC is computed for a refused algorithm", async () => {
      const spy: CryptoProvider = { ...crypto, hmac: vi.fn(crypto.hmac) };
      await expectJwtError(verifyJwtWith(spy, forge({ alg: "HS512" }, CLAIMS, KEY_256, "HS512"), KEY_256, { now: NOW, crypto: spy }), "unsupported_algorithm");
      expect(spy.hmac).not.toHaveBeenCalled();
    });
  });

  describe("signature", () => {
    it("signed with another key → signature_mismatch", async () => {
      await expectJwtError(verify(forge(HEADER, CLAIMS, OTHER_KEY)), "signature_mismatch");
    });

    it("tampered header (kid added, signature kept) → signature_mismatch", async () => {
      await expectJwtError(verify(`${b64url(JSON.stringify({ ...HEADER, kid: "k2" }))}.${body}.${sig}`), "signature_mismatch");
    });

    it("tampered payload (sub → admin, signature kept) → signature_mismatch", async () => {
      const tampered = b64url(JSON.stringify({ ...CLAIMS, sub: "admin" }));
      await expectJwtError(verify(`${head}.${tampered}.${sig}`), "signature_mismatch");
    });

    it("truncated signature (31 of 32 bytes) → signature_mismatch", async () => {
      const truncated = b64url(fromB64url(sig).subarray(0, 31));
      await expectJwtError(verify(`${head}.${body}.${truncated}`), "signature_mismatch");
    });

    it("empty signature, and a signature with an extra byte → signature_mismatch", async () => {
      await expectJwtError(verify(`${head}.${body}.`), "signature_mismatch");
      const longer = b64url(new Uint8Array([...fromB64url(sig), 0]));
      await expectJwtError(verify(`${head}.${body}.${longer}`), "signature_mismatch");
    });

    it("an HS512-length signature under alg HS256 → signature_mismatch", async () => {
      await expectJwtError(verify(`${head}.${body}.${macOf(`${head}.${body}`, KEY_256, "HS512")}`), "signature_mismatch");
    });

    it("claims are not checked for an unauthentic token: a forged expired token is signature_mismatch, not expired", async () => {
      await expectJwtError(verify(forge(HEADER, { ...CLAIMS, exp: NOW - 1 }, OTHER_KEY)), "signature_mismatch");
    });

    it("a non-object payload under a bad MAC is signature_mismatch (payload JSON is parsed only after the MAC)", async () => {
      await expectJwtError(verify(forge(HEADER, "[1,2]", OTHER_KEY)), "signature_mismatch");
    });
  });

  describe("time", () => {
    it("expired (exp one second ago) → expired", async () => {
      const error = await expectJwtError(verify(forge(HEADER, { ...CLAIMS, exp: NOW - 1 }, KEY_256)), "expired");
      expect(error.claim).toBe("exp");
    });

    it("exp == now is expired (RFC 7519 §4.1.4)", async () => {
      await expectJwtError(verify(forge(HEADER, { ...CLAIMS, exp: NOW }, KEY_256)), "expired");
    });

    it("not yet valid (nbf 60 s ahead) → not_yet_valid", async () => {
      const error = await expectJwtError(verify(forge(HEADER, { ...CLAIMS, nbf: NOW + 60 }, KEY_256)), "not_yet_valid");
      expect(error.claim).toBe("nbf");
    });

    it("iat in the future beyond the tolerance → not_yet_valid", async () => {
      const token = forge(HEADER, { ...CLAIMS, iat: NOW + 30 }, KEY_256);
      const error = await expectJwtError(verify(token, { clockTolerance: 29 }), "not_yet_valid");
      expect(error.claim).toBe("iat");
      await expect(verify(token, { clockTolerance: 30 })).resolves.toBeDefined();
    });

    it("maxAge exceeded → too_old", async () => {
      const token = forge(HEADER, { ...CLAIMS, iat: NOW - 61 }, KEY_256);
      await expectJwtError(verify(token, { maxAge: 60 }), "too_old");
      await expect(verify(token, { maxAge: 61 })).resolves.toBeDefined();
    });

    it("maxAge with no iat → missing_claim", async () => {
      const { iat: _iat, ...withoutIat } = CLAIMS;
      const error = await expectJwtError(verify(forge(HEADER, withoutIat, KEY_256), { maxAge: 60 }), "missing_claim");
      expect(error.claim).toBe("iat");
    });

    it("non-numeric exp (a numeric string) → malformed", async () => {
      const error = await expectJwtError(verify(forge(HEADER, { ...CLAIMS, exp: String(NOW + 300) }, KEY_256)), "malformed");
      expect(error.claim).toBe("exp");
    });

    it("non-numeric nbf / iat, and exp overflowing to Infinity (1e999) → malformed", async () => {
      await expectJwtError(verify(forge(HEADER, { ...CLAIMS, nbf: null }, KEY_256)), "malformed");
      await expectJwtError(verify(forge(HEADER, { ...CLAIMS, iat: true }, KEY_256)), "malformed");
      const infinite = JSON.stringify(CLAIMS).replace(`"exp":${NOW + 300}`, '"exp":1e999');
      await expectJwtError(verify(forge(HEADER, infinite, KEY_256)), "malformed");
    });
  });

  describe("claims", () => {
    it("issuer mismatch → claim_mismatch", async () => {
      const error = await expectJwtError(verify(GOOD, { issuer: "https://evil.example" }), "claim_mismatch");
      expect(error.claim).toBe("iss");
    });

    it("audience mismatch (string and array on either side) → claim_mismatch", async () => {
      await expectJwtError(verify(GOOD, { audience: "urn:someone-else" }), "claim_mismatch");
      await expectJwtError(verify(GOOD, { audience: ["urn:x", "urn:y"] }), "claim_mismatch");
      const arrayAud = forge(HEADER, { ...CLAIMS, aud: ["urn:a", "urn:b"] }, KEY_256);
      await expectJwtError(verify(arrayAud, { audience: "urn:c" }), "claim_mismatch");
      await expect(verify(arrayAud, { audience: ["urn:c", "urn:b"] })).resolves.toBeDefined();
    });

    it("subject mismatch → claim_mismatch", async () => {
      await expectJwtError(verify(GOOD, { subject: "user_2" }), "claim_mismatch");
    });

    it("missing required claim → missing_claim", async () => {
      const error = await expectJwtError(verify(GOOD, { requiredClaims: ["jti", "scope"] }), "missing_claim");
      expect(error.claim).toBe("scope");
    });

    it("a required claim is an own property: inherited names such as toString do not count", async () => {
      await expectJwtError(verify(GOOD, { requiredClaims: ["toString"] }), "missing_claim");
    });

    it("issuer/audience/subject asked for but absent → missing_claim", async () => {
      const bare = forge(HEADER, { exp: NOW + 60 }, KEY_256);
      for (const options of [{ issuer: "i" }, { audience: "a" }, { subject: "s" }]) {
        await expectJwtError(verify(bare, options), "missing_claim");
      }
    });

    it("typ mismatch, or typ absent when asked for → claim_mismatch", async () => {
      await expectJwtError(verify(forge({ alg: "HS256", typ: "at+jwt" }, CLAIMS, KEY_256), { typ: "JWT" }), "claim_mismatch");
      await expectJwtError(verify(forge({ alg: "HS256" }, CLAIMS, KEY_256), { typ: "JWT" }), "claim_mismatch");
    });

    it("registered claims of the wrong type → malformed", async () => {
      for (const wrong of [{ iss: 1 }, { sub: {} }, { aud: 5 }, { aud: ["ok", 2] }, { jti: false }]) {
        await expectJwtError(verify(forge(HEADER, { ...CLAIMS, ...wrong }, KEY_256)), "malformed");
      }
    });
  });

  describe("header parameters", () => {
    it("crit (even listing a parameter that is present) → malformed", async () => {
      const error = await expectJwtError(verify(forge({ ...HEADER, crit: ["exp"], exp: 1 }, CLAIMS, KEY_256)), "malformed");
      expect(error.claim).toBe("crit");
      await expectJwtError(verify(forge({ ...HEADER, crit: [] }, CLAIMS, KEY_256)), "malformed");
    });

    it("b64: false (RFC 7797, payload encoded so the parse gets that far) → malformed", async () => {
      const error = await expectJwtError(verify(forge({ ...HEADER, b64: false, crit: ["b64"] }, CLAIMS, KEY_256)), "malformed");
      expect(["crit", "b64"]).toContain(error.claim);
      const bare = await expectJwtError(verify(forge({ ...HEADER, b64: false }, CLAIMS, KEY_256)), "malformed");
      expect(bare.claim).toBe("b64");
    });

    it("typ or kid of the wrong type → malformed", async () => {
      await expectJwtError(verify(forge({ alg: "HS256", typ: 1 }, CLAIMS, KEY_256)), "malformed");
      await expectJwtError(verify(forge({ alg: "HS256", kid: null }, CLAIMS, KEY_256)), "malformed");
    });

    it("header JSON that is not an object (array, null, string, number) → malformed", async () => {
      for (const header of ['["HS256"]', "null", '"HS256"', "256"]) {
        await expectJwtError(verify(forge(header, CLAIMS, KEY_256)), "malformed");
      }
    });

    it("header that is not JSON, or not UTF-8, or has a BOM → malformed", async () => {
      await expectJwtError(verify(forge("alg=HS256", CLAIMS, KEY_256)), "malformed");
      const latin1 = `${Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]).toString("base64url")}.${body}`;
      await expectJwtError(verify(`${latin1}.${macOf(latin1, KEY_256)}`), "malformed");
      await expectJwtError(verify(forge("\ufeff" + JSON.stringify(HEADER), CLAIMS, KEY_256)), "malformed");
    });

    it("payload that is not an object (signed correctly) → malformed", async () => {
      for (const payload of ["[1]", "null", '"claims"', "42", "not json", ""]) {
        await expectJwtError(verify(forge(HEADER, payload, KEY_256)), "malformed");
      }
    });
  });

  describe("serialization", () => {
    it("2 segments → malformed", async () => {
      await expectJwtError(verify(`${head}.${body}`), "malformed");
    });

    it("4 segments → malformed", async () => {
      await expectJwtError(verify(`${GOOD}.${sig}`), "malformed");
      await expectJwtError(verify(`${GOOD}.`), "malformed");
    });

    it("1 segment, empty string, only dots → malformed", async () => {
      for (const token of ["", head, "..", "...", "."]) await expectJwtError(verify(token), "malformed");
    });

    it("= padding on any segment → malformed", async () => {
      // Pick segments whose length is not a multiple of 4, so padding would be meaningful.
      const padded = (segment: string) => segment + "=".repeat((4 - (segment.length % 4)) % 4 || 1);
      await expectJwtError(verify(`${head}.${body}.${padded(sig)}`), "malformed");
      await expectJwtError(verify(`${padded(head)}.${body}.${sig}`), "malformed");
      await expectJwtError(verify(`${head}.${padded(body)}.${sig}`), "malformed");
    });

    it("non-base64url characters (+ / * space, newline) → malformed", async () => {
      const std = Buffer.from(fromB64url(sig)).toString("base64").replace(/=+$/, "");
      if (std !== sig) await expectJwtError(verify(`${head}.${body}.${std}`), "malformed");
      for (const bad of ["+", "/", "*", " ", "\n", "é"]) {
        await expectJwtError(verify(`${head}.${body}.${sig.slice(0, 10)}${bad}${sig.slice(11)}`), "malformed");
      }
      await expectJwtError(verify(` ${GOOD}`), "malformed");
      await expectJwtError(verify(`${GOOD}\n`), "malformed");
    });

    it("a non-canonical base64url signature (same bytes, non-zero trailing bits) → malformed", async () => {
      // 32 bytes = 43 characters; the last one carries 2 unused bits. Flipping them keeps the bytes.
      const last = sig.charCodeAt(sig.length - 1);
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const twin = alphabet[alphabet.indexOf(String.fromCharCode(last)) ^ 1]!;
      const variant = sig.slice(0, -1) + twin;
      expect(fromB64url(variant)).toEqual(fromB64url(sig)); // Buffer would accept it as the same MAC
      await expectJwtError(verify(`${head}.${body}.${variant}`), "malformed");
    });

    it("a segment whose length is 1 mod 4 → malformed", async () => {
      await expectJwtError(verify(`${head}.${body}.${sig}AB`), "malformed");
    });

    it("oversized token → malformed, before anything is decoded", async () => {
      const spy: CryptoProvider = { ...crypto, hmac: vi.fn(crypto.hmac) };
      const huge = forge(HEADER, { ...CLAIMS, blob: "x".repeat(9000) }, KEY_256);
      const error = await expectJwtError(verifyJwtWith(spy, huge, KEY_256, { now: NOW }), "malformed");
      expect(error.message).toMatch(/longer than 8192/);
      expect(spy.hmac).not.toHaveBeenCalled();
      // Rejected on length alone: not even a valid shape is needed.
      await expectJwtError(verify("!".repeat(8193)), "malformed");
      // The limit is configurable both ways.
      await expect(verify(huge, { maxTokenLength: 20_000 })).resolves.toBeDefined();
      await expectJwtError(verify(GOOD, { maxTokenLength: GOOD.length - 1 }), "malformed");
      await expect(verify(GOOD, { maxTokenLength: GOOD.length })).resolves.toBeDefined();
    });
  });

  it("a token hookseal signed passes the same checks (sanity for the catalog)", async () => {
    const token = await signJwtWith(crypto, { scope: "read" }, KEY_256, { now: NOW, expiresIn: 60, issuer: "i", audience: "a" });
    await expect(verify(token, { issuer: "i", audience: "a", requiredClaims: ["scope"] })).resolves.toBeDefined();
  });
});
