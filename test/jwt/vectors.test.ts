// Known-answer tests: RFC 7515 A.1 / RFC 7519 §3.1 and the generated HS256 set (cross-checked
// with jose by the vector authors), on both crypto adapters.
import { describe, expect, it } from "vitest";
import { JwtError, type JwtErrorCode } from "../../src/jwt/errors.js";
import { signJwtWith } from "../../src/jwt/sign.js";
import { verifyJwtWith, type VerifyJwtOptions } from "../../src/jwt/verify.js";
import { expectJwtError, forge, fromB64url, hexBytes, loadVectorFile, macOf, providers } from "./helpers.js";

interface JwtVector {
  id: string;
  description: string;
  key_hex: string;
  key_utf8?: string;
  token: string;
  check: "jwt" | "signature_only";
  now?: number;
  verify_options: { algorithms: ["HS256"]; issuer?: string; audience?: string; clock_tolerance_seconds?: number };
  valid: boolean;
  failure_reason?: string;
  optional_behavior?: boolean;
  expected_claims?: Record<string, unknown>;
}

interface VectorFile {
  now?: number;
  vectors: JwtVector[];
}

const files = ["rfc7515_rfc7519_jwt_hs256.json", "jwt_hs256_generated.json"].map((file) => ({
  file,
  data: loadVectorFile<VectorFile>(file),
}));
const all = files.flatMap(({ data }) => data.vectors);

// failure_reason is a coarse category; these are the exact codes hookseal gives for each.
const CODE_FOR: Readonly<Record<string, JwtErrorCode>> = {
  signature_mismatch: "signature_mismatch",
  expired: "expired",
  not_yet_valid: "not_yet_valid",
  audience_mismatch: "claim_mismatch",
  issuer_mismatch: "claim_mismatch",
  alg_not_allowed: "unsupported_algorithm",
  unsupported_crit: "malformed", // crit, and b64:false (whose raw JSON payload is not base64url either)
  malformed_token: "malformed",
};

/** The verifier's key: the text when the vector gives one (string path), else the raw bytes. */
const keyOf = (vector: JwtVector) => vector.key_utf8 ?? hexBytes(vector.key_hex);

function optionsOf(vector: JwtVector): VerifyJwtOptions {
  const { algorithms, issuer, audience, clock_tolerance_seconds } = vector.verify_options;
  const options: VerifyJwtOptions = { algorithms, clockTolerance: clock_tolerance_seconds ?? 0 };
  if (issuer !== undefined) options.issuer = issuer;
  if (audience !== undefined) options.audience = audience;
  if (vector.now !== undefined) options.now = vector.now;
  return options;
}

describe("JWT vector files", () => {
  it("load, and every key satisfies RFC 7518 §3.2 for HS256 (>= 32 bytes)", () => {
    expect(files.map(({ data }) => data.vectors.length)).toEqual([4, 31]);
    // No vector needs a RangeError branch: the RFC 7515 A.1 key is 64 bytes, generated keys 32+.
    for (const vector of all) expect(hexBytes(vector.key_hex).length, vector.id).toBeGreaterThanOrEqual(32);
    expect(hexBytes(all[0]!.key_hex).length).toBe(64);
    for (const vector of all) {
      if (vector.key_utf8 !== undefined) expect(Buffer.from(vector.key_utf8, "utf8").toString("hex")).toBe(vector.key_hex);
    }
  });
});

describe.each(providers)("JWT vectors (%s crypto)", (_name, crypto) => {
  for (const vector of all.filter((v) => v.valid && v.check === "jwt")) {
    it(`${vector.id}: verifies, with the expected claims`, async () => {
      const { payload, header } = await verifyJwtWith(crypto, vector.token, keyOf(vector), optionsOf(vector));
      expect(payload).toEqual(vector.expected_claims);
      expect(header.alg).toBe("HS256");
      // Bytes and text keys are the same key.
      await expect(verifyJwtWith(crypto, vector.token, hexBytes(vector.key_hex), optionsOf(vector))).resolves.toBeDefined();
    });
  }

  for (const vector of all.filter((v) => v.valid && v.check === "signature_only")) {
    // hookseal has no "MAC only" mode: verifyJwt always checks claims after the MAC. The RFC
    // token's exp (2011-03-22) has passed, so at the real clock verifyJwt must reject with
    // "expired": a claim error is only reported once the MAC has verified. The MAC itself is
    // also recomputed with the adapter.
    it(`${vector.id}: the MAC verifies (signature-only vector)`, async () => {
      const key = hexBytes(vector.key_hex);
      const error = await expectJwtError(verifyJwtWith(crypto, vector.token, key, optionsOf(vector)), "expired");
      expect(error.claim).toBe("exp");
      const signingInput = vector.token.slice(0, vector.token.lastIndexOf("."));
      const mac = await crypto.hmac("SHA-256", key, [new TextEncoder().encode(signingInput)]);
      expect(mac).toEqual(fromB64url(vector.token.slice(vector.token.lastIndexOf(".") + 1)));
      // And with the clock before exp the claims come back exactly.
      const { payload } = await verifyJwtWith(crypto, vector.token, key, { now: vector.expected_claims!.exp as number - 1 });
      expect(payload).toEqual(vector.expected_claims);
    });
  }

  for (const vector of all.filter((v) => !v.valid)) {
    const code = CODE_FOR[vector.failure_reason!]!;
    const strict = vector.optional_behavior === true ? " (optional_behavior: strict outcome)" : "";
    it(`${vector.id}: fails with "${code}"${strict}`, async () => {
      expect(code, `unmapped failure_reason ${vector.failure_reason}`).toBeDefined();
      await expectJwtError(verifyJwtWith(crypto, vector.token, keyOf(vector), optionsOf(vector)), code);
    });
  }

  // Signing the expected claims with the same header reproduces the generated tokens byte for
  // byte (jose made them; both serialize with JSON.stringify in claim order).
  for (const vector of all.filter((v) => v.valid && v.id.startsWith("jwt-gen-"))) {
    it(`${vector.id}: signJwt reproduces the token`, async () => {
      const headerSegment = vector.token.slice(0, vector.token.indexOf("."));
      const { alg: _alg, ...header } = JSON.parse(Buffer.from(headerSegment, "base64url").toString("utf8")) as Record<string, unknown>;
      if (!("typ" in header)) header.typ = undefined; // signJwt adds typ "JWT" unless told not to
      const token = await signJwtWith(crypto, vector.expected_claims!, keyOf(vector), { header, now: vector.now! });
      expect(token).toBe(vector.token);
    });
  }
});

describe("the vectors' independent forger agrees with the files", () => {
  it("re-forging a valid generated token gives the same string", () => {
    const vector = all.find((v) => v.id === "jwt-gen-valid-basic-a")!;
    const forged = forge({ alg: "HS256", typ: "JWT" }, vector.expected_claims, hexBytes(vector.key_hex));
    expect(forged).toBe(vector.token);
    expect(macOf(vector.token.slice(0, vector.token.lastIndexOf(".")), hexBytes(vector.key_hex))).toBe(vector.token.split(".")[2]);
    expect(new JwtError("malformed", "x").name).toBe("JwtError");
  });
});
