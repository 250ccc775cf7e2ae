// The JWT webhook schemes hold iat to `tolerance` but the token's own exp/nbf to a small clock
// skew: `tolerance` (300 s) must not stretch a token's lifetime.
import { SignJWT } from "jose";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineScheme, fusionauth, jwtBearer, jwtToken, verify, WebhookVerificationError } from "../../src/index.js";

const secret = "a-shared-secret-of-at-least-32-bytes!!";
const NOW = 1_700_000_000;
const payload = '{"event":"user.create"}';
const bodyHash = createHash("sha256").update(payload).digest("base64");

const token = (claims: { iat: number; exp?: number; nbf?: number }) => {
  const jwt = new SignJWT({ request_body_sha256: bodyHash, ...claims }).setProtectedHeader({ alg: "HS256" });
  return jwt.sign(new TextEncoder().encode(secret));
};

async function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof WebhookVerificationError ? error.code : `thrown ${String(error)}`),
  );
}

describe.each([
  { scheme: jwtBearer, wrap: (jwt: string) => ({ authorization: `Bearer ${jwt}` }) },
  { scheme: fusionauth, wrap: (jwt: string) => ({ "x-fusionauth-signature-jwt": jwt }) },
])("$scheme.name: exp and nbf", ({ scheme, wrap }) => {
  it("refuses a token past its exp even while its iat is within tolerance", async () => {
    const headers = wrap(await token({ iat: NOW - 200, exp: NOW - 170 })); // expiresIn 30, issued 200 s ago
    expect(await outcome(verify(scheme, { secret, payload, headers, now: NOW }))).toBe("timestamp_too_old");
  });

  it("allows a few seconds of clock skew on exp and nbf, and no more", async () => {
    const justExpired = wrap(await token({ iat: NOW - 30, exp: NOW - 3 }));
    expect(await outcome(verify(scheme, { secret, payload, headers: justExpired, now: NOW }))).toBe("accepted");
    const expiredLonger = wrap(await token({ iat: NOW - 30, exp: NOW - 6 }));
    expect(await outcome(verify(scheme, { secret, payload, headers: expiredLonger, now: NOW }))).toBe("timestamp_too_old");
    const notYet = wrap(await token({ iat: NOW, nbf: NOW + 60 }));
    expect(await outcome(verify(scheme, { secret, payload, headers: notYet, now: NOW }))).toBe("timestamp_too_new");
  });

  it("keeps tolerance for iat, both ways", async () => {
    const old = wrap(await token({ iat: NOW - 299, exp: NOW + 60 }));
    expect(await outcome(verify(scheme, { secret, payload, headers: old, now: NOW }))).toBe("accepted");
    const tooOld = wrap(await token({ iat: NOW - 301, exp: NOW + 60 }));
    expect(await outcome(verify(scheme, { secret, payload, headers: tooOld, now: NOW }))).toBe("timestamp_too_old");
    const ahead = wrap(await token({ iat: NOW + 200, exp: NOW + 500 })); // a sender clock ahead, within tolerance
    expect(await outcome(verify(scheme, { secret, payload, headers: ahead, now: NOW }))).toBe("accepted");
  });
});

describe("jwtToken clockSkew", () => {
  it("is configurable, and checked when the rule is made", async () => {
    const lenient = defineScheme({ ...fusionauth, name: "lenientFusionauth", token: jwtToken({ bodyHashClaim: "request_body_sha256", clockSkew: 60 }) });
    const headers = { "x-fusionauth-signature-jwt": await token({ iat: NOW - 100, exp: NOW - 50 }) };
    expect(await outcome(verify(lenient, { secret, payload, headers, now: NOW }))).toBe("accepted");
    expect(await outcome(verify(fusionauth, { secret, payload, headers, now: NOW }))).toBe("timestamp_too_old");
    expect(() => jwtToken({ bodyHashClaim: "h", clockSkew: -1 })).toThrow(RangeError);
    expect(() => jwtToken({ bodyHashClaim: "h", clockSkew: "5" as never })).toThrow(TypeError);
  });
});
