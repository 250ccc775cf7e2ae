// The node:crypto builds' direct path of verifyJwt (src/jwt/direct.ts) against the steps every
// build runs (verifyJwtWith, src/jwt/verify.ts): for any token, key and options, the same
// result or the same error (class, code, claim and message). And isBase64Url, which the direct
// path checks HMAC signatures with instead of decoding them, accepts exactly what the decoders do.
import { sign as nodeSign, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";
import { verifyJwtWithNode } from "../../src/jwt/direct.js";
import { JwtError } from "../../src/jwt/errors.js";
import type { JwtVerificationKey } from "../../src/jwt/types.js";
import { verifyJwtWith, type VerifyJwtOptions } from "../../src/jwt/verify.js";
import { verifyJwt } from "../../src/jwt.js";
import { jwks } from "../../src/keys/jwks.js";
import { fromBase64Url, isBase64Url } from "../../src/lib/base64.js";
import { b64url, forge, KEY_256, KEY_384, KEY_512, NOW } from "./helpers.js";
import { keyPairs, type PublicAlgorithm } from "./key-pairs.js";

/** What a verification came to, comparable with toEqual. */
async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return { resolved: await promise };
  } catch (error) {
    const e = error as Error & { code?: string; claim?: string };
    return { rejected: e.constructor.name, code: e.code, claim: e.claim, message: e.message, jwt: error instanceof JwtError };
  }
}

async function expectSame(token: unknown, key: unknown, options?: unknown): Promise<void> {
  const direct = await settle(verifyJwtWithNode(nodeCrypto, token as string, key as JwtVerificationKey, options as VerifyJwtOptions));
  const steps = await settle(verifyJwtWith(nodeCrypto, token as string, key as JwtVerificationKey, options as VerifyJwtOptions));
  expect(direct).toEqual(steps);
  const kind = "resolved" in (steps as object) ? "resolved" : ((steps as { code?: string; rejected: string }).code ?? (steps as { rejected: string }).rejected);
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
}

/** What an arbitrary draws. */
type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** How often each outcome came up (every property must reach verified tokens and signature errors). */
const outcomes = new Map<string, number>();

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NODE_HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** A token signed with node:crypto (header and claims as given, `alg` in the header may lie). */
function signed(header: unknown, claims: unknown, key: KeyObject, as: PublicAlgorithm): string {
  const input = `${b64url(typeof header === "string" ? header : JSON.stringify(header))}.${b64url(typeof claims === "string" ? claims : JSON.stringify(claims))}`;
  const hash = as === "EdDSA" ? null : NODE_HASH[as.slice(2)]!;
  const options = as.startsWith("PS") ? { key, padding: 6, saltLength: -1 } : as.startsWith("ES") ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  return `${input}.${b64url(nodeSign(hash, Buffer.from(input), options))}`;
}

const jsonValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, "", "none", "HS256", "RS256", "ES256", "EdDSA", NOW, NOW + 100, NOW - 100, "i", "a", ["a"], {}));
const ALGS = ["HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "EdDSA"] as const;
// Mostly tokens that get as far as the signature and the claims (a hostile one now and then).
const header = fc.oneof(
  { weight: 4, arbitrary: fc.record({ alg: fc.constantFrom(...ALGS), typ: fc.constantFrom("JWT", "at+jwt"), kid: fc.constantFrom("rsa-1", "rsa-2", "ec-1", "ed-1", "other") }, { requiredKeys: ["alg"] }) },
  fc.jsonValue({ maxDepth: 1 }),
  fc.record(
    {
      alg: fc.oneof(fc.constantFrom(...ALGS, "none", "hs256"), jsonValue),
      typ: fc.oneof(fc.constantFrom("JWT", "at+jwt"), jsonValue),
      kid: fc.oneof(fc.constantFrom("rsa-1", "ec-1", "ed-1", "other"), jsonValue),
      crit: jsonValue,
      b64: jsonValue,
    },
    { requiredKeys: [] },
  ),
);
const payload = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ sub: fc.constantFrom("u", "v"), iss: fc.constantFrom("i", "j"), aud: fc.constantFrom("a", ["b", "a"], ["b"]), exp: fc.constantFrom(NOW + 200, NOW + 200, NOW + 10, NOW - 10), nbf: fc.constantFrom(NOW - 10, NOW - 10, NOW + 10), iat: fc.constantFrom(NOW - 1, NOW - 50, NOW + 200), x: fc.constant(1) }, { requiredKeys: [] }),
  },
  fc.jsonValue({ maxDepth: 2 }),
  fc.record({ iss: jsonValue, sub: jsonValue, aud: jsonValue, exp: jsonValue, nbf: jsonValue, iat: jsonValue, jti: jsonValue, x: jsonValue }, { requiredKeys: [] }),
);
const options = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ now: NOW }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        now: fc.constant(NOW),
        issuer: fc.constantFrom("i", ["j", "i"]),
        audience: fc.constantFrom("a", ["c", "a"]),
        subject: fc.constant("u"),
        maxAge: fc.constantFrom(5, 100),
        requiredClaims: fc.constantFrom(["x"], ["sub", "x"]),
        typ: fc.constant("JWT"),
        clockTolerance: fc.constantFrom(0, 15),
      },
      { requiredKeys: ["now"] },
    ),
  },
  fc.constant(undefined),
  fc.record(
    {
      now: fc.oneof(fc.constant(NOW), fc.constantFrom("x", -1, NaN)),
      issuer: fc.constantFrom("i", ["i", "j"], 5),
      audience: fc.constantFrom("a", ["b", "a"], []),
      maxAge: fc.constantFrom(100, -1),
      requiredClaims: fc.constantFrom(["x"], "x"),
      typ: fc.constantFrom("JWT", 1),
      clockTolerance: fc.constantFrom(0, 5, "5"),
      maxTokenLength: fc.constantFrom(8192, 40, 0),
      algorithms: fc.constantFrom(["HS256"], ["HS384", "HS512"], ["RS256"], ["ES256", "EdDSA"], ["none"], []),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, "options"),
);

