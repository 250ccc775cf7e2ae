// `#default-crypto` in the Web Crypto builds (index.web, jwt.web, web), and for type-checkers
// and JSR, which have no export conditions: see src/index.ts. The default leaves Ed25519 out
// (a scheme's Ed25519 rule brings it, see steps.ts); generating key pairs needs all of it.
export { webCryptoCore as defaultCrypto, webCrypto as keyPairCrypto } from "./web.js";
export { verifySteps as verifyStepsOf } from "../engine/engine.js";
export { deliverySteps as deliveryStepsOf } from "../engine/engine.js";
export { runAsync as runStepsOf } from "../engine/steps.js"; // nothing here makes steps that are done already
export { verifyJwtWith } from "../jwt/verify.js";
