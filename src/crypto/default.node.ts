// `#default-crypto` in the node:crypto builds (index.node, jwt.node, node): see src/index.ts.
export { nodeCrypto as defaultCrypto, nodeCrypto as keyPairCrypto } from "./node.js";
export { rememberedVerifySteps as verifyStepsOf, directDeliverySteps as deliveryStepsOf } from "../engine/remembered.js";
export { runAsyncOrDone as runStepsOf } from "../engine/steps.js"; // the direct path's steps may be done already
export { verifyJwtWithNode as verifyJwtWith } from "../jwt/direct.js";
