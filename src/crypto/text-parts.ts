// Which crypto providers take text parts as they are (see Part in lib/bytes.ts). The public
// CryptoProvider contract hands a provider bytes; the built-in adapters also accept strings,
// so a string body reaches node:crypto's update() without being encoded first. Known by
// identity: a provider spread from nodeCrypto with its own hmac() still receives bytes.
import { partsAsBytes, type Part } from "../lib/bytes.js";
import type { CryptoProvider } from "./types.js";

const textProviders = /* @__PURE__ */ new WeakSet<object>();

/** Marks a built-in adapter as taking strings among its parts; returns it. */
export function takesText<T extends CryptoProvider>(provider: T): T {
  textProviders.add(provider);
  return provider;
}

/** True when `crypto` takes text parts as they are. */
export const acceptsText = (crypto: CryptoProvider): boolean => textProviders.has(crypto);

/** The parts as `crypto` takes them. */
export const partsFor = (text: boolean, parts: readonly Part[]): readonly Uint8Array[] =>
  text ? (parts as readonly Uint8Array[]) : partsAsBytes(parts);
