// WooCommerce: X-WC-Webhook-Signature: <base64 HMAC-SHA256 of the body>, from the REST API docs (Webhooks).
import { wooCommerce } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

describeBodySignature({
  scheme: wooCommerce,
  hash: "sha256",
  encoding: "base64",
  header: "x-wc-webhook-signature",
  prefix: "",
  secret: "wc-secret-2c1e6f0a9b",
  otherSecret: "wc-secret-0000000000",
  body: '{"id":727,"status":"processing","currency":"USD","total":"29.35"}',
});
