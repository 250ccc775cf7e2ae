import { asciiBytes } from "./ascii.js";
import { asBytes } from "./bytes.js";

/**
 * Compares two byte strings in time that depends only on their length, so an attacker who can
 * measure the response time learns nothing about how many leading bytes of a guess were right.
 * Strings are compared as their UTF-8 bytes. Different lengths return `false` at once: the
 * length of a MAC is public.
 *
 * @example
 * ```ts
 * timingSafeEqual(receivedToken, expectedToken); // true or false, never throws for strings
 * ```
 */
export function timingSafeEqual(a: string | Uint8Array | ArrayBuffer, b: string | Uint8Array | ArrayBuffer): boolean {
  const left = asBytes(a);
  const right = asBytes(b);
  if (left === undefined || right === undefined) {
    throw new TypeError("timingSafeEqual compares a string, Uint8Array or ArrayBuffer with another");
  }
  return equalBytes(left, right);
}

/** Constant-time equality of two byte arrays (internal form of {@link timingSafeEqual}). */
export function equalBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= left[i]! ^ right[i]!;
  return difference === 0;
}

/**
 * Constant-time equality of two strings by their UTF-16 code units: no encoding, no allocation.
 * The same answer as `===` for any two strings (the received one need not be checked first);
 * the time depends on their lengths (a MAC's is public), never on where they differ.
 */
export function equalText(left: string, right: string): boolean {
  let difference = left.length ^ right.length;
  for (let i = 0; i < left.length; i++) difference |= left.charCodeAt(i) ^ right.charCodeAt(i);
  return difference === 0;
}

/**
 * Constant-time: whether `text` is exactly `expected`, an ASCII string (a MAC's base64, as
 * node:crypto makes it). `text` is read as bytes (one native call), not a character at a time.
 * The time depends only on the lengths.
 */
export function asciiMatches(text: string, expected: string): boolean {
  const src = asciiBytes(text);
  if (src === undefined || text.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= src[i]! ^ expected.charCodeAt(i);
  return difference === 0;
}
