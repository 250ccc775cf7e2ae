// fusionauth with RSA/EC keys and its key set, googlePubSub and plaid: tokens made with jose
// (independent of hookseal) the way each provider documents, keys generated here, key sets
// served by an injected fetch (never the network). Both crypto providers.
import { createHash, generateKeyPairSync } from "node:crypto";
import { exportJWK, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { jwks } from "../../src/keys/jwks.js";
import { KeySetError } from "../../src/keys/key-set-error.js";
import { fusionauth, googlePubSub, memoryReplayStore, plaid, sign, verify, webhookHandler, WebhookVerificationError } from "../../src/index.js";
import type { Scheme } from "../../src/schemes/scheme.js";
import { adapters } from "../adapters.js";

const NOW = 1_700_000_000;
const payload = JSON.stringify({ event: { type: "user.create" }, id: "evt_1" });
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsaPublicPem = rsa.publicKey.export({ format: "pem", type: "spki" }) as string;
const sha256 = (text: string, encoding: "base64" | "hex") => createHash("sha256").update(text).digest(encoding);
const setOf = (...keys: object[]) => (async () => Response.json({ keys })) as unknown as typeof fetch;

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    return (error as Error).name;
  }
}

describe.each(adapters)("public-key JWT schemes ($name crypto)", ({ crypto }) => {
  const check = (scheme: Scheme, secret: unknown, headers: Record<string, string>, options: object = {}) =>
    outcome(verify(scheme, { secret: secret as string, payload, headers, now: NOW, crypto, ...options }));

  describe("fusionauth with RSA and EC keys", () => {
    const fusionToken = async (alg: string, key: CryptoKey | object, extra: object = {}, header: object = {}) =>
      new SignJWT({ request_body_sha256: sha256(payload, "base64"), ...extra })
        .setProtectedHeader({ alg, typ: "JWT", ...header })
        .setIssuedAt(NOW - 5)
        .setExpirationTime(NOW + 55)
        .sign(key as CryptoKey);

    it("RS256 with the public key as PEM, JWK, KeyObject or certificate-less key set", async () => {
      const token = await fusionToken("RS256", rsa.privateKey, {}, { kid: "fa-rsa" });
      const headers = { "x-fusionauth-signature-jwt": token };
      for (const secret of [rsaPublicPem, rsa.publicKey.export({ format: "jwk" }), rsa.publicKey]) expect(await check(fusionauth, secret, headers)).toBe("accepted");
      const keys = jwks("https://auth.example.com/.well-known/jwks.json", { fetch: setOf({ ...(await exportJWK(rsa.publicKey)), kid: "fa-rsa", alg: "RS256", use: "sig" }) });
      expect(await check(fusionauth, keys, headers)).toBe("accepted");
    });

    it("ES256 with a JWK; the body, another key, or a PEM used as an HMAC secret are refused", async () => {
      const token = await fusionToken("ES256", p256.privateKey);
      const jwk = p256.publicKey.export({ format: "jwk" });
      expect(await check(fusionauth, jwk, { "x-fusionauth-signature-jwt": token })).toBe("accepted");
      expect(await outcome(verify(fusionauth, { secret: jwk, payload: payload + " ", headers: { "x-fusionauth-signature-jwt": token }, now: NOW, crypto }))).toBe("no_matching_signature");
      expect(await check(fusionauth, rsaPublicPem, { "x-fusionauth-signature-jwt": token })).toBe("malformed_header"); // ES256 with an RSA key: unsupported_algorithm
      const hs256WithPem = await fusionToken("HS256", new TextEncoder().encode(rsaPublicPem));
      expect(await check(fusionauth, rsaPublicPem, { "x-fusionauth-signature-jwt": hs256WithPem })).toBe("malformed_header");
    });

    it("HMAC keys work as before, and sign() signs with a private key (its kid from the JWK)", async () => {
      const secret = "a-fusionauth-hmac-key-of-32-bytes!!";
      const headers = await sign(fusionauth, { secret, payload, timestamp: NOW, crypto });
      expect(await check(fusionauth, secret, headers)).toBe("accepted");
      const signed = await sign(fusionauth, { secret: { ...p256.privateKey.export({ format: "jwk" }), kid: "k9" } as never, payload, timestamp: NOW, crypto });
      const header = JSON.parse(Buffer.from(signed["x-fusionauth-signature-jwt"]!.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
      expect(header).toEqual({ alg: "ES256", typ: "JWT", kid: "k9" });
      const keys = jwks("https://auth.example.com/.well-known/jwks.json", { fetch: setOf({ ...p256.publicKey.export({ format: "jwk" }), kid: "k9" }) });
      expect(await check(fusionauth, keys, signed)).toBe("accepted");
    });

    it("a high-s copy of an ES256 delivery without jti is the same message to the replay store", async () => {
      const token = await fusionToken("ES256", p256.privateKey);
      const [input, signature] = [token.slice(0, token.lastIndexOf(".")), Buffer.from(token.slice(token.lastIndexOf(".") + 1), "base64url")];
      const n = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
      const s = BigInt("0x" + signature.subarray(32).toString("hex"));
      const highS = Buffer.concat([signature.subarray(0, 32), Buffer.from((n - s).toString(16).padStart(64, "0"), "hex")]);
      const malleated = `${input}.${highS.toString("base64url")}`;
      const replay = memoryReplayStore();
      const jwk = p256.publicKey.export({ format: "jwk" });
      expect(await check(fusionauth, jwk, { "x-fusionauth-signature-jwt": token }, { replay })).toBe("accepted");
      expect(await check(fusionauth, jwk, { "x-fusionauth-signature-jwt": malleated })).toBe("accepted"); // a valid signature…
      expect(await check(fusionauth, jwk, { "x-fusionauth-signature-jwt": malleated }, { replay })).toBe("replayed"); // …of a message already seen
    });

    it("a key set that cannot be fetched: KeySetError, and webhookHandler answers 503", async () => {
      const down = (async () => new Response("", { status: 500 })) as unknown as typeof fetch;
      const keys = jwks("https://auth.example.com/.well-known/jwks.json", { fetch: down });
      const token = await fusionToken("RS256", rsa.privateKey, {}, { kid: "fa-rsa" });
      expect(await check(fusionauth, keys, { "x-fusionauth-signature-jwt": token })).toBe("KeySetError");
      const handle = webhookHandler(fusionauth, { secret: keys as never, now: NOW }, async () => new Response(null, { status: 204 }));
      const answer = await handle(new Request("https://hooks.example/fa", { method: "POST", body: payload, headers: { "x-fusionauth-signature-jwt": token } }));
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ error: "key_set_unavailable" });
    });
  });

  describe("googlePubSub", () => {
    const audience = "https://hooks.example.com/pubsub";
    const email = "pusher@my-project.iam.gserviceaccount.com";
    const googleToken = async (claims: object, kid = "g1", key: object = rsa.privateKey) =>
      new SignJWT({ iss: "https://accounts.google.com", aud: audience, email, email_verified: true, sub: "1234", ...claims })
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuedAt(NOW - 60)
        .setExpirationTime((claims as { exp?: number }).exp ?? NOW + 3540)
        .sign(key as CryptoKey);
    const googleKeys = () => jwks("https://www.googleapis.com/oauth2/v3/certs", { fetch: setOf({ ...rsa.publicKey.export({ format: "jwk" }), kid: "g1", alg: "RS256", use: "sig" }) });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it("accepts Google's token (both issuer spellings) for the audience and service account", async () => {
      const scheme = googlePubSub({ audience, serviceAccountEmail: email, jwks: googleKeys() });
      expect(await check(scheme, [], bearer(await googleToken({})))).toBe("accepted");
      expect(await check(scheme, [], bearer(await googleToken({ iss: "accounts.google.com" })))).toBe("accepted");
      const verified = await verify(scheme, { secret: [], payload, headers: bearer(await googleToken({})), now: NOW, crypto });
      expect(verified.timestamp).toBe(NOW - 60);
    });

    it("refuses another audience, issuer, service account, an unverified email, an expired token, another key", async () => {
      const scheme = googlePubSub({ audience, serviceAccountEmail: email, jwks: googleKeys() });
      expect(await check(scheme, [], bearer(await googleToken({ aud: "https://other.example" })))).toBe("no_matching_signature");
      expect(await check(scheme, [], bearer(await googleToken({ iss: "https://evil.example" })))).toBe("no_matching_signature");
      expect(await check(scheme, [], bearer(await googleToken({ email: "other@x.iam.gserviceaccount.com" })))).toBe("no_matching_signature");
      expect(await check(scheme, [], bearer(await googleToken({ email_verified: false })))).toBe("no_matching_signature");
      expect(await check(scheme, [], bearer(await googleToken({ exp: NOW - 10 })))).toBe("timestamp_too_old");
      const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
      expect(await check(scheme, [], bearer(await googleToken({}, "g1", other.privateKey)))).toBe("no_matching_signature");
      expect(await check(scheme, [], bearer(await googleToken({}, "unknown-kid")))).toBe("no_matching_signature");
      expect(await check(scheme, [], {})).toBe("missing_header");
      expect(await check(scheme, [], { authorization: "Basic abc" })).toBe("malformed_header");
    });

    it("without serviceAccountEmail, any Google-signed token for the audience passes; sign() makes one", async () => {
      const scheme = googlePubSub({ audience, jwks: [rsaPublicPem] });
      const headers = await sign(scheme, { secret: rsa.privateKey.export({ format: "pem", type: "pkcs8" }) as string, payload, timestamp: NOW, crypto });
      expect(headers.authorization).toMatch(/^Bearer /);
      expect(await check(scheme, [], headers)).toBe("accepted");
    });

    it("a secret is a TypeError; options are checked at once; a replayed body is refused with a store", async () => {
      const scheme = googlePubSub({ audience, jwks: googleKeys() });
      await expect(verify(scheme, { secret: "x", payload, headers: bearer(await googleToken({})), now: NOW, crypto })).rejects.toThrow(TypeError);
      expect(() => googlePubSub({} as never)).toThrow(TypeError);
      expect(() => googlePubSub({ audience, jwks: "not a key" as never })).toThrow(TypeError);
      const replay = memoryReplayStore();
      const headers = bearer(await googleToken({}));
      expect(await check(scheme, [], headers, { replay })).toBe("accepted");
      expect(await check(scheme, [], headers, { replay })).toBe("replayed");
    });

    it("Google's keys unavailable → KeySetError", async () => {
      const scheme = googlePubSub({ audience, jwks: jwks("https://www.googleapis.com/oauth2/v3/certs", { fetch: (async () => { throw new TypeError("offline"); }) as unknown as typeof fetch }) });
      expect(await check(scheme, [], bearer(await googleToken({})))).toBe("KeySetError");
    });
  });

  describe("plaid", () => {
    const plaidJwk = { ...(p256.publicKey.export({ format: "jwk" }) as object), alg: "ES256", use: "sig", kid: "plaid-1", created_at: 1560466150, expired_at: null };
    const plaidToken = async (body: string, iat: number, header: object = { alg: "ES256", kid: "plaid-1", typ: "JWT" }, key: object = p256.privateKey) =>
      new SignJWT({ request_body_sha256: sha256(body, "hex") })
        .setProtectedHeader(header as { alg: string })
        .setIssuedAt(iat)
        .sign(key as CryptoKey);

    it("verifies Plaid's token, asking for each key once", async () => {
      const key = vi.fn(async (kid: string) => (kid === "plaid-1" ? plaidJwk : Promise.reject(new Error("unknown key id"))));
      const scheme = plaid({ key });
      const headers = { "plaid-verification": await plaidToken(payload, NOW - 30) };
      expect(await check(scheme, [], headers)).toBe("accepted");
      expect(await check(scheme, [], headers)).toBe("accepted");
      expect(key).toHaveBeenCalledTimes(1);
      expect(key).toHaveBeenCalledWith("plaid-1");
    });

    it("refuses a changed body, an old iat, another algorithm or key, and a missing kid", async () => {
      const scheme = plaid({ key: async () => plaidJwk });
      expect(await check(scheme, [], { "plaid-verification": await plaidToken(payload + "x", NOW - 30) })).toBe("no_matching_signature");
      expect(await check(scheme, [], { "plaid-verification": await plaidToken(payload, NOW - 301) })).toBe("timestamp_too_old");
      expect(await check(scheme, [], { "plaid-verification": await plaidToken(payload, NOW - 30, { alg: "HS256", kid: "plaid-1" }, new TextEncoder().encode("x".repeat(32))) })).toBe("malformed_header");
      expect(await check(scheme, [], { "plaid-verification": await plaidToken(payload, NOW - 30, { alg: "ES256" }) })).toBe("malformed_header");
      const other = generateKeyPairSync("ec", { namedCurve: "P-256" });
      expect(await check(scheme, [], { "plaid-verification": await plaidToken(payload, NOW - 30, undefined, other.privateKey) })).toBe("no_matching_signature");
      expect(await check(scheme, [], { "plaid-verification": "not.a.jwt.at.all" })).toBe("malformed_header");
    });

    it("a key function that fails → KeySetError (503), and the failure is not cached", async () => {
      let calls = 0;
      const scheme = plaid({ key: async () => {
        calls++;
        if (calls === 1) throw new Error("Plaid API down");
        return plaidJwk;
      } });
      const headers = { "plaid-verification": await plaidToken(payload, NOW - 30) };
      const error = await verify(scheme, { secret: [], payload, headers, now: NOW, crypto }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeySetError);
      expect(await check(scheme, [], headers)).toBe("accepted");
      expect(calls).toBe(2);
      const rsaGiven = plaid({ key: async () => rsa.publicKey.export({ format: "jwk" }) });
      expect(await check(rsaGiven, [], headers)).toBe("KeySetError");
    });

    it("the key cache is bounded: a flood of made-up kids keeps at most 16 keys", async () => {
      const seen: string[] = [];
      const scheme = plaid({ key: async (kid) => (seen.push(kid), { ...plaidJwk, kid }) });
      for (let i = 0; i < 40; i++) {
        const token = await plaidToken(payload, NOW - 30, { alg: "ES256", kid: `k${i}` });
        await check(scheme, [], { "plaid-verification": token });
      }
      await check(scheme, [], { "plaid-verification": await plaidToken(payload, NOW - 30, { alg: "ES256", kid: "k0" }) });
      expect(seen.filter((kid) => kid === "k0")).toHaveLength(2); // k0 was dropped from the cache
      expect(() => plaid({} as never)).toThrow(TypeError);
    });

    it("sign() makes a Plaid-style token for tests", async () => {
      const scheme = plaid({ key: async () => plaidJwk });
      const headers = await sign(scheme, { secret: { ...p256.privateKey.export({ format: "jwk" }), kid: "plaid-1" } as never, payload, timestamp: NOW - 10, crypto });
      expect(await check(scheme, [], headers)).toBe("accepted");
      // Without a kid the token names no key: Plaid always sends one.
      const noKid = await sign(scheme, { secret: p256.privateKey.export({ format: "pem", type: "pkcs8" }) as string, payload, timestamp: NOW - 10, crypto });
      expect(await check(scheme, [], noKid)).toBe("malformed_header");
    });
  });
});
