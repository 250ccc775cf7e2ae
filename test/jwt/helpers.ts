// Shared by the JWT suites: both crypto adapters, the vector files, an independent token
// forger (node:crypto + Buffer, no hookseal code), and an assertion on JwtError codes.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import type { CryptoProvider } from "../../src/crypto/types.js";
import { webCrypto } from "../../src/crypto/web.js";
import { JwtError, type JwtErrorCode } from "../../src/jwt/errors.js";

export const providers: ReadonlyArray<readonly [name: string, crypto: CryptoProvider]> = [
  ["node", nodeCrypto],
  ["web", webCrypto],
];

const VECTORS = new URL("../vectors/data/", import.meta.url);

export function loadVectorFile<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, VECTORS), "utf8")) as T;
}

export const hexBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, "hex"));
export const b64url = (data: string | Uint8Array): string => Buffer.from(data).toString("base64url");
export const fromB64url = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64url"));

const NODE_HASH = { HS256: "sha256", HS384: "sha384", HS512: "sha512" } as const;

/** HMAC of `signingInput` with node:crypto, base64url (independent of hookseal). */
export function macOf(signingInput: string, key: Uint8Array | string, alg: keyof typeof NODE_HASH = "HS256"): string {
  return createHmac(NODE_HASH[alg], key).update(signingInput).digest("base64url");
}

/**
 * A token assembled by hand. `header` and `payload` are objects (serialized with JSON.stringify)
 * or raw strings used as the JSON text; the MAC is over the encoded segments.
 */
export function forge(
  header: unknown,
  payload: unknown,
  key: Uint8Array | string,
  alg: keyof typeof NODE_HASH = "HS256",
): string {
  const encode = (part: unknown) => b64url(typeof part === "string" ? part : JSON.stringify(part));
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${macOf(signingInput, key, alg)}`;
}

/** Awaits a rejection and checks it is a JwtError with `code`. */
export async function expectJwtError(promise: Promise<unknown>, code: JwtErrorCode): Promise<JwtError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if ("resolved" in outcome) throw new Error(`expected a JwtError "${code}", but verification succeeded`);
  expect(outcome.error).toBeInstanceOf(JwtError);
  expect((outcome.error as JwtError).code).toBe(code);
  return outcome.error as JwtError;
}

/** A JWT-shaped JSON round trip: what a claims set looks like after signing and verifying. */
export const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Fixed keys that satisfy RFC 7518 §3.2 for each algorithm. */
export const KEY_256 = hexBytes("8a1f43ccc803ad16d4294c3b1e4a0e77aa7166ef4c80a48801d7367399a797ba");
export const KEY_384 = hexBytes("0f".repeat(48));
export const KEY_512 = hexBytes("a5".repeat(64));
export const NOW = 1_700_000_000;
