// Small input checks shared by signJwt and verifyJwt.
import type { CryptoProvider } from "../crypto/types.js";

/** `options`, when given, must be an object. */
export function assertOptionsObject(options: unknown, call: string): void {
  if (options === null || typeof options !== "object") throw new TypeError(`${call}: options must be an object`);
}

/** A crypto provider must at least have `hmac`. */
export function assertCrypto(crypto: unknown): CryptoProvider {
  if (crypto === null || typeof crypto !== "object" || typeof (crypto as Partial<CryptoProvider>).hmac !== "function") {
    throw new TypeError("options.crypto must be a CryptoProvider (such as nodeCrypto or webCrypto)");
  }
  return crypto as CryptoProvider;
}

/**
 * A plain object (`{…}` or `Object.create(null)`, from any realm): what JSON serializes as an
 * object member by member. Dates, Maps, arrays and class instances are not.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Object.prototype.toString.call(value) !== "[object Object]") return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
