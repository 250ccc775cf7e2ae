// Small input checks shared by signJwt and verifyJwt.
export { assertCrypto } from "../crypto/assert.js";
export { assertOptionsObject } from "../lib/options-object.js";


/**
 * A plain object (`{…}` or `Object.create(null)`, from any realm): what JSON serializes as an
 * object member by member. Dates, Maps, arrays and class instances are not.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Object.prototype.toString.call(value) !== "[object Object]") return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
