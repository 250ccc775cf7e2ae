// "hookseal/web": the root API bound to Web Crypto. Never imports node:*.
export * from "./index.js";
export { webCrypto } from "./crypto/web.js";