describe("verifyJwt's direct path on node:crypto (src/jwt/direct.ts)", () => {
  beforeEach(() => outcomes.clear());
  const pairs = keyPairs();
  const fetchSet = (async () =>
    Response.json({
      keys: [
        { ...pairs.rsa.publicJwk, kid: "rsa-1", alg: "RS256" },
        { ...pairs.p256.publicJwk, kid: "ec-1" },
        { ...pairs.ed25519.publicJwk, kid: "ed-1" },
        { ...pairs.rsa.publicJwk, kid: "rsa-2" },
      ],
    })) as unknown as typeof fetch;
  const keySet = jwks("https://issuer.example/jwks.json", { fetch: fetchSet });
  const signers: ReadonlyArray<readonly [PublicAlgorithm, KeyObject]> = [
    ["RS256", pairs.rsa.privateKey],
    ["PS256", pairs.rsa.privateKey],
    ["ES256", pairs.p256.privateKey],
    ["EdDSA", pairs.ed25519.privateKey],
  ];
  const publicKeys = [pairs.rsa.publicPem, pairs.p256.publicPem, pairs.ed25519.publicKey, [pairs.p256.publicPem, pairs.rsa.publicJwk], keySet];
  const secrets = [KEY_256, KEY_384, KEY_512, "s".repeat(40), [KEY_512, KEY_256], KEY_256.subarray(0, 16), pairs.rsa.publicPem, 42, []];

  it("is the path verifyJwt takes in the node:crypto builds", async () => {
    const token = forge({ alg: "HS256" }, { sub: "u", exp: NOW + 10 }, KEY_256);
    const verified = await verifyJwt(token, KEY_256, { now: NOW });
    expect(verified).toEqual(await verifyJwtWithNode(nodeCrypto, token, KEY_256, { now: NOW }));
    // Another provider is given the steps (the result is the same).
    expect(await verifyJwtWithNode(nodeCrypto, token, KEY_256, { now: NOW, crypto: webCrypto })).toEqual(verified);
  });

  /** A header naming `alg` (usually), or a hostile one. */
  const headerFor = (alg: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ alg: fc.constant(alg), typ: fc.constantFrom("JWT", "at+jwt"), kid: fc.constantFrom("rsa-1", "ec-1", "ed-1", "other") }, { requiredKeys: ["alg"] }) },
      header,
    );

  /** Now and then a signature made malformed (or only changed): same length or not, another alphabet, padding, a stray tail. */
  const signatureEdit = fc.oneof(
    { weight: 4, arbitrary: fc.constant((token: string) => token) },
    fc.constantFrom(
      (token: string) => token + "=",
      (token: string) => token.slice(0, -1) + "+",
      (token: string) => token.slice(0, -1) + "/",
      (token: string) => token.slice(0, -1) + "B", // a stray bit in the last character (or another MAC)
      (token: string) => token.slice(0, -1),
      (token: string) => token + "A",
      (token: string) => token.slice(0, -2) + " " + token.slice(-1),
    ),
  );

  it("HMAC: the same result or error as the steps, for correctly signed hostile tokens", async () => {
    const hmacs = [[KEY_256, "HS256"], [KEY_384, "HS384"], [KEY_512, "HS512"]] as const;
    const arb = fc.constantFrom(...hmacs).chain(([key, alg]) =>
      fc.tuple(fc.constant(key), fc.constant(alg), headerFor(alg), payload, fc.oneof({ weight: 2, arbitrary: fc.constant<unknown>(key) }, fc.constantFrom(...secrets)), options, fc.boolean(), signatureEdit),
    );
    // (HS384 with a 64-byte key: options.algorithms allowing HS384 alone is not among the drawn options.)
    const hmacExamples = (["HS256", "HS384", "HS512"] as const).flatMap((alg) => {
      const [key, o] = alg === "HS256" ? [KEY_256, { now: NOW }] : [KEY_512, { now: NOW, algorithms: ["HS384", "HS512"] as const }];
      return [false, true].map((otherMac): [Drawn<typeof arb>] => [[key, alg, { alg }, { sub: "u" }, key, o, otherMac, (token: string) => token]]);
    });
    await fc.assert(
      fc.asyncProperty(arb, async ([key, alg, h, p, secret, o, otherMac, edit]) => {
        const token = forge(h, p, key, alg);
        const other = forge(h, '{"other":1}', key, alg);
        // The direct path checks the signature's text only when something fails: a malformed one
        // must still be the error, whatever else is wrong (header, length, MAC).
        await expectSame(edit(otherMac ? token.slice(0, token.lastIndexOf(".")) + other.slice(other.lastIndexOf(".")) : token), secret, o);
      }),
      // The examples make sure verified tokens and signature mismatches are compared on every run
      // (random draws reach them too, but how often varies with the seed).
      { numRuns: 1500, examples: hmacExamples },
    );
    expect(outcomes.get("resolved")).toBeGreaterThanOrEqual(hmacExamples.length / 2);
    expect(outcomes.get("signature_mismatch")).toBeGreaterThanOrEqual(hmacExamples.length / 2);
  });

  it("public keys and key sets: the same result or error as the steps", async () => {
    const verifiers: Record<string, readonly unknown[]> = {
      RS256: [pairs.rsa.publicPem, pairs.rsa.publicKey, { ...pairs.rsa.publicJwk, alg: "RS256" }],
      PS256: [pairs.rsa.publicPem, pairs.rsa.publicJwk],
      ES256: [pairs.p256.publicPem, pairs.p256.publicKey],
      EdDSA: [pairs.ed25519.publicPem, pairs.ed25519.publicJwk],
    };
    const arb = fc.constantFrom(...signers).chain(([as, key]) =>
      fc.tuple(fc.constant(as), fc.constant(key), headerFor(as), payload, fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...verifiers[as]!, keySet) }, fc.constantFrom(...publicKeys)), options, fc.boolean()),
    );
    const kids: Partial<Record<PublicAlgorithm, string>> = { RS256: "rsa-1", ES256: "ec-1", EdDSA: "ed-1" }; // keys in the key set
    const keyExamples = signers.flatMap(([as, key]) =>
      [...verifiers[as]!, ...(kids[as] ? [keySet] : [])].flatMap((verifyKey) =>
        [false, true].map((otherSignature): [Drawn<typeof arb>] => [[as, key, { alg: as, kid: kids[as] ?? "other" }, { sub: "u" }, verifyKey, { now: NOW }, otherSignature]]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([as, key, h, p, verifyKey, o, otherSignature]) => {
        const token = signed(h, p, key, as);
        // Now and then the signature of another payload: a well-formed signature that does not verify.
        const other = signed(h, '{"other":1}', key, as);
        await expectSame(otherSignature ? token.slice(0, token.lastIndexOf(".")) + other.slice(other.lastIndexOf(".")) : token, verifyKey, o);
      }),
      // As above: every signer with each of its keys, and the key set, verified and mismatched on every run.
      { numRuns: 400, examples: keyExamples },
    );
    expect(outcomes.get("resolved")).toBeGreaterThanOrEqual(keyExamples.length / 2);
    expect(outcomes.get("signature_mismatch")).toBeGreaterThanOrEqual(keyExamples.length / 2);
  });

  it("altered tokens and token-shaped strings: the same error as the steps", async () => {
    const tokens = [
      forge({ alg: "HS256", typ: "JWT" }, { sub: "u", iat: NOW, exp: NOW + 60 }, KEY_256),
      forge({ alg: "HS512" }, { sub: "u" }, KEY_512, "HS512"),
      signed({ alg: "RS256", kid: "rsa-1" }, { sub: "u", exp: NOW + 60 }, pairs.rsa.privateKey, "RS256"),
      signed({ alg: "ES256", kid: "ec-1" }, { sub: "u" }, pairs.p256.privateKey, "ES256"),
      signed({ alg: "EdDSA" }, { sub: "u" }, pairs.ed25519.privateKey, "EdDSA"),
    ];
    const keys = [KEY_256, KEY_512, [KEY_512, KEY_256], pairs.rsa.publicPem, pairs.p256.publicPem, pairs.ed25519.publicPem, keySet];
    const edit = fc.record({ token: fc.constantFrom(...tokens), at: fc.nat(), with: fc.constantFrom(...B64URL, ".", "=", "+", "/", " ", "é", ""), remove: fc.boolean() });
    const shaped = fc.array(fc.string({ unit: fc.constantFrom(...B64URL, "=", "+", "/", " ", "."), maxLength: 50 }), { minLength: 1, maxLength: 4 }).map((s) => s.join("."));
    await fc.assert(
      fc.asyncProperty(fc.oneof(edit, shaped, fc.anything()), fc.constantFrom(...keys), options, async (input, key, o) => {
        let token: unknown = input;
        if (input !== null && typeof input === "object" && "token" in input && typeof input.token === "string") {
          const { token: t, at, with: c, remove } = input as { token: string; at: number; with: string; remove: boolean };
          const i = at % t.length;
          token = t.slice(0, i) + c + t.slice(remove ? i + 1 : i);
        }
        await expectSame(token, key, o);
      }),
      { numRuns: 500 },
    );
  });

  // verifyJwtWithNode reads a string key once (a bounded cache of string keys, taken only when
  // options.algorithms is left out): no key may be answered with another's reading, before or
  // after the oldest are dropped, and a list of algorithms is never served the default's.
  it("string keys read once: each key only its own tokens, algorithms honoured, past the cache's bound", async () => {
    const secretsText = Array.from({ length: 12 }, (_, i) => `secret-${i}-`.padEnd(64, String.fromCharCode(97 + i)));
    const pems = [pairs.rsa.publicPem, pairs.p256.publicPem, pairs.ed25519.publicPem];
    const rsaToken = signed({ alg: "RS256" }, { sub: "rsa" }, pairs.rsa.privateKey, "RS256");
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < secretsText.length; i++) {
        const key = secretsText[i]!;
        const own = forge({ alg: "HS256" }, { sub: `s${i}` }, key);
        const hs512 = forge({ alg: "HS512" }, { sub: `s${i}` }, key, "HS512");
        // The previous key's token, and a token whose HMAC key is a PEM text (key confusion).
        const other = forge({ alg: "HS256" }, { sub: "other" }, secretsText[(i + 11) % 12]!);
        const confused = forge({ alg: "HS256" }, { sub: "confused" }, pems[i % 3]!);
        const listed: VerifyJwtOptions[] = round === 0 ? [{ now: NOW, algorithms: ["HS256", "HS512"] }, { now: NOW }] : [{ now: NOW }, { now: NOW, algorithms: undefined }, { now: NOW, algorithms: ["HS256", "HS512"] }];
        for (const o of listed) {
          for (const token of [own, hs512, other]) await expectSame(token, key, o);
          await expect(verifyJwtWithNode(nodeCrypto, own, key, o)).resolves.toMatchObject({ payload: { sub: `s${i}` } });
          await expect(verifyJwtWithNode(nodeCrypto, other, key, o)).rejects.toMatchObject({ code: "signature_mismatch" });
          const allowsHs512 = o.algorithms !== undefined;
          await expect(verifyJwtWithNode(nodeCrypto, hs512, key, o))[allowsHs512 ? "resolves" : "rejects"].toMatchObject(allowsHs512 ? { payload: { sub: `s${i}` } } : { code: "unsupported_algorithm" });
        }
        // A PEM text read between the secrets is a public key, never an HMAC secret.
        const pem = pems[i % 3]!;
        for (const token of [confused, rsaToken]) await expectSame(token, pem, { now: NOW });
        await expect(verifyJwtWithNode(nodeCrypto, confused, pem, { now: NOW })).rejects.toMatchObject({ code: "unsupported_algorithm" });
      }
    }
    await expect(verifyJwtWithNode(nodeCrypto, rsaToken, pairs.rsa.publicPem, { now: NOW })).resolves.toMatchObject({ payload: { sub: "rsa" } });
    // A key refused (too short) is refused every time, as the steps refuse it.
    for (let i = 0; i < 2; i++) await expectSame(forge({ alg: "HS256" }, {}, "short"), "short", { now: NOW });
  });

  // A key set's lookup may wait (a fetch): what the direct path decoded before it (signature,
  // payload text, header) must be its own, not scratch bytes the verifications that run
  // meanwhile (node:crypto's decoders reuse theirs) write over.
  it("verifications waiting for a key set keep their own signature and claims while others run", async () => {
    const slowSet = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return Response.json({ keys: [{ ...pairs.rsa.publicJwk, kid: "rsa-1", alg: "RS256" }] });
    }) as unknown as typeof fetch;
    const jobs: Array<Promise<void>> = [];
    for (let i = 0; i < 40; i++) {
      const set = jwks(`https://issuer.example/waiting-${i}.json`, { fetch: slowSet });
      const token = signed({ alg: "RS256", kid: "rsa-1" }, { sub: `k${i}`, pad: "p".repeat(i * 37) }, pairs.rsa.privateKey, "RS256");
      jobs.push(verifyJwtWithNode(nodeCrypto, token, set, { now: NOW }).then((verified) => expect(verified.payload.sub).toBe(`k${i}`)));
      // Meanwhile, verifications that finish at once, with other segments of other lengths.
      const other = forge({ alg: "HS256", typ: `t${i}` }, { sub: `h${i}`, pad: "q".repeat(i * 53) }, KEY_256);
      jobs.push(verifyJwtWithNode(nodeCrypto, other, KEY_256, { now: NOW }).then((verified) => expect(verified.payload.sub).toBe(`h${i}`)));
      jobs.push(expect(verifyJwtWithNode(nodeCrypto, `${other}=`, KEY_256, { now: NOW })).rejects.toMatchObject({ code: "malformed" }));
    }
    await Promise.all(jobs);
  });

  it("a key set whose lookup waits (first fetch, failed fetch): the same as the steps", async () => {
    const token = signed({ alg: "RS256", kid: "rsa-1" }, { sub: "u" }, pairs.rsa.privateKey, "RS256");
    // A fresh set for each path: the first lookup of each waits for its fetch.
    const direct = await settle(verifyJwtWithNode(nodeCrypto, token, jwks("https://issuer.example/a.json", { fetch: fetchSet })));
    const steps = await settle(verifyJwtWith(nodeCrypto, token, jwks("https://issuer.example/b.json", { fetch: fetchSet })));
    expect(direct).toEqual(steps);
    expect(direct).toMatchObject({ resolved: { secretIndex: 0 } });
    const failing = (async () => new Response("no", { status: 500 })) as unknown as typeof fetch;
    const failedDirect = await settle(verifyJwtWithNode(nodeCrypto, token, jwks("https://issuer.example/c.json", { fetch: failing })));
    const failedSteps = await settle(verifyJwtWith(nodeCrypto, token, jwks("https://issuer.example/d.json", { fetch: failing })));
    expect(failedDirect).toEqual({ ...(failedSteps as object), message: expect.any(String) });
    expect(failedDirect).toMatchObject({ rejected: "KeySetError" });
  });
});

describe("isBase64Url", () => {
  it("accepts exactly the texts fromBase64Url decodes", () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom(...B64URL, "=", "+", "/", " ", "\u0100", "é"), maxLength: 12 }),
      fc.uint8Array({ maxLength: 70 }).map((bytes) => Buffer.from(bytes).toString("base64url")),
      fc.string({ unit: "binary", maxLength: 8 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(isBase64Url(t)).toBe(fromBase64Url(t) !== undefined);
      }),
      { numRuns: 3000 },
    );
    // Every last character of a 2- and 3-character tail: only the ones without stray bits.
    for (const c of B64URL) {
      for (const head of ["A", "AA", "AAAAA", "AAAAAA"]) expect(isBase64Url(head + c)).toBe(fromBase64Url(head + c) !== undefined);
    }
  });
});
