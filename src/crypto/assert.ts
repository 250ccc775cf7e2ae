import type { CryptoProvider } from "./types.js";

/** A `crypto` option must be a provider: at least `hmac` and `digest`. */
export function assertCrypto(crypto: unknown): CryptoProvider {
  if (crypto === null || typeof crypto !== "object" || typeof (crypto as Partial<CryptoProvider>).hmac !== "function" ||
    typeof (crypto as Partial<CryptoProvider>).digest !== "function") {
    throw new TypeError("options.crypto must be a CryptoProvider (such as nodeCrypto or webCrypto)");
  }
  return crypto as CryptoProvider;
}

