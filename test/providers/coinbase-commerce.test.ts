// Coinbase Commerce: X-CC-Webhook-Signature: <hex HMAC-SHA256 of the body>, from "Webhooks Security".
import { coinbaseCommerce } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

describeBodySignature({
  scheme: coinbaseCommerce,
  hash: "sha256",
  encoding: "hex",
  header: "x-cc-webhook-signature",
  prefix: "",
  secret: "6a1b3c5d-7e9f-4a2b-8c0d-1e2f3a4b5c6d",
  otherSecret: "00000000-0000-4000-8000-000000000000",
  body: '{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","event":{"id":"24934862-d980-46cb-9402-43c81b0cdba6","type":"charge:created"}}',
  eventId: "24934862-d980-46cb-9402-43c81b0cdba6", // event.id, not the delivery's numeric id
});
