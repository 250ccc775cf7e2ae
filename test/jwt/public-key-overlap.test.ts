// verifyJwt with a public key reads the claims while the platform verifies the signature (Web
// Crypto does it off the main thread), and lets them count only once the signature verified:
// the outcome is the one the sequential order gives, whatever the verdict and the claims are.
import { sign as nodeSign } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import type { CryptoProvider } from "../../src/crypto/types.js";
import { webCrypto } from "../../src/crypto/web.js";
import { JwtError } from "../../src/jwt/errors.js";
import { verifyJwtWith } from "../../src/jwt/verify.js";
import { NOW } from "./helpers.js";
import { keyPairs } from "./key-pairs.js";

const rsa = keyPairs().rsa;
const segment = (text: string) => Buffer.from(text).toString("base64url");

/** An RS256 token over `payload` (any text), its signature made with node:crypto; `tampered` flips a bit of it. */
function token(payload: string, tampered = false): string {
  const input = `${segment(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${segment(payload)}`;
  const signature = nodeSign("sha256", Buffer.from(input), rsa.privateKey);
  if (tampered) signature[10]! ^= 1;
  return `${input}.${signature.toString("base64url")}`;
}

const PAYLOADS = {
  valid: JSON.stringify({ sub: "user_1", exp: NOW + 60 }),
  expired: JSON.stringify({ sub: "user_1", exp: NOW - 60 }),
  notJson: "not a claims set",
  wrongType: JSON.stringify({ sub: 1 }),
} as const;

/** What a verification came to: "ok", a JwtError code, or an error's name. */
async function outcome(crypto: CryptoProvider, jwt: string): Promise<string> {
  return verifyJwtWith(crypto, jwt, rsa.publicPem, { now: NOW, crypto }).then(
    () => "ok",
    (error: unknown) => (error instanceof JwtError ? error.code : error instanceof Error ? error.name : String(error)),
  );
}

/** A provider whose public-key verdicts wait until `settle` is called (the platform, slow). */
function deferredProvider() {
  const pending: Array<{ resolve: (verdict: boolean) => void; reject: (error: unknown) => void }> = [];
  const provider: CryptoProvider = {
    ...webCrypto,
    name: "deferred",
    publicKeyVerify: (...args) =>
      new Promise<boolean>((resolve, reject) => {
        pending.push({ resolve, reject });
        void args;
      }),
  };
  return { provider, pending };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.restoreAllMocks());

describe("verifyJwt, public key: the claims read while the signature is verified", () => {
  it("parses the claims before the platform's verdict arrives, and resolves only after it", async () => {
    const { provider, pending } = deferredProvider();
    const parse = vi.spyOn(JSON, "parse");
    let settled = false;
    const result = verifyJwtWith(provider, token(PAYLOADS.valid), rsa.publicPem, { now: NOW, crypto: provider }).finally(() => (settled = true));
    await tick();
    expect(pending).toHaveLength(1);
    expect(parse.mock.calls.some(([text]) => text === PAYLOADS.valid)).toBe(true); // read meanwhile
    expect(settled).toBe(false);
    pending[0]!.resolve(true);
    expect((await result).payload).toEqual(JSON.parse(PAYLOADS.valid));
  });

  it.each([
    [true, "valid", "ok"],
    [true, "expired", "expired"],
    [true, "notJson", "malformed"],
    [true, "wrongType", "malformed"],
    [false, "valid", "signature_mismatch"],
    [false, "expired", "signature_mismatch"],
    [false, "notJson", "signature_mismatch"],
    [false, "wrongType", "signature_mismatch"],
  ] as const)("a verdict of %s with %s claims comes to %s", async (verdict, payload, expected) => {
    const { provider, pending } = deferredProvider();
    const result = outcome(provider, token(PAYLOADS[payload]));
    await tick();
    pending[0]!.resolve(verdict);
    expect(await result).toBe(expected);
  });

  it("a platform that fails (a key it cannot import) fails the verification, whatever the claims", async () => {
    for (const payload of [PAYLOADS.valid, PAYLOADS.expired, PAYLOADS.notJson]) {
      const { provider, pending } = deferredProvider();
      const result = outcome(provider, token(payload));
      await tick();
      pending[0]!.reject(new TypeError("the key could not be imported"));
      expect(await result).toBe("TypeError");
    }
  });

  it("only a verdict of true verifies: a provider's truthy non-boolean, or one that throws at once, does not", async () => {
    for (const answer of ["yes", 1, {}, undefined] as const) {
      const { provider, pending } = deferredProvider();
      const result = outcome(provider, token(PAYLOADS.valid));
      await tick();
      pending[0]!.resolve(answer as unknown as boolean);
      expect(await result, String(answer)).toBe("signature_mismatch");
    }
    const throwing: CryptoProvider = {
      ...webCrypto,
      name: "throwing",
      publicKeyVerify: () => {
        throw new TypeError("the platform failed");
      },
    };
    expect(await outcome(throwing, token(PAYLOADS.expired))).toBe("TypeError");
  });

  it.each([
    ["node:crypto (answers at once)", nodeCrypto],
    ["Web Crypto (answers later)", webCrypto],
  ] as const)("real signatures on %s: the same outcome as the sequential order", async (_name, crypto) => {
    for (const [payload, expected] of [
      ["valid", "ok"],
      ["expired", "expired"],
      ["notJson", "malformed"],
      ["wrongType", "malformed"],
    ] as const) {
      expect(await outcome(crypto, token(PAYLOADS[payload]))).toBe(expected);
      expect(await outcome(crypto, token(PAYLOADS[payload], true))).toBe("signature_mismatch");
    }
  });
});
