// Typeform: Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>, from "Secure your webhooks".
import { typeform } from "../../src/index.js";
import { describeBodySignature } from "./body-signature.js";

describeBodySignature({
  scheme: typeform,
  hash: "sha256",
  encoding: "base64",
  header: "typeform-signature",
  prefix: "sha256=",
  secret: "typeform-secret-9e8d7c",
  otherSecret: "typeform-secret-000000",
  body: '{"event_id":"01GR5X5","event_type":"form_response","form_response":{"form_id":"lT4Z3j","answers":[]}}',
  eventId: "01GR5X5",
});
