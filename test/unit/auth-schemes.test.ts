// Authorization auth schemes are case-insensitive (RFC 9110 §11.1) and compared in ASCII only.
import { describe, expect, it } from "vitest";
import { jwtBearer, sign, staticToken, verify, WebhookVerificationError } from "../../src/index.js";

const secret = "a-shared-secret-of-at-least-32-bytes!!";
const payload = "{}";

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof WebhookVerificationError ? error.code : `thrown ${String(error)}`),
  );

describe("auth schemes in Authorization", () => {
  it("jwtBearer accepts bearer in any case, with one or more spaces", async () => {
    const { authorization } = await sign(jwtBearer, { secret, payload });
    const jwt = authorization!.slice("Bearer ".length);
    for (const value of [`bearer ${jwt}`, `BEARER ${jwt}`, `bEaReR   ${jwt}`]) {
      expect(await codeOf(verify(jwtBearer, { secret, payload, headers: { authorization: value } }))).toBe("accepted");
    }
    for (const value of [`Bearer${jwt}`, `Basic ${jwt}`, `Bearer\t${jwt}`, jwt]) {
      expect(await codeOf(verify(jwtBearer, { secret, payload, headers: { authorization: value } }))).toBe("malformed_header");
    }
  });

  it("Basic and a configured prefix match ASCII case only: a Kelvin sign is not a k", async () => {
    const basic = staticToken({ basicAuth: true });
    const credentials = Buffer.from("hooks:" + "p".repeat(20)).toString("base64");
    for (const value of [`basic ${credentials}`, `BASIC  ${credentials}`]) {
      expect(await codeOf(verify(basic, { secret: "hooks:" + "p".repeat(20), payload, headers: { authorization: value } }))).toBe("accepted");
    }
    const token = "t".repeat(32);
    const keyed = staticToken({ header: "x-token", prefix: "Key " });
    expect(await codeOf(verify(keyed, { secret: token, payload, headers: { "x-token": `KEY ${token}` } }))).toBe("accepted");
    expect(await codeOf(verify(keyed, { secret: token, payload, headers: { "x-token": `\u212Aey ${token}` } }))).toBe("malformed_header");
  });
});
