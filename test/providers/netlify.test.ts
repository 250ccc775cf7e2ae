// netlify: against jsonwebtoken (the library Netlify's own verification example uses: verify with
// issuer "netlify" and HS256, then compare the sha256 claim with the body's hex SHA-256), both
// ways, the claim rules, and the conformance checks.
import { createHash } from "node:crypto";
import jwt from "jsonwebtoken";
import { describe, expect, it } from "vitest";
import { netlify, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "netlify-jws-secret-token-0123456789abcdef";
const OTHER = "netlify-jws-secret-token-other-000000000000";
const BODY = '{"id":"5ebc34bf4fea0b01f02efa3a","site_id":"fa4dd95a-994e-4f89-8a7a-2d9e9fc36a32","state":"ready","branch":"main"}';
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const at = (token: string, options: { secret?: string; payload?: string } = {}) =>
  verify(netlify, { secret: options.secret ?? SECRET, payload: options.payload ?? BODY, headers: { "X-Webhook-Signature": token }, now: NOW });

describePreset({ scheme: netlify, secret: SECRET, otherSecret: OTHER, payload: BODY });

describe("netlify: the documented token", () => {
  it("sign() writes an HS256 JWS with iss netlify and the body's hex SHA-256, and no times: one body, one token", async () => {
    const headers = await sign(netlify, { secret: SECRET, payload: BODY, timestamp: NOW });
    const token = headers["x-webhook-signature"]!;
    expect(jwt.decode(token, { complete: true })).toMatchObject({ header: { alg: "HS256" }, payload: { iss: "netlify", sha256: sha256(BODY) } });
    expect(Object.keys(jwt.decode(token) as object).sort()).toEqual(["iss", "sha256"]);
    expect(await sign(netlify, { secret: SECRET, payload: BODY, timestamp: NOW + 60 })).toEqual(headers);
    await expect(at(token)).resolves.toEqual({ scheme: "netlify", secretIndex: 0 });
  });

  it("jsonwebtoken, as in Netlify's example, accepts what hookseal signs", async () => {
    const token = (await sign(netlify, { secret: SECRET, payload: BODY }))["x-webhook-signature"]!;
    const decoded = jwt.verify(token, SECRET, { issuer: "netlify", algorithms: ["HS256"] }) as { sha256: string };
    expect(decoded.sha256).toBe(sha256(BODY));
    expect(() => jwt.verify(token, OTHER, { issuer: "netlify", algorithms: ["HS256"] })).toThrow();
  });

  it("hookseal accepts tokens jsonwebtoken makes as Netlify does, with or without iat", async () => {
    await expect(at(jwt.sign({ iss: "netlify", sha256: sha256(BODY) }, SECRET, { algorithm: "HS256", noTimestamp: true }))).resolves.toEqual({ scheme: "netlify", secretIndex: 0 });
    await expect(at(jwt.sign({ iss: "netlify", sha256: sha256(BODY), iat: NOW - 3600 }, SECRET, { algorithm: "HS256" }))).resolves.toMatchObject({ secretIndex: 0 });
  });

  it("refuses another issuer, a missing issuer or hash, a base64 hash, a changed body, another algorithm", async () => {
    const token = (claims: object, algorithm: jwt.Algorithm = "HS256") => jwt.sign(claims, SECRET, { algorithm, noTimestamp: true });
    expect(await codeOf(at(token({ iss: "netlify.evil", sha256: sha256(BODY) })))).toBe("no_matching_signature");
    expect(await codeOf(at(token({ sha256: sha256(BODY) })))).toBe("malformed_header");
    expect(await codeOf(at(token({ iss: "netlify" })))).toBe("malformed_header");
    expect(await codeOf(at(token({ iss: "netlify", sha256: createHash("sha256").update(BODY).digest("base64") })))).toBe("no_matching_signature");
    expect(await codeOf(at(token({ iss: "netlify", sha256: sha256(BODY) }), { payload: BODY.replace("main", "evil") }))).toBe("no_matching_signature");
    expect(await codeOf(at(token({ iss: "netlify", sha256: sha256(BODY) }, "HS512")))).toBe("malformed_header");
    expect(await codeOf(at(token({ iss: "netlify", sha256: sha256(BODY) }), { secret: OTHER }))).toBe("no_matching_signature");
  });

  it("an expired exp is still refused, though Netlify sends none", async () => {
    const expired = jwt.sign({ iss: "netlify", sha256: sha256(BODY), exp: NOW - 60 }, SECRET, { algorithm: "HS256", noTimestamp: true });
    expect(await codeOf(at(expired))).toBe("timestamp_too_old");
  });

  it("a JWS secret shorter than 32 bytes is refused (RFC 7518 §3.2): invalid_secret when verifying, RangeError when signing", async () => {
    expect(await codeOf(at(jwt.sign({ iss: "netlify", sha256: sha256(BODY) }, "short", { algorithm: "HS256" }), { secret: "short" }))).toBe("invalid_secret");
    await expect(sign(netlify, { secret: "short", payload: BODY })).rejects.toThrow(RangeError);
  });
});
