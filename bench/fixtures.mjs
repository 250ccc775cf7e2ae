// Inputs of the benchmark: JSON bodies of exact sizes, in the two forms receivers hold them
// (a string, as from `await request.text()`, and a Buffer, as from `express.raw()`), one
// tampered copy of each, secrets, and signed headers for every scheme, in the two forms they
// arrive in (a Node `IncomingHttpHeaders`-shaped record and a Fetch `Headers` object).
// Signatures are made here with node:crypto directly, not with hookseal, so a case that
// passes its correctness check is checked against an independent signer.
import { createHmac, createSign, generateKeyPairSync, randomBytes, sign as nodeSign } from "node:crypto";

export const KiB = 1024;
export const MiB = 1024 * KiB;
/** Payload sizes timed by default; `BENCH_SIZES=1k,64k,1m` picks others (see run.mjs). */
export const SIZES = [KiB, MiB];
/** The payload forms: `string` (`request.text()`) and `buffer` (`express.raw()`). */
export const FORMS = ["string", "buffer"];
/** The header forms: `record` (Node's `req.headers`) and `fetch` (a Fetch `Headers`). */
export const HEADER_FORMS = ["record", "fetch"];

/** Parses "1k", "64k", "1m" or a byte count. */
export function parseSize(text) {
  const match = /^(\d+)\s*([km]?)i?b?$/i.exec(text.trim());
  if (match === null) throw new RangeError(`bench: cannot read the size "${text}" (use 1k, 64k, 1m or bytes)`);
  return Number(match[1]) * ({ k: KiB, m: MiB }[match[2].toLowerCase()] ?? 1);
}

