// Node only: reads the known-answer vectors (the repository's copy in test/vectors/data)
// and reduces them to plain JSON data for the portable suite. Browsers and workerd cannot read
// files, so runners inline this object into the bundle they load.
import { readFileSync } from "node:fs";

const VECTORS = new URL("../vectors/data/", import.meta.url);

const load = (file) => JSON.parse(readFileSync(new URL(file, VECTORS), "utf8"));

// Keep only the fields the suite reads; drop provenance and prose.
function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

const WEBHOOK_FIELDS = [
  "id", "valid", "failure_reason", "optional_behavior", "requires", "payload_b64", "now", "tolerance_seconds",
  "secret", "secrets", "secret_utf8", "secret_key_whsk", "public_key_whpk", "other_hmac_secret",
  "headers", "header_name", "header_value", "msg_id", "timestamp", "expected_signature", "expected_signature_hex",
];

/** Every vector set the suite knows how to use, as plain data. */
export function loadSuiteData() {
  const webhooks = [];
  for (const [file, scheme] of [
    ["github_webhook_doc.json", "github"],
    ["stripe_generated.json", "stripe"],
    ["standard_webhooks_official.json", "standardWebhooks"],
    ["standard_webhooks_generated.json", "standardWebhooks"],
  ]) {
    for (const vector of load(file).vectors) webhooks.push({ scheme, ...pick(vector, WEBHOOK_FIELDS) });
  }

  const official = load("standard_webhooks_official.json");

  const wycheproofHmac = [];
  for (const group of load("wycheproof_hmac_sha256_test.json").testGroups) {
    for (const test of group.tests) {
      wycheproofHmac.push({ tcId: test.tcId, key: test.key, msg: test.msg, tag: test.tag, tagBytes: group.tagSize / 8, valid: test.result === "valid" });
    }
  }

  const wycheproofEd25519 = [];
  for (const group of load("wycheproof_ed25519_test.json").testGroups) {
    for (const test of group.tests) {
      wycheproofEd25519.push({ tcId: test.tcId, publicKey: group.publicKey.pk, msg: test.msg, sig: test.sig, valid: test.result === "valid" });
    }
  }

  const jwt = [];
  for (const file of ["rfc7515_rfc7519_jwt_hs256.json", "jwt_hs256_generated.json"]) {
    for (const vector of load(file).vectors) {
      jwt.push(pick(vector, ["id", "token", "key_hex", "key_utf8", "now", "verify_options", "check", "valid", "failure_reason", "optional_behavior", "expected_claims"]));
    }
  }

  return {
    webhooks,
    standardWebhooksSignErrors: official.sign_errors.map((e) => pick(e, ["id", "secret", "msg_id", "timestamp_input", "payload_utf8"])),
    standardWebhooksConstructorErrors: official.constructor_errors.map((e) => pick(e, ["id", "secret"])),
    rfc4231: load("rfc4231_hmac_sha256.json").vectors.map((v) => pick(v, ["id", "key_hex", "data_hex", "mac_hex", "truncated_to_bits"])),
    wycheproofHmac,
    rfc8032: load("rfc8032_ed25519.json").vectors.map((v) => pick(v, ["id", "secret_key_hex", "public_key_hex", "message_hex", "signature_hex", "valid"])),
    wycheproofEd25519,
    jwt,
    // Published public-key (and one HMAC) JWS signatures: RFC 7515 A.2/A.3, RFC 8037 A.4, RFC 7520 §4.1–4.4.
    publicKeyJws: ["rfc7515_rfc8037_public_key_jws.json", "rfc7520_jws.json"].flatMap((file) =>
      load(file).vectors.map((v) => pick(v, ["id", "algorithm", "public_jwk", "key_b64url", "signing_input", "signature_b64url"])),
    ),
  };
}
