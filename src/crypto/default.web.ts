// `#default-crypto` in the Web Crypto builds (index.web, jwt.web, web), and for type-checkers
// and JSR, which have no export conditions: see src/index.ts.
export { webCrypto as defaultCrypto } from "./web.js";