/** A short label for a size in bytes: "1 KiB", "64 KiB", "1 MiB". */
export function sizeLabel(size) {
  return size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`;
}

const alnum = (length) => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
  return out;
};

// The secrets each provider hands out.
export const secrets = {
  /** GitHub: free text; a random 40-character string, as GitHub's docs suggest. */
  github: randomBytes(20).toString("hex"),
  /** Stripe: "whsec_" + text; the whole string's UTF-8 bytes are the key. */
  stripe: `whsec_${alnum(32)}`,
  /** Standard Webhooks / Svix: "whsec_" + base64 of the key bytes. */
  standardWebhooks: `whsec_${randomBytes(32).toString("base64")}`,
};
/** Key bytes of each secret, as a raw caller would hold them. */
export const keys = {
  github: Buffer.from(secrets.github, "utf8"),
  stripe: Buffer.from(secrets.stripe, "utf8"),
  standardWebhooks: Buffer.from(secrets.standardWebhooks.slice("whsec_".length), "base64"),
};
/** Two more GitHub secrets that do not match: the rotation case tries them first. */
export const wrongGithubSecrets = [randomBytes(20).toString("hex"), randomBytes(20).toString("hex")];

/**
 * A JSON document of exactly `size` bytes shaped like a webhook event: an envelope and an
 * array of line items, padded with a note to the exact length. Every peer that parses the
 * body (stripe, svix) gets real JSON to parse.
 */
export function jsonBody(size) {
  const head = '{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"invoice.paid","created":1700000000,"data":{"object":{"lines":[';
  const tail = (pad) => `],"note":"${"x".repeat(pad)}"}}}`;
  let text = head;
  for (let i = 1; ; i++) {
    const item = `${i > 1 ? "," : ""}{"id":"il_${String(i).padStart(8, "0")}","amount":${1000 + (i % 9000)},"currency":"usd","description":"Line item ${i}","paid":true}`;
    if (text.length + item.length + tail(0).length > size) break;
    text += item;
  }
  text += tail(size - text.length - tail(0).length);
  const body = Buffer.from(text, "utf8");
  if (body.length !== size) throw new Error(`jsonBody(${size}) produced ${body.length} bytes`);
  JSON.parse(text); // valid JSON, or the bench is wrong
  return body;
}

/** A copy of `body` with one digit in the middle changed: still valid JSON, no longer signed. */
export function tamper(body) {
  const copy = Buffer.from(body);
  let i = copy.length >> 1;
  while (!(copy[i] >= 0x30 && copy[i] <= 0x39)) i = (i + 1) % copy.length;
  copy[i] = copy[i] === 0x39 ? 0x30 : copy[i] + 1;
  return copy;
}

const hmac = (key, ...parts) => {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
};

/** What a Node receiver's `req.headers` holds besides the signature headers. */
const COMMON_HEADERS = {
  host: "hooks.example.com",
  "user-agent": "Webhook-Sender/1.0",
  accept: "*/*",
  "content-type": "application/json",
  "accept-encoding": "gzip",
  "x-forwarded-for": "192.0.2.10",
  "x-forwarded-proto": "https",
};

/** Everything the cases of one payload size need. */
export function webhookFixture(size) {
  const body = jsonBody(size);
  const timestamp = Math.floor(Date.now() / 1000);
  const id = `msg_${alnum(27)}`;
  const stripePrefix = `${timestamp}.`;
  const swPrefix = `${id}.${timestamp}.`;

  const macs = {
    github: hmac(keys.github, body),
    stripe: hmac(keys.stripe, stripePrefix, body),
    standardWebhooks: hmac(keys.standardWebhooks, swPrefix, body),
  };
  const common = { ...COMMON_HEADERS, "content-length": String(size) };
  const headers = {
    github: { ...common, "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "x-hub-signature-256": `sha256=${macs.github.toString("hex")}` },
    stripe: { ...common, "stripe-signature": `t=${timestamp},v1=${macs.stripe.toString("hex")}` },
    standardWebhooks: {
      ...common,
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": `v1,${macs.standardWebhooks.toString("base64")}`,
    },
    svix: { ...common, "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": `v1,${macs.standardWebhooks.toString("base64")}` },
  };
  const fetchHeaders = Object.fromEntries(Object.entries(headers).map(([scheme, record]) => [scheme, new Headers(record)]));
  const tampered = tamper(body);
  return {
    size,
    /** The signed body as a Buffer and as a string (pure ASCII JSON, so both are the same bytes). */
    payloads: { buffer: body, string: body.toString("utf8") },
    tamperedPayloads: { buffer: tampered, string: tampered.toString("utf8") },
    body,
    tampered,
    timestamp,
    id,
    stripePrefix,
    swPrefix,
    macs,
    /** Headers per scheme and form: `headers.record.github`, `headers.fetch.stripe`, ... */
    headers: { record: headers, fetch: fetchHeaders },
  };
}

const base64url = (bytes) => Buffer.from(bytes).toString("base64url");

/**
 * An HS256 JWT of about 200 characters, its secret (32 random bytes, the RFC 7518 minimum),
 * a tampered copy (one payload character changed), and the expected MAC for the raw baseline.
 */
export function jwtFixture() {
  const secret = randomBytes(32);
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const claims = { iss: "https://sender.example", sub: "user_2Qx7", iat: now, exp: now + 3600 };
  const payload = base64url(JSON.stringify(claims));
  const signingInput = `${header}.${payload}`;
  const mac = hmac(secret, signingInput);
  const token = `${signingInput}.${base64url(mac)}`;
  // Change one character of the payload segment to another base64url character.
  const at = header.length + 1 + (payload.length >> 1);
  const swapped = token[at] === "A" ? "B" : "A";
  const tampered = token.slice(0, at) + swapped + token.slice(at + 1);
  return { secret, token, tampered, mac, claims };
}

/**
 * Re-signs a fixture's timestamped headers (Stripe, Standard Webhooks, Svix) with the current
 * time, in place (the records and the Fetch `Headers` the cases hold), so a run that lasts
 * longer than the schemes' 5-minute tolerance still verifies. run.mjs calls it before every
 * round; the bodies and the GitHub signature do not change.
 */
export function refreshTimestamps(fx) {
  const timestamp = Math.floor(Date.now() / 1000);
  if (timestamp === fx.timestamp) return;
  fx.timestamp = timestamp;
  fx.stripePrefix = `${timestamp}.`;
  fx.swPrefix = `${fx.id}.${timestamp}.`;
  fx.macs.stripe = hmac(keys.stripe, fx.stripePrefix, fx.body);
  fx.macs.standardWebhooks = hmac(keys.standardWebhooks, fx.swPrefix, fx.body);
  const values = {
    stripe: { "stripe-signature": `t=${timestamp},v1=${fx.macs.stripe.toString("hex")}` },
    standardWebhooks: { "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${fx.macs.standardWebhooks.toString("base64")}` },
    svix: { "svix-timestamp": String(timestamp), "svix-signature": `v1,${fx.macs.standardWebhooks.toString("base64")}` },
  };
  for (const [scheme, headers] of Object.entries(values)) {
    for (const [name, value] of Object.entries(headers)) {
      fx.headers.record[scheme][name] = value;
      fx.headers.fetch[scheme].set(name, value);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Public keys (issue 15): one key pair per algorithm family, made here, and every input signed
// with node:crypto directly, following each provider's documented algorithm.
// ---------------------------------------------------------------------------------------

const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  const length = body.length < 0x80 ? Buffer.of(body.length) : body.length < 0x100 ? Buffer.of(0x81, body.length) : Buffer.of(0x82, body.length >> 8, body.length & 0xff);
  return Buffer.concat([Buffer.of(tag), length, body]);
};
const oid = (hex) => tlv(0x06, Buffer.from(hex, "hex"));
const SHA256_WITH_RSA = tlv(0x30, oid("2a864886f70d01010b"), Buffer.of(0x05, 0x00));
const x509Name = (cn) => tlv(0x30, tlv(0x31, tlv(0x30, oid("550403"), tlv(0x0c, Buffer.from(cn)))));
const utcTime = (text) => tlv(0x17, Buffer.from(text));

/** A self-signed PEM certificate for an RSA key pair (DER built by hand, as SNS serves one; no chain is checked). */
function selfSignedCertificate(publicKey, privateKey) {
  const tbs = tlv(
    0x30,
    tlv(0xa0, tlv(0x02, Buffer.of(2))),
    tlv(0x02, Buffer.of(0x01, 0x23, 0x45)),
    SHA256_WITH_RSA,
    x509Name("sns.amazonaws.com"),
    tlv(0x30, utcTime("250101000000Z"), utcTime("350101000000Z")),
    x509Name("sns.amazonaws.com"),
    publicKey.export({ format: "der", type: "spki" }),
  );
  const signature = createSign("sha256").update(tbs).sign(privateKey);
  const der = tlv(0x30, tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.of(0), signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
}

/** The SNS canonical string of a Notification (AWS, "Verifying the signatures of Amazon SNS messages"). */
export function snsStringToSign(message) {
  return ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    .filter((name) => message[name] !== undefined)
    .map((name) => `${name}\n${message[name]}\n`)
    .join("");
}
export const SNS_CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem";
export const JWKS_URL = "https://auth.example.com/.well-known/jwks.json";

/** An SNS Notification whose JSON body is exactly `size` bytes, SignatureVersion 2, signed with `privateKey`. */
function snsBody(size, privateKey) {
  const message = {
    Type: "Notification",
    MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
    TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
    Subject: "order.paid",
    Message: "",
    Timestamp: "2026-12-07T00:54:06.655Z",
    SignatureVersion: "2",
    Signature: "",
    SigningCertURL: SNS_CERT_URL,
    UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:orders:c9135db0",
  };
  const sign = () => {
    message.Signature = createSign("RSA-SHA256").update(snsStringToSign(message)).sign(privateKey, "base64");
    return JSON.stringify(message);
  };
  // The Message is an event's JSON, as a string (escaped once more in the body): pad it to the size.
  const inner = (pad) => JSON.stringify({ id: "ord_1NG8Du2eZvKYlo2C", type: "order.paid", amount: 4200, note: "x".repeat(pad) });
  message.Message = inner(0);
  const pad = size - Buffer.byteLength(sign());
  if (pad < 0) throw new Error(`an SNS body cannot be as short as ${size} bytes`);
  message.Message = inner(pad); // an "x" is one byte in the body too; the signature's length is fixed
  const body = Buffer.from(sign(), "utf8");
  if (body.length !== size) throw new Error(`snsBody(${size}) produced ${body.length} bytes`);
  return { body, message };
}

/** A JWT signed with node:crypto: header {alg, typ, kid}, claims padded so header.payload is `size` characters. */
function signedJwt(alg, kid, privateKey, size) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg, typ: "JWT", kid }));
  const claimsOf = (pad) => ({ iss: "https://sender.example", sub: "user_2Qx7", aud: "https://receiver.example", iat: now, exp: now + 7200, data: "x".repeat(pad) });
  const lengthOf = (pad) => header.length + 1 + base64url(JSON.stringify(claimsOf(pad))).length;
  let pad = 0;
  while (lengthOf(pad + 1) <= size) pad++;
  const signingInput = `${header}.${base64url(JSON.stringify(claimsOf(pad)))}`;
  const hash = alg === "EdDSA" ? null : "sha256";
  const key = alg === "ES256" ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey;
  const token = `${signingInput}.${base64url(nodeSign(hash, Buffer.from(signingInput), key))}`;
  const at = header.length + 1 + ((signingInput.length - header.length) >> 1);
  const tampered = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
  return { token, tampered, signingInput };
}

