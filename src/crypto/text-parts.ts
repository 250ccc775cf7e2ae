// Which crypto providers take text parts as they are (see Part in lib/bytes.ts). The public
// CryptoProvider contract hands a provider bytes; the built-in adapters also accept strings,
// so a string body reaches node:crypto's update() without being encoded first. Known by
// identity: a provider spread from nodeCrypto with its own hmac() still receives bytes.
import { partsAsBytes, type Part } from "../lib/bytes.js";
import type { CryptoProvider, HashAlgorithm } from "./types.js";
import type { Base64Codec } from "../lib/base64-codec.js";

/**
 * What the step drivers (engine/steps.ts) may call on a built-in adapter instead of its public
 * methods. `hmac`: the MAC as the platform returns it (node:crypto's Buffer), for the engine,
 * which only reads its bytes; the public `hmac()` returns a plain Uint8Array view of it.
 */
export interface BuiltInCalls {
  readonly hmac?: (hash: HashAlgorithm, key: Uint8Array, parts: readonly Part[]) => Uint8Array;
  /** Strict base64 with the platform's decoders (the same texts accepted, the same bytes). */
  readonly base64?: Base64Codec;
}

const NO_CALLS: BuiltInCalls = {};
const textProviders = /* @__PURE__ */ new WeakMap<object, BuiltInCalls>();

/** Marks a built-in adapter as taking strings among its parts, with the calls the drivers may use instead of its public ones; returns it. */
export function takesText<T extends CryptoProvider>(provider: T, calls: BuiltInCalls = NO_CALLS): T {
  textProviders.set(provider, calls);
  return provider;
}

/** The driver's calls of a built-in adapter (which takes text parts as they are), or undefined for any other provider. */
export const builtInCalls = (crypto: CryptoProvider): BuiltInCalls | undefined => textProviders.get(crypto);

/** The parts as `crypto` takes them. */
export const partsFor = (text: boolean, parts: readonly Part[]): readonly Uint8Array[] =>
  text ? (parts as readonly Uint8Array[]) : partsAsBytes(parts);
