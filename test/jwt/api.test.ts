// The API contract: option handling, configuration errors (TypeError/RangeError, never
// JwtError), time boundaries, typ matching, rotation, the crypto override, and error shape.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CryptoProvider } from "../../src/crypto/types.js";
import { JwtError } from "../../src/jwt/errors.js";
import { signJwtWith } from "../../src/jwt/sign.js";
import { DEFAULT_MAX_TOKEN_LENGTH, verifyJwtWith, type VerifyJwtOptions } from "../../src/jwt/verify.js";
import { b64url, expectJwtError, forge, fromB64url, KEY_256, KEY_384, KEY_512, NOW, providers } from "./helpers.js";

const decodeSegment = (token: string, index: 0 | 1) =>
  JSON.parse(Buffer.from(token.split(".")[index]!, "base64url").toString("utf8")) as Record<string, unknown>;

afterEach(() => {
  vi.useRealTimers();
});

describe("JwtError", () => {
  it("is an Error with name, code, optional claim and cause", () => {
    const cause = new Error("inner");
    const error = new JwtError("expired", "The token expired.", { claim: "exp", cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("JwtError");
    expect(error.code).toBe("expired");
    expect(error.claim).toBe("exp");
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe("JwtError: The token expired.");
    expect("claim" in new JwtError("malformed", "x")).toBe(false);
  });
});

describe.each(providers)("signJwt (%s crypto)", (_name, crypto) => {
  const sign = (claims: Record<string, unknown>, options: Parameters<typeof signJwtWith>[3] = {}, secret: Parameters<typeof signJwtWith>[2] = KEY_256) =>
    signJwtWith(crypto, claims, secret, { now: NOW, ...options });

  it('emits {alg:"HS256", typ:"JWT"} and adds iat = now', async () => {
    const token = await sign({ hello: "world" });
    expect(decodeSegment(token, 0)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(decodeSegment(token, 1)).toEqual({ hello: "world", iat: NOW });
    expect(token.split(".")[2]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("turns options into claims: exp, nbf, iss, sub, aud, jti", async () => {
    const token = await sign({}, { expiresIn: 300, notBefore: -5, issuer: "i", subject: "s", audience: ["a", "b"], jwtId: "j" });
    expect(decodeSegment(token, 1)).toEqual({ iat: NOW, exp: NOW + 300, nbf: NOW - 5, iss: "i", sub: "s", aud: ["a", "b"], jti: "j" });
    expect(decodeSegment(await sign({}, { audience: "a" }), 1).aud).toBe("a");
  });

  it("keeps an iat from the claims, and leaves iat out when it is undefined", async () => {
    expect(decodeSegment(await sign({ iat: 5 }), 1)).toEqual({ iat: 5 });
    expect(decodeSegment(await sign({ iat: undefined }), 1)).toEqual({});
  });

  it("takes now as a Date or Unix seconds, defaulting to the current time", async () => {
    expect(decodeSegment(await signJwtWith(crypto, {}, KEY_256, { now: new Date(NOW * 1000 + 999) }), 1).iat).toBe(NOW);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date((NOW + 42) * 1000));
    expect(decodeSegment(await signJwtWith(crypto, {}, KEY_256), 1).iat).toBe(NOW + 42);
    await expect(signJwtWith(crypto, {}, KEY_256, { now: NOW * 1000 })).rejects.toThrow(TypeError);
  });

  it("HS384 and HS512 on request", async () => {
    const t384 = await sign({}, { algorithm: "HS384" }, KEY_384);
    const t512 = await sign({}, { algorithm: "HS512" }, KEY_512);
    expect(decodeSegment(t384, 0).alg).toBe("HS384");
    expect(fromB64url(t384.split(".")[2]!).length).toBe(48);
    expect(fromB64url(t512.split(".")[2]!).length).toBe(64);
    await expect(verifyJwtWith(crypto, t512, KEY_512, { algorithms: ["HS512"], now: NOW })).resolves.toMatchObject({ header: { alg: "HS512" } });
  });

  it("options.header adds parameters and may replace or drop typ", async () => {
    expect(decodeSegment(await sign({}, { header: { kid: "k1" } }), 0)).toEqual({ alg: "HS256", typ: "JWT", kid: "k1" });
    expect(decodeSegment(await sign({}, { header: { typ: "at+jwt" } }), 0)).toEqual({ alg: "HS256", typ: "at+jwt" });
    expect(decodeSegment(await sign({}, { header: { typ: undefined } }), 0)).toEqual({ alg: "HS256" });
  });

  it("options.header must not set alg (TypeError), nor crit or b64", async () => {
    await expect(sign({}, { header: { alg: "none" } })).rejects.toThrow(/options\.algorithm/);
    await expect(sign({}, { header: { alg: "HS256" } })).rejects.toThrow(TypeError);
    await expect(sign({}, { header: { crit: ["exp"] } })).rejects.toThrow(TypeError);
    await expect(sign({}, { header: { b64: false } })).rejects.toThrow(TypeError);
    await expect(sign({}, { header: { b64: true } })).rejects.toThrow(TypeError);
    await expect(sign({}, { header: { kid: 1 } })).rejects.toThrow(TypeError);
    await expect(sign({}, { header: [] as unknown as Record<string, unknown> })).rejects.toThrow(TypeError);
  });

  it("refuses an algorithm other than HS256/HS384/HS512, none above all (TypeError)", async () => {
    for (const algorithm of ["none", "RS256", "hs256", ""]) {
      await expect(sign({}, { algorithm: algorithm as "HS256" })).rejects.toThrow(TypeError);
    }
  });

  it("refuses a secret shorter than the hash output (RangeError, RFC 7518 §3.2)", async () => {
    await expect(sign({}, {}, new Uint8Array(31))).rejects.toThrow(RangeError);
    await expect(sign({}, {}, "x".repeat(31))).rejects.toThrow(RangeError);
    await expect(sign({}, { algorithm: "HS384" }, KEY_256)).rejects.toThrow(RangeError);
    await expect(sign({}, { algorithm: "HS512" }, KEY_384)).rejects.toThrow(RangeError);
    await expect(sign({}, {}, "")).rejects.toThrow(RangeError);
    // String length counts in UTF-8 bytes: 16 × "é" is 32 bytes.
    await expect(sign({}, {}, "é".repeat(16))).resolves.toBeTypeOf("string");
    await expect(sign({}, {}, "x".repeat(32))).resolves.toBeTypeOf("string");
    await expect(sign({}, {}, new Uint8Array(32).buffer)).resolves.toBeTypeOf("string");
  });

  it("the RangeError names lengths, never the secret", async () => {
    const secret = "short-secret-value";
    const error = await sign({}, {}, secret).then(
      () => new Error("resolved"),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/18 bytes/);
    expect(error.message).not.toContain(secret);
  });

  it("refuses secrets of the wrong type, and several secrets (TypeError)", async () => {
    for (const secret of [undefined, null, 42, {}, [KEY_256], new Uint16Array(32), new DataView(new ArrayBuffer(32))]) {
      await expect(signJwtWith(crypto, {}, secret as unknown as string, { now: NOW })).rejects.toThrow(TypeError);
    }
  });

  it("refuses claims that are not a plain JSON object (TypeError)", async () => {
    class Claims {
      sub = "x";
    }
    for (const claims of [null, [], "claims", 1, new Date(0), new Map([["a", 1]]), new Claims()]) {
      await expect(sign(claims as unknown as Record<string, unknown>)).rejects.toThrow(TypeError);
    }
    await expect(sign({ n: 1n })).rejects.toThrow(TypeError);
    await expect(sign(Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 }))).resolves.toBeTypeOf("string");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(sign(cyclic)).rejects.toThrow(TypeError);
  });

  it("refuses registered claims of the wrong type, and options that conflict with claims (TypeError)", async () => {
    for (const claims of [{ exp: "soon" }, { nbf: Infinity }, { iat: null }, { aud: [1] }, { iss: 1 }, { sub: {} }, { jti: 3 }]) {
      await expect(sign(claims as Record<string, unknown>)).rejects.toThrow(TypeError);
    }
    await expect(sign({ exp: NOW + 1 }, { expiresIn: 10 })).rejects.toThrow(/claims\.exp and options\.expiresIn/);
    await expect(sign({ aud: "x" }, { audience: "y" })).rejects.toThrow(TypeError);
    await expect(sign({ iss: "x" }, { issuer: "x" })).rejects.toThrow(TypeError);
    await expect(sign({}, { expiresIn: Number.NaN })).rejects.toThrow(RangeError);
    await expect(sign({}, { expiresIn: "1h" as unknown as number })).rejects.toThrow(TypeError);
    await expect(sign({}, { audience: [] })).rejects.toThrow(RangeError);
    await expect(sign({}, { issuer: 5 as unknown as string })).rejects.toThrow(TypeError);
  });

  it("refuses non-object options and a crypto provider without hmac (TypeError)", async () => {
    await expect(signJwtWith(crypto, {}, KEY_256, null as unknown as undefined)).rejects.toThrow(TypeError);
    await expect(signJwtWith(crypto, {}, KEY_256, { crypto: {} as CryptoProvider })).rejects.toThrow(TypeError);
  });
});

describe.each(providers)("verifyJwt (%s crypto)", (_name, crypto) => {
  const verify = (token: string, options: VerifyJwtOptions = {}, secret: Parameters<typeof verifyJwtWith>[2] = KEY_256) =>
    verifyJwtWith(crypto, token, secret, { now: NOW, ...options });
  const token = forge({ alg: "HS256", typ: "JWT" }, { sub: "u", iat: NOW }, KEY_256);

  it("resolves with payload, header and secretIndex", async () => {
    await expect(verify(token)).resolves.toEqual({ payload: { sub: "u", iat: NOW }, header: { alg: "HS256", typ: "JWT" }, secretIndex: 0 });
  });

  describe("configuration mistakes are TypeError/RangeError, thrown whatever the token is", () => {
    const garbage = "not a token";
    const cases: Array<[string, () => Promise<unknown>, ErrorConstructor | RangeErrorConstructor]> = [
      ['algorithms ["none"]', () => verify(garbage, { algorithms: ["none" as "HS256"] }), TypeError],
      ['algorithms ["HS256", "none"]', () => verify(garbage, { algorithms: ["HS256", "none" as "HS256"] }), TypeError],
      ["algorithms []", () => verify(garbage, { algorithms: [] }), RangeError],
      ['algorithms "HS256" (not an array)', () => verify(garbage, { algorithms: "HS256" as unknown as ["HS256"] }), TypeError],
      ['algorithms ["RS256"]', () => verify(garbage, { algorithms: ["RS256" as "HS256"] }), TypeError],
      ["a 31-byte secret", () => verify(garbage, {}, new Uint8Array(31)), RangeError],
      ["a 31-character string secret", () => verify(garbage, {}, "s".repeat(31)), RangeError],
      ["a 32-byte secret with HS512 allowed", () => verify(garbage, { algorithms: ["HS256", "HS512"] }), RangeError],
      ["a short secret among several", () => verify(garbage, {}, [KEY_256, new Uint8Array(8)]), RangeError],
      ["no secret at all", () => verify(garbage, {}, []), RangeError],
      ["a number as secret", () => verify(garbage, {}, 7 as unknown as string), TypeError],
      ["null among the secrets", () => verify(garbage, {}, [KEY_256, null as unknown as string]), TypeError],
      ["a negative clockTolerance", () => verify(garbage, { clockTolerance: -1 }), RangeError],
      ["a string clockTolerance", () => verify(garbage, { clockTolerance: "5s" as unknown as number }), TypeError],
      ["a negative maxAge", () => verify(garbage, { maxAge: -1 }), RangeError],
      ["an infinite maxAge", () => verify(garbage, { maxAge: Infinity }), RangeError],
      ["an empty issuer list", () => verify(garbage, { issuer: [] }), RangeError],
      ["a number issuer", () => verify(garbage, { issuer: 1 as unknown as string }), TypeError],
      ["a non-string audience entry", () => verify(garbage, { audience: ["a", 1 as unknown as string] }), TypeError],
      ["a number subject", () => verify(garbage, { subject: 1 as unknown as string }), TypeError],
      ["a number typ", () => verify(garbage, { typ: 1 as unknown as string }), TypeError],
      ["requiredClaims not an array", () => verify(garbage, { requiredClaims: "exp" as unknown as string[] }), TypeError],
      ["maxTokenLength 0", () => verify(garbage, { maxTokenLength: 0 }), RangeError],
      ["maxTokenLength 1.5", () => verify(garbage, { maxTokenLength: 1.5 }), RangeError],
      ["now in milliseconds", () => verify(garbage, { now: NOW * 1000 }), TypeError],
      ["an invalid Date", () => verify(garbage, { now: new Date(Number.NaN) }), TypeError],
      ["a crypto provider without hmac", () => verify(garbage, { crypto: { name: "x" } as CryptoProvider }), TypeError],
      ["null options", () => verifyJwtWith(crypto, garbage, KEY_256, null as unknown as undefined), TypeError],
      ["a token that is not a string", () => verify(undefined as unknown as string), TypeError],
      ["a token as bytes", () => verify(new Uint8Array(4) as unknown as string), TypeError],
    ];
    for (const [label, run, type] of cases) {
      it(label, async () => {
        const error = await run().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(type);
        expect(error).not.toBeInstanceOf(JwtError);
      });
    }
  });

  it("a short secret is refused even when the token would verify (it is a configuration check)", async () => {
    await expect(verify(token, { algorithms: ["HS256", "HS384"] })).rejects.toThrow(RangeError);
    await expect(verify(token, { algorithms: ["HS256", "HS384"] }, KEY_384)).rejects.toMatchObject({ code: "signature_mismatch" });
  });

  it("accepts secrets as string, Uint8Array (Buffer too) or ArrayBuffer", async () => {
    const text = "a-text-secret-of-at-least-32-bytes!";
    const signed = forge({ alg: "HS256" }, { a: 1 }, text);
    await expect(verify(signed, {}, text)).resolves.toBeDefined();
    await expect(verify(signed, {}, Buffer.from(text))).resolves.toBeDefined();
    await expect(verify(signed, {}, new TextEncoder().encode(text).buffer as ArrayBuffer)).resolves.toBeDefined();
  });

  describe("exp / nbf / iat boundaries, with clock tolerance", () => {
    const at = (claims: Record<string, unknown>) => forge({ alg: "HS256" }, claims, KEY_256);

    it("exp: valid iff now < exp + tolerance", async () => {
      await expect(verify(at({ exp: NOW + 1 }))).resolves.toBeDefined();
      await expectJwtError(verify(at({ exp: NOW })), "expired");
      await expect(verify(at({ exp: NOW - 4 }), { clockTolerance: 5 })).resolves.toBeDefined();
      await expectJwtError(verify(at({ exp: NOW - 5 }), { clockTolerance: 5 }), "expired");
      await expect(verify(at({ exp: NOW + 0.5 }))).resolves.toBeDefined(); // NumericDate may be fractional
    });

    it("nbf: valid iff now + tolerance >= nbf", async () => {
      await expect(verify(at({ nbf: NOW }))).resolves.toBeDefined();
      await expectJwtError(verify(at({ nbf: NOW + 1 })), "not_yet_valid");
      await expect(verify(at({ nbf: NOW + 5 }), { clockTolerance: 5 })).resolves.toBeDefined();
      await expectJwtError(verify(at({ nbf: NOW + 6 }), { clockTolerance: 5 }), "not_yet_valid");
    });

    it("iat: refused when later than now + tolerance, with or without maxAge", async () => {
      await expect(verify(at({ iat: NOW }))).resolves.toBeDefined();
      await expectJwtError(verify(at({ iat: NOW + 1 })), "not_yet_valid");
      await expect(verify(at({ iat: NOW + 5 }), { clockTolerance: 5 })).resolves.toBeDefined();
      await expectJwtError(verify(at({ iat: NOW + 6 }), { clockTolerance: 5, maxAge: 60 }), "not_yet_valid");
    });

    it("maxAge: valid iff now - iat <= maxAge + tolerance; iat required", async () => {
      await expect(verify(at({ iat: NOW - 60 }), { maxAge: 60 })).resolves.toBeDefined();
      await expectJwtError(verify(at({ iat: NOW - 61 }), { maxAge: 60 }), "too_old");
      await expect(verify(at({ iat: NOW - 65 }), { maxAge: 60, clockTolerance: 5 })).resolves.toBeDefined();
      await expectJwtError(verify(at({ iat: NOW - 66 }), { maxAge: 60, clockTolerance: 5 }), "too_old");
      await expectJwtError(verify(at({}), { maxAge: 60 }), "missing_claim");
    });

    it("the default clock is the current time", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date(NOW * 1000));
      await expect(verifyJwtWith(crypto, at({ exp: NOW + 1 }), KEY_256)).resolves.toBeDefined();
      vi.setSystemTime(new Date((NOW + 1) * 1000));
      await expectJwtError(verifyJwtWith(crypto, at({ exp: NOW + 1 }), KEY_256), "expired");
    });

    it("now may be a Date", async () => {
      await expect(verify(at({ exp: NOW + 1 }), { now: new Date(NOW * 1000 + 999) })).resolves.toBeDefined();
    });
  });

  it("issuer and audience lists: any overlap is enough", async () => {
    const signed = forge({ alg: "HS256" }, { iss: "b", aud: ["x", "y"] }, KEY_256);
    await expect(verify(signed, { issuer: ["a", "b"], audience: ["z", "y"] })).resolves.toBeDefined();
    await expectJwtError(verify(signed, { issuer: ["a", "c"] }), "claim_mismatch");
    await expectJwtError(verify(signed, { audience: "X" }), "claim_mismatch"); // case-sensitive
  });

  it("typ is compared case-insensitively, with an implied application/ prefix (RFC 7515 §4.1.9)", async () => {
    const withTyp = (typ: string) => forge({ alg: "HS256", typ }, {}, KEY_256);
    for (const [header, option] of [["JWT", "jwt"], ["jwt", "JWT"], ["application/jwt", "JWT"], ["JWT", "application/JWT"], ["application/at+jwt", "at+JWT"]]) {
      await expect(verify(withTyp(header!), { typ: option! }), `${header} vs ${option}`).resolves.toBeDefined();
    }
    for (const [header, option] of [["at+jwt", "JWT"], ["text/jwt", "JWT"], ["JWT", "jwt2"]]) {
      await expectJwtError(verify(withTyp(header!), { typ: option! }), "claim_mismatch");
    }
    // Without options.typ, any string typ is fine.
    await expect(verify(withTyp("whatever"))).resolves.toBeDefined();
  });

  it("b64: true is the default meaning and is accepted", async () => {
    await expect(verify(forge({ alg: "HS256", b64: true }, {}, KEY_256))).resolves.toBeDefined();
  });

  it("rotation: any secret may match, secretIndex says which, and the search stops at the first match", async () => {
    const other = new Uint8Array(32).fill(1);
    await expect(verify(token, {}, [other, KEY_256])).resolves.toMatchObject({ secretIndex: 1 });
    await expect(verify(token, {}, [KEY_256, other])).resolves.toMatchObject({ secretIndex: 0 });
    const error = await expectJwtError(verify(token, {}, [other, new Uint8Array(32).fill(2)]), "signature_mismatch");
    expect(error.message).toMatch(/secrets/);
    const spy: CryptoProvider = { ...crypto, hmac: vi.fn(crypto.hmac) };
    await verifyJwtWith(spy, token, [KEY_256, other, other], { now: NOW });
    expect(spy.hmac).toHaveBeenCalledTimes(1);
  });

  it("options.crypto overrides the default provider", async () => {
    const spy: CryptoProvider = { ...crypto, name: "spy", hmac: vi.fn(crypto.hmac) };
    await verifyJwtWith(crypto, token, KEY_256, { now: NOW, crypto: spy });
    expect(spy.hmac).toHaveBeenCalledTimes(1);
    const signSpy: CryptoProvider = { ...crypto, name: "spy", hmac: vi.fn(crypto.hmac) };
    await signJwtWith(crypto, {}, KEY_256, { crypto: signSpy });
    expect(signSpy.hmac).toHaveBeenCalledWith("SHA-256", KEY_256, [expect.any(Uint8Array)]);
  });

  it("maxTokenLength defaults to 8192 characters, inclusive", async () => {
    expect(DEFAULT_MAX_TOKEN_LENGTH).toBe(8192);
    const sized = (length: number) => {
      let pad = 0;
      let candidate = forge({ alg: "HS256" }, { pad: "" }, KEY_256);
      while (candidate.length < length) candidate = forge({ alg: "HS256" }, { pad: "x".repeat(++pad) }, KEY_256);
      return candidate;
    };
    // 20 (header) + 1 + payload + 1 + 43 (signature): both lengths are reachable exactly.
    const exact = sized(8192);
    expect(exact.length).toBe(8192);
    await expect(verify(exact)).resolves.toBeDefined();
    const over = sized(8193);
    expect(over.length).toBe(8193);
    await expectJwtError(verify(over), "malformed");
  });

  it("a __proto__ claim stays an ordinary own property", async () => {
    const signed = forge({ alg: "HS256" }, '{"__proto__":{"polluted":true},"a":1}', KEY_256);
    const { payload } = await verify(signed);
    expect(Object.hasOwn(payload, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it("duplicate JSON members: the last one wins (RFC 7515 §4, JSON.parse)", async () => {
    const signed = forge('{"alg":"none","alg":"HS256"}', '{"sub":"a","sub":"b"}', KEY_256);
    await expect(verify(signed)).resolves.toMatchObject({ payload: { sub: "b" }, header: { alg: "HS256" } });
  });
});

describe.each(providers)("error messages are safe to log (%s crypto)", (_name, crypto) => {
  it("never contain the secret, the token, any segment, or the signature", async () => {
    const secret = "super-secret-value-that-must-not-leak-0123456789";
    const good = forge({ alg: "HS256", typ: "JWT" }, { iss: "evil-issuer-value", aud: "aud-value", sub: "sub-value", exp: NOW + 60, iat: NOW }, secret);
    const [h, p, s] = good.split(".") as [string, string, string];
    const tokens = [
      good,
      `${h}.${p}.${b64url(new Uint8Array(32))}`,
      `${h}.${p}`,
      `${h}.${p}.${s}=`,
      forge({ alg: "none" }, {}, secret),
      forge({ alg: "HS256", crit: ["x"] }, {}, secret),
      forge({ alg: "HS256" }, { exp: NOW - 10 }, secret),
      forge({ alg: "HS256" }, { nbf: NOW + 10 }, secret),
      forge({ alg: "HS256" }, { exp: "x" }, secret),
      forge({ alg: "HS256" }, "[1]", secret),
    ];
    const optionSets: VerifyJwtOptions[] = [{}, { issuer: "i" }, { audience: "a" }, { subject: "s" }, { requiredClaims: ["scope"] }, { typ: "x" }, { maxAge: 1 }];
    let checked = 0;
    for (const token of tokens) {
      for (const options of optionSets) {
        const error = await verifyJwtWith(crypto, token, secret, { now: NOW + 5, ...options }).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        if (error === undefined) continue;
        expect(error).toBeInstanceOf(JwtError);
        checked++;
        for (const forbidden of [secret, token, h, p, s, b64url(secret), "evil-issuer-value", "aud-value", "sub-value"]) {
          expect(error.message).not.toContain(forbidden);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
