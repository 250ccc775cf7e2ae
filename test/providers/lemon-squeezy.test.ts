// Lemon Squeezy: X-Signature: <hex HMAC-SHA256 of the body>, from "Signing requests".
import { lemonSqueezy } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

describeBodySignature({
  scheme: lemonSqueezy,
  hash: "sha256",
  encoding: "hex",
  header: "x-signature",
  prefix: "",
  secret: "ls_signing_secret_4d9a",
  otherSecret: "ls_signing_secret_zzzz",
  body: '{"meta":{"event_name":"order_created"},"data":{"type":"orders","id":"1","attributes":{"store_id":1,"total":1199}}}',
});