/**
 * Everything the public-key cases need: a 1 KiB body (and a tampered copy) signed for Discord
 * (Ed25519 over timestamp + body, hex), Standard Webhooks v1a (Ed25519 over "<id>.<t>." +
 * body, base64), SendGrid (ECDSA P-256/SHA-256 over timestamp + body, base64 DER); a 1 KiB SNS
 * Notification (SignatureVersion 2, RSA-SHA256 over AWS's canonical string) with its
 * certificate; RS256, ES256 and EdDSA JWTs whose signing input is 1 KiB; the keys in every
 * form the cases pass (KeyObject, the provider's text form, PEM, JWK, a JWKS).
 */
export function publicKeyFixture(size = KiB) {
  const ed25519 = generateKeyPairSync("ed25519");
  const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = (key) => key.export({ format: "pem", type: "spki" });
  const jwk = (key, extra) => ({ ...key.export({ format: "jwk" }), ...extra });
  const keyPairs = {
    /** Ed25519: discord, standardWebhooks v1a, EdDSA JWTs. */
    ed25519: {
      publicKey: ed25519.publicKey,
      privateKey: ed25519.privateKey,
      pem: pem(ed25519.publicKey),
      jwk: jwk(ed25519.publicKey, { kid: "ed-1", alg: "EdDSA", use: "sig" }),
      discord: Buffer.from(ed25519.publicKey.export({ format: "jwk" }).x, "base64url").toString("hex"),
      whpk: `whpk_${Buffer.from(ed25519.publicKey.export({ format: "jwk" }).x, "base64url").toString("base64")}`,
    },
    /** ECDSA P-256: sendgrid, ES256 JWTs. */
    p256: {
      publicKey: p256.publicKey,
      privateKey: p256.privateKey,
      pem: pem(p256.publicKey),
      jwk: jwk(p256.publicKey, { kid: "ec-1", alg: "ES256", use: "sig" }),
      sendgrid: p256.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    },
    /** RSA 2048: awsSns (a certificate), RS256 JWTs. */
    rsa: {
      publicKey: rsa.publicKey,
      privateKey: rsa.privateKey,
      pem: pem(rsa.publicKey),
      jwk: jwk(rsa.publicKey, { kid: "rsa-1", alg: "RS256", use: "sig" }),
      certificate: selfSignedCertificate(rsa.publicKey, rsa.privateKey),
    },
  };
  const body = jsonBody(size);
  const tampered = tamper(body);
  const sns = snsBody(size, rsa.privateKey);
  const snsTampered = Buffer.from(sns.body.toString("utf8").replace('"amount\\":4200', '"amount\\":4201'), "utf8");
  if (snsTampered.equals(sns.body)) throw new Error("could not tamper with the SNS body");
  const id = `msg_${alnum(27)}`;
  const fx = {
    size,
    keyPairs,
    body,
    payloads: { buffer: body, string: body.toString("utf8") },
    tamperedPayloads: { buffer: tampered, string: tampered.toString("utf8") },
    sns: {
      message: sns.message,
      payloads: { buffer: sns.body, string: sns.body.toString("utf8") },
      tamperedPayloads: { buffer: snsTampered, string: snsTampered.toString("utf8") },
      headers: {
        ...COMMON_HEADERS,
        "content-type": "text/plain; charset=UTF-8",
        "content-length": String(sns.body.length),
        "x-amz-sns-message-type": "Notification",
        "x-amz-sns-message-id": sns.message.MessageId,
        "x-amz-sns-topic-arn": sns.message.TopicArn,
      },
    },
    id,
    timestamp: 0,
    /** Signed headers per scheme (records): `headers.discord`, `headers.standardWebhooks`, `headers.sendgrid`. */
    headers: {
      discord: { ...COMMON_HEADERS, "content-length": String(size) },
      standardWebhooks: { ...COMMON_HEADERS, "content-length": String(size), "webhook-id": id },
      sendgrid: { ...COMMON_HEADERS, "content-length": String(size) },
    },
    /** JWTs whose signing input is `size` characters, with a `kid` naming their key in `jwks`. */
    jwt: {
      RS256: signedJwt("RS256", "rsa-1", rsa.privateKey, size),
      ES256: signedJwt("ES256", "ec-1", p256.privateKey, size),
      EdDSA: signedJwt("EdDSA", "ed-1", ed25519.privateKey, size),
    },
    jwks: JSON.stringify({ keys: [keyPairs.rsa.jwk, keyPairs.p256.jwk, keyPairs.ed25519.jwk] }),
  };
  refreshPublicKeyTimestamps(fx);
  return fx;
}

