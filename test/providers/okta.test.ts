// okta: the shared authorization token (compared like staticToken's), the conformance checks
// for token schemes, and the one-time verification request: answered only with the right
// authorization header, through the three helpers.
import { describe, expect, it } from "vitest";
import { okta, sign, verify } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";
import { expectAnswer, expectDelivery, expectRefused, expectUndelivered, handshakeVectors } from "./handshake.js";

const SECRET = "okta-hook-secret-3f9a8b7c6d5e4f30";
const BODY = '{"eventType":"com.okta.event_hook","data":{"events":[{"uuid":"ce5bd2a7","eventType":"user.session.start"}]}}';
const CHALLENGE = "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg";

describePreset({ scheme: okta(), secret: SECRET, otherSecret: "another-okta-hook-secret-value", payload: BODY, token: true });

describe("okta: the authorization header", () => {
  it("is the secret itself, compared in constant time; a custom header name works too", async () => {
    expect(await sign(okta(), { secret: SECRET, payload: BODY })).toEqual({ authorization: SECRET });
    await expect(verify(okta(), { secret: SECRET, payload: BODY, headers: { Authorization: SECRET } })).resolves.toEqual({ scheme: "okta", secretIndex: 0 });
    expect(await codeOf(verify(okta(), { secret: SECRET, payload: BODY, headers: { Authorization: SECRET + "x" } }))).toBe("no_matching_signature");
    const custom = okta({ header: "X-Okta-Secret" });
    await expect(verify(custom, { secret: SECRET, payload: BODY, headers: { "x-okta-secret": SECRET } })).resolves.toBeDefined();
    expect(await codeOf(verify(custom, { secret: SECRET, payload: BODY, headers: { authorization: SECRET } }))).toBe("missing_header");
  });

  it("refuses a secret shorter than 16 bytes unless told otherwise; checks its options", async () => {
    expect(await codeOf(verify(okta(), { secret: "short", payload: BODY, headers: { authorization: "short" } }))).toBe("invalid_secret");
    await expect(verify(okta({ minSecretBytes: 5 }), { secret: "short", payload: BODY, headers: { authorization: "short" } })).resolves.toBeDefined();
    expect(() => okta(null as never)).toThrow(TypeError);
    expect(() => okta({ header: 42 as never })).toThrow(TypeError);
  });
});

describe("okta: the one-time verification request", () => {
  const options = { secret: SECRET };
  const check = (authorization: string | undefined, challenge = CHALLENGE, extra: Record<string, string> = {}) => ({
    method: "GET",
    headers: { "x-okta-verification-challenge": challenge, ...(authorization === undefined ? {} : { authorization }), ...extra },
  });

  it.each(handshakeVectors("okta"))("answers the documented request byte for byte ($source)", async (vector) => {
    const { secret, options: factory, request, expected } = vector as unknown as {
      secret: string; options: { minSecretBytes: number }; request: { headers: Record<string, string> }; expected: { status: number; headers: Record<string, string>; body: string };
    };
    await expectAnswer(okta(factory), { method: "GET", headers: request.headers }, { secret }, expected);
  });

  it("answers only with the right authorization header: wrong or missing is a 401, never an echo", async () => {
    await expectAnswer(okta(), check(SECRET), options, { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ verification: CHALLENGE }) });
    await expectRefused(okta(), check("wrong-secret-wrong-secret"), options, "no_matching_signature", 401);
    await expectRefused(okta(), check(undefined), options, "missing_header", 401);
    await expectRefused(okta(), check(SECRET), { secret: "another-okta-hook-secret-value" }, "no_matching_signature", 401);
  });

  it("refuses a challenge not shaped as Okta's, even when authorized", async () => {
    for (const challenge of ["a b", '"},"x":"', "<script>", "x".repeat(257)]) await expectRefused(okta(), check(SECRET, challenge), options);
  });

  it("event deliveries are POSTs for the handler; handshakeResponse without a secret is a RangeError for the check", async () => {
    await expectDelivery(okta(), { headers: { authorization: SECRET }, body: BODY }, options);
    await expectUndelivered(okta(), { headers: { authorization: "nope-nope-nope-nope" }, body: BODY }, options, "no_matching_signature");
    const { handshakeResponse } = await import("../../src/index.js");
    const { requestOf } = await import("./handshake.js");
    await expect(handshakeResponse(okta(), requestOf(check(SECRET)))).rejects.toThrow(RangeError);
  });
});
