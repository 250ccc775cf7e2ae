// Which claim a token missing several is refused for: jose's order (iss, sub, aud, iat, then
// requiredClaims from the last), so both name the same missing claim.
import { errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyOptions } from "jose";
import { describe, expect, it } from "vitest";
import { JwtError, verifyJwt, type VerifyJwtOptions } from "../../src/jwt.js";

const key = new TextEncoder().encode("k".repeat(32));
const NOW = 1_700_000_000;

async function missingClaims(claims: Record<string, unknown>, options: VerifyJwtOptions) {
  const token = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(key);
  const ours = await verifyJwt(token, key, { ...options, now: NOW }).then(
    () => undefined,
    (error: unknown) => (error instanceof JwtError && error.code === "missing_claim" ? error.claim : String(error)),
  );
  const { maxAge, issuer, audience, subject, requiredClaims } = options;
  const joseOptions: JWTVerifyOptions = { currentDate: new Date(NOW * 1000) };
  if (issuer !== undefined) joseOptions.issuer = issuer as string;
  if (audience !== undefined) joseOptions.audience = audience as string;
  if (subject !== undefined) joseOptions.subject = subject;
  if (requiredClaims !== undefined) joseOptions.requiredClaims = [...requiredClaims];
  if (maxAge !== undefined) joseOptions.maxTokenAge = maxAge;
  const theirs = await jwtVerify(token, key, joseOptions).then(
    () => undefined,
    (error: unknown) => (error instanceof joseErrors.JWTClaimValidationFailed && error.reason === "missing" ? error.claim : String(error)),
  );
  return { ours, theirs };
}

describe("verifyJwt: the missing claim named", () => {
  it("names iss first when requiredClaims and issuer, audience, maxAge, subject are all asked for", async () => {
    const all: VerifyJwtOptions = { requiredClaims: ["nbf"], issuer: "i", audience: "a", maxAge: 60, subject: "s" };
    expect(await missingClaims({ x: 1 }, all)).toEqual({ ours: "iss", theirs: "iss" });
    expect(await missingClaims({ iss: "i" }, all)).toEqual({ ours: "sub", theirs: "sub" });
    expect(await missingClaims({ iss: "i", sub: "s" }, all)).toEqual({ ours: "aud", theirs: "aud" });
    expect(await missingClaims({ iss: "i", sub: "s", aud: "a" }, all)).toEqual({ ours: "iat", theirs: "iat" });
    expect(await missingClaims({ iss: "i", sub: "s", aud: "a", iat: NOW }, all)).toEqual({ ours: "nbf", theirs: "nbf" });
  });

  it("checks requiredClaims from the last to the first, as jose does", async () => {
    expect(await missingClaims({}, { requiredClaims: ["jti", "scope", "nbf"] })).toEqual({ ours: "nbf", theirs: "nbf" });
    expect(await missingClaims({ nbf: NOW }, { requiredClaims: ["jti", "scope", "nbf"] })).toEqual({ ours: "scope", theirs: "scope" });
  });
});
