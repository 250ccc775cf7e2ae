// Hookdeck: x-hookdeck-signature: <base64 HMAC-SHA256 of the body>, from Hookdeck's signature verification guide.
import { hookdeck } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

describeBodySignature({
  scheme: hookdeck,
  hash: "sha256",
  encoding: "base64",
  header: "x-hookdeck-signature",
  prefix: "",
  secret: "hookdeck-signing-secret-a1b2c3",
  otherSecret: "hookdeck-signing-secret-000000",
  body: '{"type":"order.created","data":{"id":"ord_1"}}',
});
