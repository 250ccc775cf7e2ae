// JWT secrets: a UTF-8 string or raw bytes, never shorter than the hash output.
import { asBytes, isArrayBuffer, isUint8Array } from "../lib/bytes.js";
import type { JwtAlgorithmDescriptor } from "./algorithms.js";

const describe = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

/** Key bytes of one secret; `TypeError` for anything but a string, Uint8Array or ArrayBuffer. */
function keyBytes(secret: unknown, label: string): Uint8Array {
  const key = typeof secret === "string" || isUint8Array(secret) || isArrayBuffer(secret) ? asBytes(secret) : undefined;
  if (key === undefined) {
    throw new TypeError(`${label} must be a string (used as UTF-8) or a Uint8Array/ArrayBuffer of raw bytes, got ${describe(secret)}`);
  }
  return key;
}

/**
 * RFC 7518 §3.2: "A key of the same size as the hash output … or larger MUST be used". A short
 * secret is a configuration mistake, so it is a `RangeError`, never a token error. Only the
 * length is reported, never the secret.
 */
function assertKeyLength(key: Uint8Array, algorithm: JwtAlgorithmDescriptor, label: string, why: string): void {
  if (key.length < algorithm.minKeyBytes) {
    throw new RangeError(
      `${label} is ${key.length} bytes long, but ${algorithm.name}${why} needs at least ${algorithm.minKeyBytes} (RFC 7518 §3.2). ` +
        "Use a longer random secret, for example generateSecret({ bytes: 64 }).",
    );
  }
}

/** The key for `signJwt`: exactly one secret, long enough for the algorithm. */
export function signingKey(secret: unknown, algorithm: JwtAlgorithmDescriptor): Uint8Array {
  if (Array.isArray(secret)) throw new TypeError("signJwt signs with one secret; pass a string or bytes, not an array");
  const key = keyBytes(secret, "the secret");
  assertKeyLength(key, algorithm, "the secret", "");
  return key;
}

/**
 * The keys for `verifyJwt`: one or more secrets (rotation), each long enough for EVERY allowed
 * algorithm, since a token may name any of them. Checking against the allow-list rather than
 * the token's `alg` keeps this a pure configuration check that no token can trigger.
 */
export function verificationKeys(secrets: unknown, allowed: readonly JwtAlgorithmDescriptor[]): Uint8Array[] {
  if (!Array.isArray(secrets)) return [verificationKey(secrets, "the secret", allowed)]; // the usual case: no list, no closure
  const list: readonly unknown[] = secrets;
  if (list.length === 0) throw new RangeError("verifyJwt needs at least one secret");
  const keys: Uint8Array[] = [];
  for (let index = 0; index < list.length; index++) keys.push(verificationKey(list[index], list.length === 1 ? "the secret" : `secret #${index}`, allowed));
  return keys;
}

/** One secret of {@link verificationKeys}, long enough for the strictest allowed algorithm. */
function verificationKey(secret: unknown, label: string, allowed: readonly JwtAlgorithmDescriptor[]): Uint8Array {
  let strictest = allowed[0]!;
  for (let i = 1; i < allowed.length; i++) if (allowed[i]!.minKeyBytes > strictest.minKeyBytes) strictest = allowed[i]!;
  const key = keyBytes(secret, label);
  assertKeyLength(key, strictest, label, allowed.length > 1 ? " (allowed by options.algorithms)" : "");
  return key;
}
