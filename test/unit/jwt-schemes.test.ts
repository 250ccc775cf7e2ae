// The JWT webhook schemes, through sign() and verify() like every other scheme.
import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { fusionauth, jwtBearer, memoryReplayStore, sign, verify, WebhookVerificationError } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { signSync, verifySync } from "../../src/node.js";

const secret = "a-shared-secret-of-at-least-32-bytes!!";
const NOW = 1_700_000_000;
const payload = '{"event":{"type":"user.create"}}';
const bodyHash = (body: string) => createHash("sha256").update(body).digest("base64");

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).code;
}

describe.each([
  { scheme: jwtBearer, header: "authorization" },
  { scheme: fusionauth, header: "x-fusionauth-signature-jwt" },
])("$scheme.name", ({ scheme, header }) => {
  it("round-trips on both adapters and sync, and binds the body", async () => {
    for (const crypto of [nodeCrypto, webCrypto]) {
      const headers = await sign(scheme, { secret, payload, timestamp: NOW, crypto });
      expect(Object.keys(headers)).toEqual([header]);
      const verified = await verify(scheme, { secret, payload, headers, now: NOW + 10, crypto });
      expect(verified).toMatchObject({ scheme: scheme.name, timestamp: NOW, secretIndex: 0, id: expect.stringMatching(/^msg_/) });
      expect(await code(verify(scheme, { secret, payload: payload + " ", headers, now: NOW, crypto }))).toBe("no_matching_signature");
    }
    const headers = signSync(scheme, { secret, payload, timestamp: NOW });
    expect(verifySync(scheme, { secret, payload, headers, now: NOW })).toMatchObject({ secretIndex: 0 });
  });

  it("refuses a wrong secret, a stale or future token, and a missing header", async () => {
    const headers = await sign(scheme, { secret, payload, timestamp: NOW });
    expect(await code(verify(scheme, { secret: secret + "x", payload, headers, now: NOW }))).toBe("no_matching_signature");
    expect(await code(verify(scheme, { secret, payload, headers, now: NOW + 301 }))).toBe("timestamp_too_old");
    expect(await code(verify(scheme, { secret, payload, headers, now: NOW - 301 }))).toBe("timestamp_too_new");
    expect(await code(verify(scheme, { secret, payload, headers: {}, now: NOW }))).toBe("missing_header");
    expect(await code(verify(scheme, { secret: "short", payload, headers, now: NOW }))).toBe("invalid_secret");
  });

  it("the JwtError behind a refusal is kept as the cause, and the message leaks nothing", async () => {
    const headers = await sign(scheme, { secret, payload, timestamp: NOW });
    const error = (await verify(scheme, { secret: secret + "x", payload, headers, now: NOW }).catch((e: unknown) => e)) as Error;
    expect((error.cause as { name: string }).name).toBe("JwtError");
    const token = headers[header]!.replace(/^Bearer /, "");
    expect(String(error)).not.toContain(token.split(".")[2]);
    expect(String(error)).not.toContain(secret);
  });

  it("accepts a token made by jose the way the provider makes it, and refuses one without the body hash or iat", async () => {
    const key = new TextEncoder().encode(secret);
    const wrap = (token: string) => ({ [header]: header === "authorization" ? `Bearer ${token}` : token });
    const good = await new SignJWT({ request_body_sha256: bodyHash(payload) }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(NOW).setExpirationTime(NOW + 60).sign(key);
    await expect(verify(scheme, { secret, payload, headers: wrap(good), now: NOW + 5 })).resolves.toMatchObject({ timestamp: NOW });
    const noHash = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuedAt(NOW).sign(key);
    expect(await code(verify(scheme, { secret, payload, headers: wrap(noHash), now: NOW }))).toBe("malformed_header");
    const noIat = await new SignJWT({ request_body_sha256: bodyHash(payload) }).setProtectedHeader({ alg: "HS256" }).sign(key);
    expect(await code(verify(scheme, { secret, payload, headers: wrap(noIat), now: NOW }))).toBe("malformed_header");
    const hs512 = await new SignJWT({ request_body_sha256: bodyHash(payload) }).setProtectedHeader({ alg: "HS512" }).setIssuedAt(NOW).sign(new Uint8Array(64));
    expect(await code(verify(scheme, { secret, payload, headers: wrap(hs512), now: NOW }))).toBe("malformed_header");
    const unsecured = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ request_body_sha256: bodyHash(payload), iat: NOW })).toString("base64url")}.`;
    expect(await code(verify(scheme, { secret, payload, headers: wrap(unsecured), now: NOW }))).toBe("malformed_header");
  });

  it("replay protection keys on the token's jti", async () => {
    const replay = memoryReplayStore();
    const headers = await sign(scheme, { secret, payload, timestamp: NOW, id: "msg_jwt_1" });
    const first = await verify(scheme, { secret, payload, headers, now: NOW, replay });
    expect(first.id).toBe("msg_jwt_1");
    expect(await code(verify(scheme, { secret, payload, headers, now: NOW, replay }))).toBe("replayed");
    await first.release!();
    await expect(verify(scheme, { secret, payload, headers, now: NOW, replay })).resolves.toBeDefined();
  });
});

describe("a JWT scheme that lists a stronger algorithm than its secret allows", () => {
  it("reports the short secret as invalid_secret, not a bare RangeError", async () => {
    const { defineScheme, jwtToken } = await import("../../src/index.js");
    const hs512 = defineScheme({ ...fusionauth, name: "fusionauthHs512", token: jwtToken({ bodyHashClaim: "request_body_sha256", algorithms: ["HS512"] }) });
    const short = "a-secret-of-forty-bytes-0123456789abcdef"; // long enough for the scheme's 32, not for HS512's 64
    const headers = { "x-fusionauth-signature-jwt": "a.b.c" };
    expect(await code(verify(hs512, { secret: short, payload, headers, now: NOW }))).toBe("invalid_secret");
    await expect(sign(hs512, { secret: short, payload })).rejects.toBeInstanceOf(RangeError);
  });
});