/**
 * Re-signs the timestamped headers of a public-key fixture (Discord, Standard Webhooks v1a,
 * SendGrid) with the current time, in place, like `refreshTimestamps`. The SNS message and the
 * JWTs do not expire within a run.
 */
export function refreshPublicKeyTimestamps(fx) {
  const timestamp = Math.floor(Date.now() / 1000);
  if (timestamp === fx.timestamp) return;
  fx.timestamp = timestamp;
  const { ed25519, p256 } = fx.keyPairs;
  const t = String(timestamp);
  const with_ = (prefix) => Buffer.concat([Buffer.from(prefix, "utf8"), fx.body]);
  fx.headers.discord["x-signature-timestamp"] = t;
  fx.headers.discord["x-signature-ed25519"] = nodeSign(null, with_(t), ed25519.privateKey).toString("hex");
  fx.headers.standardWebhooks["webhook-timestamp"] = t;
  fx.headers.standardWebhooks["webhook-signature"] = `v1a,${nodeSign(null, with_(`${fx.id}.${t}.`), ed25519.privateKey).toString("base64")}`;
  fx.headers.sendgrid["x-twilio-email-event-webhook-timestamp"] = t;
  fx.headers.sendgrid["x-twilio-email-event-webhook-signature"] = createSign("sha256").update(with_(t)).sign(p256.privateKey).toString("base64");
}
