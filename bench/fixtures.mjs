// Inputs of the benchmark: JSON bodies of exact sizes, in the two forms receivers hold them
// (a string, as from `await request.text()`, and a Buffer, as from `express.raw()`), one
// tampered copy of each, secrets, and signed headers for every scheme, in the two forms they
// arrive in (a Node `IncomingHttpHeaders`-shaped record and a Fetch `Headers` object).
// Signatures are made here with node:crypto directly, not with hookseal, so a case that
// passes its correctness check is checked against an independent signer.
import { createHmac, randomBytes } from "node:crypto";

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
