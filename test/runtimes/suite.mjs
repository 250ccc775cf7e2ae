// The portable suite: one module, run unchanged in Node (ESM and CJS), Deno, Bun, Chromium and
// workerd against the BUILT package, imported by its name so the export conditions of each
// runtime are what gets tested.
//
//   run(lib, t, data, env)
//     lib   the entry points available in this runtime, as namespace objects:
//           { root: "hookseal", web: "hookseal/web", node?: "hookseal/node", jwt?: "hookseal/jwt", … }
//     t     a harness with check(name, fn); see harness.mjs
//     data  the shared vectors as plain data (see data.mjs); runners inline it where files cannot be read
//     env   optional: { runtime, resolutions: [{ specifier, url, expected }], facts: [{ name, ok, detail }] }
//
// Plain ESM JavaScript, no imports, nothing beyond what every runtime has (TextEncoder, atob,
// Uint8Array, Promise, Headers where present). Everything is feature-detected from `lib`, so
// a new export gets tested by adding one `group` below; exports no check names are returned
// in `uncovered`, and the runners print them.

const T = 1_700_000_000; // a fixed clock: Unix seconds
const MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

// ——— tiny portable helpers ———————————————————————————————————————————————————————————————

const encoder = new TextEncoder();
const utf8 = (text) => encoder.encode(text);

function fromHex(hex) {
  if (hex.length % 2 !== 0) throw new Error(`odd hex length ${hex.length}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

function fromBase64(text) {
  const binary = globalThis.atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** `length` reproducible bytes (xorshift32): test data of any size without randomness limits. */
function pseudoRandom(length, seed = 1) {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function fail(message) {
  throw new Error(message);
}

function assert(condition, message) {
  if (!condition) fail(message);
}

/** Deterministic JSON for deep comparison of plain data (key order ignored). */
function canonical(value) {
  if (value instanceof Uint8Array) return `bytes:${toHex(value)}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function equal(actual, expected, what = "value") {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

/** The error `fn()` throws or rejects with; fails the check if it succeeds. */
async function failure(fn, what = "the call") {
  let result;
  try {
    result = await fn();
  } catch (error) {
    return error;
  }
  return fail(`${what} should have failed, but it returned ${canonical(result)}`);
}

/** Expects a rejection (not a synchronous throw) that satisfies `expected`. */
async function rejects(fn, expected, what) {
  let promise;
  try {
    promise = fn();
  } catch (error) {
    fail(`${what} threw synchronously (${error && error.name}: ${error && error.message}); it must return a rejected Promise`);
  }
  assert(promise && typeof promise.then === "function", `${what} did not return a Promise`);
  const error = await failure(() => promise, what);
  expected(error);
  return error;
}

function isCode(api, codes) {
  const list = Array.isArray(codes) ? codes : [codes];
  return (error) => {
    assert(error instanceof api.WebhookVerificationError, `expected a WebhookVerificationError, got ${error && error.name}: ${error && error.message}`);
    assert(error instanceof Error, "WebhookVerificationError must extend Error");
    assert(error.name === "WebhookVerificationError", `error.name is ${error.name}`);
    assert(list.includes(error.code), `expected code ${list.join(" or ")}, got ${error.code} (${error.message})`);
  };
}

const isType = (Type) => (error) =>
  assert(error instanceof Type, `expected ${Type.name}, got ${error && error.name}: ${error && error.message}`);

/** Exact-byte copies of a payload in the three accepted forms. */
function payloadForms(text) {
  const bytes = utf8(text);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // A view with a non-zero offset into a larger buffer: must be read from its offset.
  const big = new Uint8Array(bytes.length + 7);
  big.set(bytes, 3);
  return { string: text, Uint8Array: bytes, ArrayBuffer: buffer, "offset view": big.subarray(3, 3 + bytes.length) };
}

/** The same headers as a record, a fetch Headers (where it exists), entries and mixed-case names. */
function headerForms(headers) {
  const forms = {
    record: { ...headers },
    entries: Object.entries(headers),
    "mixed-case record": Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.replace(/(^|-)[a-z]/g, (s) => s.toUpperCase()), value])),
  };
  if (typeof globalThis.Headers === "function") forms.Headers = new globalThis.Headers(headers);
  return forms;
}

// Header-level vector categories and the error codes that express them (as in test/vectors).
const CODES_FOR = {
  signature_mismatch: ["no_matching_signature", "malformed_header"],
  malformed_signature: ["malformed_header", "no_matching_signature"],
  no_supported_signature: ["malformed_header", "no_matching_signature"],
  malformed_header: ["malformed_header"],
  malformed_timestamp: ["malformed_header"],
  missing_header: ["missing_header"],
  timestamp_too_old: ["timestamp_too_old"],
  timestamp_too_new: ["timestamp_too_new"],
};

// Documented deviation: the Python library accepts this 23-byte secret; hookseal enforces the
// Standard Webhooks minimum of 24 bytes.
const BELOW_MINIMUM_SECRET = new Set(["sw-lib-py-unpadded-1"]);

const JWT_CODES_FOR = {
  alg_not_allowed: ["unsupported_algorithm", "malformed"],
  expired: ["expired"],
  not_yet_valid: ["not_yet_valid"],
  audience_mismatch: ["claim_mismatch"],
  issuer_mismatch: ["claim_mismatch"],
  signature_mismatch: ["signature_mismatch", "malformed"],
  malformed_token: ["malformed"],
  unsupported_crit: ["malformed", "unsupported_algorithm"],
};

// Known digests of "abc" (FIPS 180 examples).
const ABC_DIGESTS = {
  "SHA-1": "a9993e364706816aba3e25717850c26c9cd0d89d",
  "SHA-256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  "SHA-384": "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
  "SHA-512": "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
};
const HASHES = Object.keys(ABC_DIGESTS);

// Every export some group below checks. Anything else an entry exports is reported as uncovered.
const COVERED = new Set([
  "sign", "verify", "signSync", "verifySync", "github", "stripe", "standardWebhooks", "WebhookVerificationError",
  "timingSafeEqual", "generateSecret", "generateKeyPair", "nodeCrypto", "webCrypto", "signJwt", "verifyJwt", "JwtError",
  "memoryReplayStore", "ReplayStoreError", "DEFAULT_MAX_TOKEN_LENGTH", "verifyRequest", "zoomChallengeResponse",
  "defineScheme", "utf8Secret", "prefixedBase64Secret", "signedRequest", "createVerifier", "webhookHandler",
  "handshakeResponse", "dropbox", "twitter", "slack", "detectScheme",
  "convoy",
  "trello",
  "discord", "discordPing", "sendgrid", "awsSns", "awsSnsMessage", "isSnsSubscribeUrl", "HandshakeCallbackError",
  "jwks", "KeySetError", "googlePubSub", "plaid", "webhookErrorStatus", "asana", "meta", "okta", "staticToken",
  "verifyNodeRequest", "webhookMiddleware", "webhookOf", "createVerifierSync", "ed25519Keys", "jwtToken", "redisReplayStore",
]);

// Schemes whose signature covers the body, so a tampered body must be refused.
const BODY_SIGNED = new Set(["github", "stripe", "standardWebhooks"]);

// What a scheme needs of the generic round trip beyond a secret and a JSON body: add an entry
// here when a new scheme's sender has rules of its own.
const SCHEME_FIXTURES = {
  // Linear reads its timestamp from the body: a JSON object with `webhookTimestamp` in ms.
  linear: { body: (text) => JSON.stringify({ webhookTimestamp: Date.now(), text }) },
  // X delivers JSON objects only: twitter verifies (and signs) no other body.
  twitter: { body: (text) => JSON.stringify({ text }) },
  // Telegram's secret_token allows only A-Z, a-z, 0-9, _ and -: a whsec_ secret with those characters alone.
  telegram: { secret: (generated) => "tg_" + generated.slice(6).replace(/[^A-Za-z0-9]/g, "_") },
  // HTTP Basic credentials: the secret is "username:password".
  basicToken: { secret: (generated) => "hooks:" + generated },
  // Mailgun's signature (hex HMAC-SHA256 of timestamp + token) travels inside the body, which
  // sign() cannot write: the suite builds the body with the runtime's Web Crypto, and checks
  // that sign() refuses with a TypeError.
  mailgun: { signedBody: mailgunBody },
};

async function mailgunBody(secret, text) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = [...globalThis.crypto.getRandomValues(new Uint8Array(25))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const key = await globalThis.crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", key, new TextEncoder().encode(timestamp + token)));
  const signature = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  return JSON.stringify({ signature: { timestamp, token, signature }, "event-data": { text } });
}
const fixtureBody = (scheme, text) => (SCHEME_FIXTURES[scheme.name]?.body ?? ((t) => t))(text);
const fixtureSecret = (scheme, generated) => (SCHEME_FIXTURES[scheme.name]?.secret ?? ((s) => s))(generated);

/** A scheme object as `defineScheme` makes it: a name and a signature header. */
const isScheme = (value) => value !== null && typeof value === "object" && typeof value.name === "string" && typeof value.signatureHeader === "string";

/** A crypto provider: a name and the primitives. */
const isProvider = (value) => value !== null && typeof value === "object" && typeof value.name === "string" && typeof value.hmac === "function" && typeof value.randomBytes === "function";

// ——— the suite ——————————————————————————————————————————————————————————————————————————

export async function run(lib, t, data = {}, env = {}) {
  const entries = Object.entries(lib).filter(([, api]) => api !== null && typeof api === "object");
  const webhookEntries = entries.filter(([, api]) => typeof api.verify === "function" && typeof api.sign === "function");
  const jwtEntries = entries.filter(([, api]) => typeof api.signJwt === "function" && typeof api.verifyJwt === "function");

  // Crypto providers exported anywhere (webCrypto, nodeCrypto, later ones), one per name.
  const providers = new Map();
  for (const [, api] of entries) for (const value of Object.values(api)) if (isProvider(value) && !providers.has(value.name)) providers.set(value.name, value);

  const root = lib.root;
  t.check("the root entry hookseal is loaded and has sign/verify", () => {
    assert(root && typeof root.sign === "function" && typeof root.verify === "function", "lib.root must be the hookseal namespace");
  });
  t.check("the web entry hookseal/web is loaded and exports webCrypto", () => {
    assert(lib.web && isProvider(lib.web.webCrypto), "lib.web must be the hookseal/web namespace");
  });
  if (lib.node) {
    t.check("hookseal/node exports nodeCrypto, signSync and verifySync", () => {
      assert(isProvider(lib.node.nodeCrypto), "nodeCrypto");
      assert(typeof lib.node.signSync === "function" && typeof lib.node.verifySync === "function", "sync variants");
    });
  }
  t.check("hookseal and hookseal/web do not expose the sync variants", () => {
    for (const api of [root, lib.web]) assert(api.signSync === undefined && api.verifySync === undefined, "sync variants belong to hookseal/node");
  });

  // What the runner saw outside the runtime (how a bundler resolved the entries, what the bundle
  // contains), checked and counted here like everything else.
  for (const { specifier, url, expected } of env.resolutions ?? []) {
    t.check(`${specifier} resolves to ${expected}`, () => assert(typeof url === "string" && url.endsWith(expected), `resolved to ${url}`));
  }
  for (const fact of env.facts ?? []) t.check(fact.name, () => assert(fact.ok === true, fact.detail ?? "does not hold"));

  // Entries loaded through one module system share classes and scheme objects, so mixing
  // `hookseal` and `hookseal/web` imports keeps `instanceof` working.
  for (const [name, api] of webhookEntries) {
    if (name === "root") continue;
    t.check(`${name}: shares WebhookVerificationError and the scheme objects with the root entry`, () => {
      assert(api.WebhookVerificationError === root.WebhookVerificationError, "WebhookVerificationError differs");
      for (const scheme of ["github", "stripe", "standardWebhooks"]) assert(api[scheme] === root[scheme], `${scheme} differs`);
    });
  }

  for (const [name, api] of webhookEntries) {
    utilities(t, name, api);
    if (typeof api.generateKeyPair === "function") keyPairs(t, name, api);
    // The default provider of the entry, and for the root entry each explicit adapter too.
    const configs = [{ label: name, api, crypto: undefined }];
    if (name === "root") for (const provider of providers.values()) configs.push({ label: `${name}+${provider.name}`, api, crypto: provider });
    for (const config of configs) {
      webhookVectors(t, config, data);
      roundTrips(t, config);
      rotation(t, config);
      errorCodes(t, config);
      inputErrors(t, config);
    }
    if (typeof api.signSync === "function") syncVariants(t, name, api);
    if (typeof api.verifyNodeRequest === "function" && typeof api.webhookMiddleware === "function") nodeHelpers(t, name, api);
    if (typeof api.verifyRequest === "function" && typeof globalThis.Request === "function") verifyRequests(t, name, api);
    if (typeof api.signedRequest === "function" && typeof globalThis.Request === "function") operations(t, name, api);
    if (typeof api.zoomChallengeResponse === "function" && providers.size > 0) zoomChallenge(t, name, api, [...providers.values()][0]);
    if (typeof api.handshakeResponse === "function" && typeof globalThis.Request === "function" && providers.size > 0) handshakes(t, name, api, [...providers.values()][0]);
    if (typeof api.defineScheme === "function") userSchemes(t, name, api);
    if (typeof api.trello === "function") trelloFactory(t, name, api);
    if (api.discord !== undefined && api.sendgrid !== undefined) for (const config of configs) publicKeySchemes(t, config);
    if (typeof api.awsSns === "function") awsSnsMessages(t, name, api);
    if (typeof api.googlePubSub === "function" && typeof api.plaid === "function") for (const config of configs) publicKeyJwtSchemes(t, config);
    if (typeof api.redisReplayStore === "function") redisStore(t, name, api);
    if (typeof api.memoryReplayStore === "function") {
      replay(t, name, api);
      if (name === "root") for (const provider of providers.values()) replayVerify(t, { label: `${name}+${provider.name}`, api, crypto: provider });
    }
  }

  for (const provider of providers.values()) adapter(t, provider, data);
  if (providers.has("node") && providers.has("web")) adapterAgreement(t, root, providers.get("node"), providers.get("web"));

  for (const [name, api] of jwtEntries) {
    if (name !== "root" && root.JwtError !== undefined) {
      t.check(`${name}: shares JwtError with the root entry`, () => assert(api.JwtError === root.JwtError, "JwtError differs"));
    }
    const configs = [{ label: name, api, crypto: undefined }];
    if (name === "root") for (const provider of providers.values()) configs.push({ label: `${name}+${provider.name}`, api, crypto: provider });
    for (const config of configs) {
      jwt(t, config, data);
      if (typeof api.jwks === "function") publicKeyJwts(t, config, data);
    }
  }
  if (jwtEntries.length > 0 && providers.has("node") && providers.has("web")) jwtAgreement(t, jwtEntries[0][1], providers.get("node"), providers.get("web"));

  const uncovered = [];
  for (const [name, api] of entries) for (const key of Object.keys(api)) if (!COVERED.has(key) && !isScheme(api[key])) uncovered.push(`${name}.${key}`);
  // Schemes beyond the three built-ins are covered by the generic round trip; report them.
  const extraSchemes = [...new Set(entries.flatMap(([, api]) => Object.values(api).filter(isScheme).map((s) => s.name)))].filter((s) => !BODY_SIGNED.has(s));
  return { uncovered, extraSchemes, providers: [...providers.keys()] };
}

// ——— groups ————————————————————————————————————————————————————————————————————————————

// Shared-secret schemes: the generic round trips sign with HMAC secrets. Public-key schemes
// (discord, sendgrid) have their own group, publicKeySchemes().
function schemesOf(api) {
  return [...Object.values(api).filter((value) => isScheme(value) && value.publicKey === undefined), ...factorySchemes(api)];
}

/** Schemes that exports make from options (`convoy(options)`): each kind of sender they describe. */
function factorySchemes(api) {
  const made = [];
  const add = (label, scheme) => {
    LABELS.set(scheme, label);
    made.push(scheme);
  };
  if (typeof api.convoy === "function") {
    for (const mode of ["advanced", "simple"]) for (const hash of ["SHA-256", "SHA-512"]) for (const encoding of ["hex", "base64"]) add(`convoy(${mode}, ${hash}, ${encoding})`, api.convoy({ mode, hash, encoding }));
  }
  // Factories whose parameters are not secrets, with their defaults, and the shared-token forms.
  for (const name of ["asana", "meta", "okta"]) if (typeof api[name] === "function") add(`${name}()`, api[name]());
  if (typeof api.staticToken === "function") {
    add('staticToken({ header: "x-webhook-token" })', api.staticToken({ header: "x-webhook-token" }));
    add('staticToken({ header: "authorization", prefix: "Bearer " })', api.staticToken({ header: "authorization", prefix: "Bearer ", name: "bearerToken" }));
    add("staticToken({ basicAuth: true })", api.staticToken({ basicAuth: true, name: "basicToken" }));
  }
  return made;
}

/** Names for checks: a scheme's name, or what a factory was given. */
const LABELS = new WeakMap();
const labelOf = (scheme) => LABELS.get(scheme) ?? scheme.name;

const opts = (config, options) => (config.crypto === undefined ? options : { ...options, crypto: config.crypto });

function webhookVectors(t, config, data) {
  const { label, api } = config;
  const vectors = data.webhooks ?? [];
  const canV1a = typeof api.generateKeyPair === "function" && (config.crypto === undefined || typeof config.crypto.ed25519Verify === "function");

  t.check(`${label}: the vector data is there`, () => assert(vectors.length >= 80, `only ${vectors.length} webhook vectors were passed in`));

  for (const vector of vectors) {
    if (vector.requires?.includes("svix_header_aliases") && api.svix === undefined) continue; // the svix scheme comes later
    const scheme = vector.requires?.includes("svix_header_aliases") ? api.svix : api[vector.scheme];
    const v1a = vector.public_key_whpk !== undefined;
    if (v1a && !canV1a) continue;
    const headers = vector.headers ?? (vector.header_value === undefined ? {} : { [vector.header_name]: vector.header_value });
    const secret = vector.public_key_whpk ?? vector.secrets ?? vector.secret ?? vector.secret_utf8;
    const options = opts(config, { secret, payload: fromBase64(vector.payload_b64 ?? ""), headers, now: vector.now, tolerance: vector.tolerance_seconds });

    t.check(`${label}: vector ${vector.id}`, async () => {
      if (BELOW_MINIMUM_SECRET.has(vector.id)) {
        await rejects(() => api.verify(scheme, options), isCode(api, "invalid_secret"), "verify");
        await rejects(() => api.sign(scheme, options), isType(RangeError), "sign");
      } else if (vector.valid) {
        const result = await api.verify(scheme, options);
        equal(result.scheme, scheme.name, "Verified.scheme");
        const count = Array.isArray(secret) ? secret.length : 1;
        assert(Number.isInteger(result.secretIndex) && result.secretIndex >= 0 && result.secretIndex < count, `secretIndex ${result.secretIndex}`);
        if (vector.msg_id !== undefined && !vector.requires?.includes("svix_header_aliases")) equal(result.id, vector.msg_id, "Verified.id");
        if (vector.timestamp !== undefined) equal(result.timestamp, vector.timestamp, "Verified.timestamp");
      } else {
        await rejects(() => api.verify(scheme, options), isCode(api, CODES_FOR[vector.failure_reason] ?? []), "verify");
      }
    });

    // Signing reproduces every pinned signature (HMAC, and Ed25519, which is deterministic).
    if (!vector.valid || BELOW_MINIMUM_SECRET.has(vector.id) || vector.requires?.includes("svix_header_aliases")) continue;
    const pinned = vector.expected_signature_hex ?? vector.expected_signature;
    if (!v1a && pinned !== undefined) {
      t.check(`${label}: signing reproduces ${vector.id}`, async () => {
        const signed = await api.sign(scheme, opts(config, { secret: vector.secret ?? vector.secret_utf8, payload: fromBase64(vector.payload_b64 ?? ""), timestamp: vector.timestamp, id: vector.msg_id }));
        const header = signed[scheme.signatureHeader];
        if (vector.scheme === "stripe") assert(header.includes(`v1=${pinned}`), `stripe-signature ${header} lacks v1=${pinned}`);
        else equal(header, pinned, scheme.signatureHeader);
      });
    } else if (v1a && vector.secret_key_whsk !== undefined && headers["webhook-signature"]?.startsWith("v1a,")) {
      t.check(`${label}: signing with the whsk_ key reproduces ${vector.id}`, async () => {
        const secrets = vector.other_hmac_secret === undefined ? vector.secret_key_whsk : [vector.other_hmac_secret, vector.secret_key_whsk];
        const signed = await api.sign(scheme, opts(config, { secret: secrets, payload: fromBase64(vector.payload_b64 ?? ""), timestamp: vector.timestamp, id: vector.msg_id }));
        equal(signed["webhook-signature"], headers["webhook-signature"], "webhook-signature");
      });
    }
  }

  for (const vector of data.standardWebhooksSignErrors ?? []) {
    t.check(`${label}: sign refuses timestamp input ${JSON.stringify(vector.timestamp_input)} (${vector.id})`, async () => {
      await rejects(() => api.sign(api.standardWebhooks, opts(config, { secret: vector.secret, payload: vector.payload_utf8, id: vector.msg_id, timestamp: vector.timestamp_input })), isType(TypeError), "sign");
    });
  }
  for (const vector of data.standardWebhooksConstructorErrors ?? []) {
    t.check(`${label}: an empty secret is refused (${vector.id})`, async () => {
      await rejects(() => api.sign(api.standardWebhooks, opts(config, { secret: vector.secret, payload: "{}" })), isType(RangeError), "sign");
      await rejects(() => api.verify(api.standardWebhooks, opts(config, { secret: vector.secret, payload: "{}", headers: {} })), isCode(api, "invalid_secret"), "verify");
    });
  }
}

function roundTrips(t, config) {
  const { label, api } = config;
  const schemes = schemesOf(api);
  t.check(`${label}: finds the github, stripe and standardWebhooks schemes`, () => {
    for (const name of BODY_SIGNED) assert(schemes.some((s) => s.name === name), `scheme ${name} not found among the exports`);
  });

  for (const scheme of schemes) {
    const signedBody = SCHEME_FIXTURES[scheme.name]?.signedBody;
    if (signedBody !== undefined) {
      t.check(`${label}: ${scheme.name} verifies a body it signed itself, with every payload form; sign() refuses`, async () => {
        const secret = api.generateSecret();
        const body = await signedBody(secret, "naïve ☃");
        for (const [payloadForm, payload] of Object.entries(payloadForms(body))) {
          const result = await api.verify(scheme, opts(config, { secret, payload, headers: {} }));
          assert(result.scheme === scheme.name && result.secretIndex === 0 && typeof result.id === "string", `${payloadForm} payload: ${canonical(result)}`);
        }
        await rejects(() => api.verify(scheme, opts(config, { secret: api.generateSecret(), payload: body, headers: {} })), isCode(api, "no_matching_signature"), "verify with another secret");
        await rejects(() => api.sign(scheme, opts(config, { secret, payload: body })), isType(TypeError), "sign");
      });
      continue;
    }
    t.check(`${label}: ${labelOf(scheme)} round trip with every payload and headers form`, async () => {
      const secret = fixtureSecret(scheme, api.generateSecret());
      const body = fixtureBody(scheme, `{"event":"ping","n":${Math.random()},"text":"naïve ☃ \\u0000"}`);
      const headers = await api.sign(scheme, opts(config, { secret, payload: body, url: "https://example.com/webhooks" }));
      assert(headers !== null && typeof headers === "object", "sign() must resolve to a headers record");
      for (const [name, value] of Object.entries(headers)) {
        assert(name === name.toLowerCase(), `header name ${name} is not lower case`);
        assert(typeof value === "string" && value.length > 0, `header ${name} is empty`);
      }
      for (const [payloadForm, payload] of Object.entries(payloadForms(body))) {
        for (const [headersForm, given] of Object.entries(headerForms(headers))) {
          const result = await api.verify(scheme, opts(config, { secret, payload, headers: given, url: "https://example.com/webhooks" }));
          assert(result.scheme === scheme.name && result.secretIndex === 0, `${payloadForm} payload with ${headersForm} headers: ${canonical(result)}`);
        }
      }
      const wrong = fixtureSecret(scheme, api.generateSecret());
      await rejects(() => api.verify(scheme, opts(config, { secret: wrong, payload: body, headers, url: "https://example.com/webhooks" })), isCode(api, ["no_matching_signature", "malformed_header", "missing_header"]), "verify with another secret");
      if (BODY_SIGNED.has(scheme.name)) {
        await rejects(() => api.verify(scheme, opts(config, { secret, payload: body + " ", headers })), isCode(api, "no_matching_signature"), "verify of a changed body");
      }
    });
  }

  for (const name of BODY_SIGNED) {
    const scheme = api[name];
    t.check(`${label}: ${name} signs deterministically for a given timestamp and id, and reports them`, async () => {
      const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
      const fixed = opts(config, { secret, payload: "hello", timestamp: T, id: MSG_ID });
      const first = await api.sign(scheme, fixed);
      equal(await api.sign(scheme, { ...fixed, timestamp: new Date(T * 1000) }), first, "a Date timestamp signs like its seconds");
      const result = await api.verify(scheme, opts(config, { secret, payload: "hello", headers: first, now: T }));
      if (name !== "github") equal(result.timestamp, T, "Verified.timestamp");
      if (name === "standardWebhooks") {
        equal(result.id, MSG_ID, "Verified.id");
        equal(first["webhook-id"], MSG_ID, "webhook-id");
        equal(first["webhook-timestamp"], String(T), "webhook-timestamp");
      }
      if (name === "stripe") assert(first["stripe-signature"].startsWith(`t=${T},v1=`), first["stripe-signature"]);
      if (name === "github") assert(/^sha256=[0-9a-f]{64}$/.test(first["x-hub-signature-256"]), first["x-hub-signature-256"]);
    });
    t.check(`${label}: ${name} signs and verifies at the real clock by default`, async () => {
      const secret = api.generateSecret();
      const headers = await api.sign(scheme, opts(config, { secret, payload: "now" }));
      await api.verify(scheme, opts(config, { secret, payload: "now", headers }));
    });
  }

  t.check(`${label}: standardWebhooks makes a fresh msg_ id per delivery`, async () => {
    const secret = api.generateSecret();
    const a = await api.sign(api.standardWebhooks, opts(config, { secret, payload: "x" }));
    const b = await api.sign(api.standardWebhooks, opts(config, { secret, payload: "x" }));
    assert(a["webhook-id"].startsWith("msg_") && a["webhook-id"] !== b["webhook-id"], `${a["webhook-id"]} / ${b["webhook-id"]}`);
  });
}

function rotation(t, config) {
  const { label, api } = config;
  for (const name of BODY_SIGNED) {
    const scheme = api[name];
    t.check(`${label}: ${name} rotation reports the secretIndex that matched`, async () => {
      const [old, current, other] = [api.generateSecret(), api.generateSecret(), api.generateSecret()];
      const headers = await api.sign(scheme, opts(config, { secret: current, payload: "rotate", timestamp: T, id: MSG_ID }));
      const verifyWith = (secret) => api.verify(scheme, opts(config, { secret, payload: "rotate", headers, now: T }));
      equal((await verifyWith([old, current])).secretIndex, 1, "secretIndex");
      equal((await verifyWith([current, old])).secretIndex, 0, "secretIndex");
      equal((await verifyWith([other, old, current])).secretIndex, 2, "secretIndex");
      await rejects(() => verifyWith([old, other]), isCode(api, "no_matching_signature"), "verify with neither secret");
    });
  }
  for (const name of ["stripe", "standardWebhooks"]) {
    const scheme = api[name];
    t.check(`${label}: ${name} signs with several secrets, one signature each`, async () => {
      const [a, b, c] = [api.generateSecret(), api.generateSecret(), api.generateSecret()];
      const headers = await api.sign(scheme, opts(config, { secret: [a, b], payload: "both", timestamp: T, id: MSG_ID }));
      const header = headers[scheme.signatureHeader];
      const count = name === "stripe" ? header.split(",").filter((p) => p.startsWith("v1=")).length : header.split(" ").length;
      equal(count, 2, "signatures in the header");
      for (const secret of [a, b]) await api.verify(scheme, opts(config, { secret, payload: "both", headers, now: T }));
      await rejects(() => api.verify(scheme, opts(config, { secret: c, payload: "both", headers, now: T })), isCode(api, "no_matching_signature"), "verify with a third secret");
    });
  }
  t.check(`${label}: github refuses several signing secrets with a TypeError`, async () => {
    await rejects(() => api.sign(api.github, opts(config, { secret: [api.generateSecret(), api.generateSecret()], payload: "x" })), isType(TypeError), "sign");
  });
}

function errorCodes(t, config) {
  const { label, api } = config;
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const signed = (scheme, extra = {}) => api.sign(scheme, opts(config, { secret, payload: "body", timestamp: T, id: MSG_ID, ...extra }));
  const verifying = (scheme, headers, extra = {}) => () => api.verify(scheme, opts(config, { secret, payload: "body", headers, now: T, ...extra }));

  for (const name of BODY_SIGNED) {
    const scheme = api[name];
    t.check(`${label}: ${name} missing_header`, async () => {
      await rejects(verifying(scheme, {}), isCode(api, "missing_header"), "verify without headers");
      const headers = await signed(scheme);
      for (const header of Object.keys(headers)) {
        const without = { ...headers };
        delete without[header];
        await rejects(verifying(scheme, without), isCode(api, "missing_header"), `verify without ${header}`);
        await rejects(verifying(scheme, { ...headers, [header]: "" }), isCode(api, "missing_header"), `verify with an empty ${header}`);
      }
    });
    t.check(`${label}: ${name} malformed_header`, async () => {
      const headers = await signed(scheme);
      const header = scheme.signatureHeader;
      const garbage = { github: "sha1=0123", stripe: `t=${T},v1=zz`, standardWebhooks: "v1,@@@" }[name];
      await rejects(verifying(scheme, { ...headers, [header]: garbage }), isCode(api, "malformed_header"), "verify of a garbage signature");
      await rejects(verifying(scheme, { ...headers, [header]: "x".repeat(100_000) }), isCode(api, "malformed_header"), "verify of an oversized header");
      if (name === "standardWebhooks") {
        await rejects(verifying(scheme, { ...headers, "webhook-timestamp": `${T}.5` }), isCode(api, "malformed_header"), "verify of a fractional timestamp");
        await rejects(verifying(scheme, { ...headers, "webhook-signature": Array(100).fill(headers["webhook-signature"]).join(" ") }), isCode(api, "malformed_header"), "verify of 100 signatures");
      }
      if (name === "stripe") {
        await rejects(verifying(scheme, { [header]: headers[header].replace(`t=${T}`, "t=soon") }), isCode(api, "malformed_header"), "verify of t=soon");
      }
    });
    t.check(`${label}: ${name} no_matching_signature, with a message that leaks nothing`, async () => {
      const headers = await signed(scheme);
      const error = await rejects(verifying(scheme, headers, { payload: "body-tampered-8d1f" }), isCode(api, "no_matching_signature"), "verify of a tampered body");
      assert(!error.message.includes(secret) && !error.message.includes("body-tampered-8d1f"), "the message contains the secret or the payload");
      const correct = await api.sign(scheme, opts(config, { secret, payload: "body-tampered-8d1f", timestamp: T, id: MSG_ID }));
      const mac = correct[scheme.signatureHeader].split(/[=, ]/).sort((a, b) => b.length - a.length)[0];
      assert(!error.message.includes(mac), "the message contains the expected signature");
    });
    if (name === "github") continue; // no timestamp
    t.check(`${label}: ${name} timestamp_too_old and timestamp_too_new, tolerance inclusive`, async () => {
      const headers = await signed(scheme);
      await verifying(scheme, headers, { now: T + 300 })();
      await verifying(scheme, headers, { now: T - 300 })();
      await rejects(verifying(scheme, headers, { now: T + 301 }), isCode(api, "timestamp_too_old"), "verify 301 s later");
      await rejects(verifying(scheme, headers, { now: T - 301 }), isCode(api, "timestamp_too_new"), "verify 301 s earlier");
      await rejects(verifying(scheme, headers, { now: T + 11, tolerance: 10 }), isCode(api, "timestamp_too_old"), "verify with tolerance 10");
      await verifying(scheme, headers, { now: new Date((T + 10) * 1000), tolerance: 10 })();
      // A stale delivery is refused for its age even when the signature is also wrong.
      await rejects(verifying(scheme, headers, { now: T + 301, payload: "other" }), isCode(api, "timestamp_too_old"), "verify stale and tampered");
    });
  }

  t.check(`${label}: invalid_secret for a configured secret that cannot be a key`, async () => {
    for (const scheme of [api.github, api.stripe, api.standardWebhooks]) {
      await rejects(() => api.verify(scheme, opts(config, { secret: "", payload: "x", headers: {} })), isCode(api, "invalid_secret"), `${scheme.name} verify with ""`);
      await rejects(() => api.verify(scheme, opts(config, { secret: [], payload: "x", headers: {} })), isCode(api, "invalid_secret"), `${scheme.name} verify with []`);
      await rejects(() => api.sign(scheme, opts(config, { secret: "", payload: "x" })), isType(RangeError), `${scheme.name} sign with ""`);
    }
    const short = "whsec_" + "QUFB".repeat(5); // 15 bytes, below the 24 of Standard Webhooks
    const error = await rejects(() => api.verify(api.standardWebhooks, opts(config, { secret: short, payload: "x", headers: {} })), isCode(api, "invalid_secret"), "verify with a short key");
    assert(!error.message.includes(short), "the message contains the secret");
    await rejects(() => api.verify(api.standardWebhooks, opts(config, { secret: "whsec_not base64!", payload: "x", headers: {} })), isCode(api, "invalid_secret"), "verify with a non-base64 key");
  });
}

function inputErrors(t, config) {
  const { label, api } = config;
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  t.check(`${label}: a parsed payload is a TypeError that asks for the raw body`, async () => {
    const headers = await api.sign(api.github, opts(config, { secret, payload: "{}" }));
    for (const payload of [{}, { event: "ping" }, null, undefined, 42, [1, 2]]) {
      const error = await rejects(() => api.verify(api.github, opts(config, { secret, payload, headers })), isType(TypeError), `verify of ${canonical(payload)}`);
      assert(/raw/i.test(error.message), `the message does not mention the raw body: ${error.message}`);
    }
    await rejects(() => api.sign(api.github, opts(config, { secret, payload: { event: "ping" } })), isType(TypeError), "sign of an object");
  });
  t.check(`${label}: a millisecond timestamp is a TypeError, never misread`, async () => {
    const ms = T * 1000;
    await rejects(() => api.sign(api.stripe, opts(config, { secret, payload: "x", timestamp: ms })), isType(TypeError), "sign with ms");
    const headers = await api.sign(api.stripe, opts(config, { secret, payload: "x", timestamp: T }));
    await rejects(() => api.verify(api.stripe, opts(config, { secret, payload: "x", headers, now: ms })), isType(TypeError), "verify with now in ms");
  });
  t.check(`${label}: a non-scheme or missing options is a TypeError`, async () => {
    await rejects(() => api.verify({ name: "github" }, opts(config, { secret, payload: "x", headers: {} })), isType(TypeError), "verify with a fake scheme");
    await rejects(() => api.verify(api.github), isType(TypeError), "verify without options");
    await rejects(() => api.sign(api.github), isType(TypeError), "sign without options");
  });
}

function utilities(t, name, api) {
  t.check(`${name}: timingSafeEqual`, () => {
    const f = api.timingSafeEqual;
    assert(f("abc", "abc") === true, "equal strings");
    assert(f("abc", "abd") === false, "different strings");
    assert(f("abc", "abcd") === false && f("", "a") === false, "different lengths");
    assert(f("", "") === true, "empty strings");
    assert(f(utf8("é"), "é") === true, "bytes against a string (UTF-8)");
    assert(f(new Uint8Array([1, 2, 3]).buffer, new Uint8Array([1, 2, 3])) === true, "ArrayBuffer against Uint8Array");
    const big = new Uint8Array([9, 1, 2, 3, 9]);
    assert(f(big.subarray(1, 4), new Uint8Array([1, 2, 3])) === true, "a view is compared from its offset");
    assert(f(big.subarray(0, 3), new Uint8Array([1, 2, 3])) === false, "a view is compared from its offset (negative)");
    for (const bad of [1, null, undefined, {}, ["a"]]) {
      let threw;
      try {
        f(bad, "a");
      } catch (error) {
        threw = error;
      }
      assert(threw instanceof TypeError, `timingSafeEqual(${canonical(bad)}, "a") must throw a TypeError`);
    }
  });
  t.check(`${name}: generateSecret`, () => {
    const a = api.generateSecret();
    const b = api.generateSecret();
    assert(/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(a), `shape of ${a.slice(0, 10)}…`);
    assert(a !== b, "two secrets are equal");
    equal(fromBase64(a.slice(6)).length, 32, "default bytes");
    equal(fromBase64(api.generateSecret({ bytes: 24 }).slice(6)).length, 24, "bytes: 24");
    equal(fromBase64(api.generateSecret({ bytes: 64 }).slice(6)).length, 64, "bytes: 64");
    for (const bytes of [0, 8, 23, 1.5, -1]) {
      let threw;
      try {
        api.generateSecret({ bytes });
      } catch (error) {
        threw = error;
      }
      assert(threw instanceof RangeError, `generateSecret({ bytes: ${bytes} }) must throw a RangeError`);
    }
  });
}

function keyPairs(t, name, api) {
  t.check(`${name}: generateKeyPair and an asymmetric v1a round trip`, async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    assert(/^whsk_[A-Za-z0-9+/]{86}==$/.test(secretKey), "secretKey shape (seed and public key, 64 bytes)");
    assert(/^whpk_[A-Za-z0-9+/]{43}=$/.test(publicKey), "publicKey shape");
    const headers = await api.sign(api.standardWebhooks, { secret: secretKey, payload: "signed" });
    assert(headers["webhook-signature"].startsWith("v1a,"), headers["webhook-signature"]);
    const result = await api.verify(api.standardWebhooks, { secret: publicKey, payload: "signed", headers });
    equal(result.secretIndex, 0, "secretIndex");
    await rejects(() => api.verify(api.standardWebhooks, { secret: publicKey, payload: "signeD", headers }), isCode(api, "no_matching_signature"), "verify of a changed body");
    const other = await api.generateKeyPair();
    await rejects(() => api.verify(api.standardWebhooks, { secret: other.publicKey, payload: "signed", headers }), isCode(api, "no_matching_signature"), "verify with another public key");
    // One header may carry an HMAC and an Ed25519 signature.
    const hmacSecret = api.generateSecret();
    const mixed = await api.sign(api.standardWebhooks, { secret: [hmacSecret, secretKey], payload: "both" });
    equal(mixed["webhook-signature"].split(" ").map((entry) => entry.split(",")[0]), ["v1", "v1a"], "versions in the header");
    equal((await api.verify(api.standardWebhooks, { secret: [publicKey, hmacSecret], payload: "both", headers: mixed })).secretIndex, 0, "secretIndex");
    equal((await api.verify(api.standardWebhooks, { secret: hmacSecret, payload: "both", headers: mixed })).secretIndex, 0, "secretIndex");
  });
}

function syncVariants(t, name, api) {
  t.check(`${name}: signSync and verifySync agree with sign and verify`, async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for (const scheme of [api.github, api.stripe, api.standardWebhooks]) {
      const options = { secret, payload: "sync", timestamp: T, id: MSG_ID };
      const headers = api.signSync(scheme, options);
      assert(typeof headers.then !== "function", "signSync returned a Promise");
      equal(headers, await api.sign(scheme, options), `${scheme.name} headers`);
      const result = api.verifySync(scheme, { secret, payload: "sync", headers, now: T });
      equal(result, await api.verify(scheme, { secret, payload: "sync", headers, now: T }), `${scheme.name} result`);
      let threw;
      try {
        api.verifySync(scheme, { secret, payload: "synC", headers, now: T });
      } catch (error) {
        threw = error;
      }
      isCode(api, "no_matching_signature")(threw);
    }
  });
  const web = Object.values(api).find((value) => isProvider(value) && value.name === "web");
  if (web === undefined) return;
  t.check(`${name}: signSync refuses an asynchronous provider with a TypeError`, () => {
    let threw;
    try {
      api.signSync(api.github, { secret: "s", payload: "x", crypto: web });
    } catch (error) {
      threw = error;
    }
    isType(TypeError)(threw);
  });
}

function replay(t, name, api) {
  t.check(`${name}: memoryReplayStore claims a key once, until released or expired`, async () => {
    const store = api.memoryReplayStore();
    equal(await store.claim("a", 60, "o1"), true, "first claim");
    equal(await store.claim("a", 60, "o2"), false, "second claim");
    equal(await store.claim("b", 60, "o3"), true, "another key");
    await store.release("a", "o2"); // not the owner: the claim stays
    equal(await store.claim("a", 60, "o4"), false, "a release by another owner");
    await store.release("a", "o1");
    equal(await store.claim("a", 60, "o5"), true, "claim after release");
    let now = 0;
    const clocked = api.memoryReplayStore({ clock: () => now });
    equal(await clocked.claim("k", 10, "o1"), true, "first claim");
    now = 11_000;
    equal(await clocked.claim("k", 10, "o2"), true, "claim after the ttl");
  });
  t.check(`${name}: memoryReplayStore refuses a bad maxEntries and never forgets a live claim`, async () => {
    for (const maxEntries of [0, -1, 1.5]) {
      let threw;
      try {
        api.memoryReplayStore({ maxEntries });
      } catch (error) {
        threw = error;
      }
      assert(threw instanceof RangeError, `maxEntries ${maxEntries} must be a RangeError`);
    }
    const full = api.memoryReplayStore({ maxEntries: 1 });
    equal(await full.claim("a", 60, "o1"), true, "first claim");
    await failure(() => full.claim("b", 60, "o2"), "a claim in a full store");
    equal(await full.claim("a", 60, "o3"), false, "the live claim is still held");
  });
  replayVerify(t, { label: name, api, crypto: undefined });
}

function replayVerify(t, config) {
  const { label, api } = config;
  t.check(`${label}: verify with a replay store rejects a second delivery as replayed, and release() lets a retry in`, async () => {
    const secret = api.generateSecret();
    for (const scheme of [api.github, api.stripe, api.standardWebhooks]) {
      const replayStore = api.memoryReplayStore();
      const headers = await api.sign(scheme, opts(config, { secret, payload: "once" }));
      const once = () => api.verify(scheme, opts(config, { secret, payload: "once", headers, replay: replayStore }));
      const first = await once();
      assert(typeof first.release === "function", `${scheme.name}: the result has no release()`);
      await rejects(once, isCode(api, "replayed"), `${scheme.name} second delivery`);
      await first.release();
      const retry = await once();
      equal(retry.scheme, scheme.name, "retry accepted");
      // A delivery that fails verification claims nothing.
      const fresh = api.memoryReplayStore();
      await rejects(() => api.verify(scheme, opts(config, { secret, payload: "twice", headers, replay: fresh })), isCode(api, "no_matching_signature"), "tampered");
      await api.verify(scheme, opts(config, { secret, payload: "once", headers, replay: fresh }));
    }
  });
  t.check(`${label}: a failing replay store makes verify reject, never accept`, async () => {
    const secret = api.generateSecret();
    const headers = await api.sign(api.standardWebhooks, opts(config, { secret, payload: "x" }));
    const stores = [
      { claim() { throw new Error("store down"); }, release() {} },
      { claim: async () => { throw new Error("store down"); }, release() {} },
      { claim: () => "yes", release() {} },
    ];
    for (const store of stores) {
      const error = await failure(() => api.verify(api.standardWebhooks, opts(config, { secret, payload: "x", headers, replay: store })), "verify with a failing store");
      if (api.ReplayStoreError !== undefined) assert(error instanceof api.ReplayStoreError, `expected a ReplayStoreError, got ${error && error.name}: ${error && error.message}`);
    }
    await rejects(() => api.verify(api.standardWebhooks, opts(config, { secret, payload: "x", headers, replay: {} })), isType(TypeError), "verify with a non-store");
  });
}

function trelloFactory(t, name, api) {
  t.check(`${name}: trello({ callbackUrl }) signs body + callback URL; another URL or body is refused`, async () => {
    const secret = api.generateSecret();
    const scheme = api.trello({ callbackUrl: "https://example.com/trello?board=1" });
    const headers = await api.sign(scheme, { secret, payload: "{\"action\":{}}" });
    equal((await api.verify(scheme, { secret, payload: "{\"action\":{}}", headers })).scheme, "trello", "Verified.scheme");
    const other = api.trello({ callbackUrl: "https://example.com/trello?board=2" });
    await rejects(() => api.verify(other, { secret, payload: "{\"action\":{}}", headers }), isCode(api, "no_matching_signature"), "verify under another callback URL");
    await rejects(() => api.verify(scheme, { secret, payload: "{\"action\":[]}", headers }), isCode(api, "no_matching_signature"), "verify of a changed body");
    await rejects(async () => api.trello({ callbackUrl: "/relative" }), isType(RangeError), "trello with a relative URL");
  });
}

function verifyRequests(t, name, api) {
  t.check(`${name}: verifyRequest reads the raw body of a Fetch Request once and verifies it`, async () => {
    const secret = api.generateSecret();
    const body = JSON.stringify({ event: "ping", text: "naïve ☃" });
    for (const scheme of [api.github, api.stripe, api.standardWebhooks]) {
      const headers = await api.sign(scheme, { secret, payload: body });
      const request = () => new globalThis.Request("https://example.com/webhooks", { method: "POST", headers, body });
      const result = await api.verifyRequest(scheme, request(), { secret });
      equal([result.scheme, result.secretIndex], [scheme.name, 0], "result");
      assert(result.body instanceof Uint8Array && result.body.length === utf8(body).length, "body bytes");
      equal(result.text(), body, "text()");
      equal(result.json(), JSON.parse(body), "json()");
      const tampered = new globalThis.Request("https://example.com/webhooks", { method: "POST", headers, body: body + " " });
      await rejects(() => api.verifyRequest(scheme, tampered, { secret }), isCode(api, "no_matching_signature"), "a tampered body");
      await rejects(() => api.verifyRequest(scheme, request(), { secret, maxBodyBytes: 10 }), isCode(api, "payload_too_large"), "a body over maxBodyBytes");
    }
  });
}

// Operating webhooks: signedRequest, the observe option, Verified.eventId and replayKey "event".
function operations(t, name, api) {
  const secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // 32 base64 characters: a valid key for every scheme here
  const event = JSON.stringify({ id: "evt_portable_1", object: "event", type: "invoice.paid", text: "naïve ☃" });

  t.check(`${name}: signedRequest builds a POST Request that verifyRequest accepts, byte for byte`, async () => {
    for (const scheme of [api.github, api.stripe, api.standardWebhooks]) {
      const request = await api.signedRequest(scheme, { url: "http://localhost/webhooks", secret, payload: event, headers: { "x-extra": "1" } });
      assert(request instanceof globalThis.Request, "a Request");
      equal([request.method, request.url, request.headers.get("content-type"), request.headers.get("x-extra")], ["POST", "http://localhost/webhooks", "application/json", "1"], "request");
      const webhook = await api.verifyRequest(scheme, request, { secret });
      equal(webhook.text(), event, "the body as signed");
      equal(webhook.json().id, "evt_portable_1", "json()");
    }
    await rejects(() => api.signedRequest(api.github, { secret, payload: event }), isType(TypeError), "signedRequest without a url");
  });

  t.check(`${name}: observe reports each verification once, with no secret, signature or payload; a throwing observer changes nothing`, async () => {
    const events = [];
    const observe = (e) => void events.push(e);
    const headers = await api.sign(api.stripe, { secret, payload: event });
    const verified = await api.verify(api.stripe, { secret, payload: event, headers, observe });
    equal(verified.eventId, "evt_portable_1", "Verified.eventId");
    await rejects(() => api.verify(api.stripe, { secret, payload: event + " ", headers, observe }), isCode(api, "no_matching_signature"), "a tampered body");
    equal(events.map((e) => [e.scheme, e.outcome, e.secretIndex, e.eventId]), [["stripe", "accepted", 0, "evt_portable_1"], ["stripe", "no_matching_signature", undefined, undefined]], "events");
    assert(events.every((e) => typeof e.durationMs === "number" && e.durationMs >= 0), "durationMs");
    const text = JSON.stringify(events);
    for (const value of [secret, headers["stripe-signature"].split("v1=")[1], "naïve"]) assert(!text.includes(value), "an event carries a secret, signature or payload");
    const thrower = () => {
      throw new Error("observer bug");
    };
    equal((await api.verify(api.stripe, { secret, payload: event, headers, observe: thrower })).secretIndex, 0, "a throwing observer");

    // The prepared verifier and the Fetch handler report each delivery too.
    if (typeof api.createVerifier === "function" && typeof api.webhookHandler === "function") {
      const seen = [];
      const verifyStripe = api.createVerifier(api.stripe, { secret, observe: (e) => void seen.push(e.outcome) });
      await verifyStripe({ payload: event, headers });
      const handle = api.webhookHandler(api.stripe, { secret, observe: (e) => void seen.push(e.outcome) }, (webhook) => new globalThis.Response(webhook.eventId));
      const answer = await handle(await api.signedRequest(api.stripe, { url: "http://localhost/", secret, payload: event }));
      equal([answer.status, await answer.text()], [200, "evt_portable_1"], "webhookHandler's answer");
      equal((await handle(new globalThis.Request("http://localhost/", { method: "POST", body: event }))).status, 401, "an unsigned request");
      equal(seen, ["accepted", "accepted", "missing_header"], "outcomes");
    }
  });

  t.check(`${name}: replayKey "event" refuses a retry signed again with a new timestamp until release()`, async () => {
    const replay = api.memoryReplayStore();
    const now = T;
    const first = await api.sign(api.stripe, { secret, payload: event, timestamp: now });
    const retry = await api.sign(api.stripe, { secret, payload: event, timestamp: now + 60 });
    const options = { secret, payload: event, replay, replayKey: "event" };
    const accepted = await api.verify(api.stripe, { ...options, headers: first, now });
    await rejects(() => api.verify(api.stripe, { ...options, headers: retry, now: now + 60 }), isCode(api, "replayed"), "the retry");
    await accepted.release();
    equal((await api.verify(api.stripe, { ...options, headers: retry, now: now + 60 })).eventId, "evt_portable_1", "the retry after release()");
  });
}

function zoomChallenge(t, name, api, provider) {
  t.check(`${name}: zoomChallengeResponse answers Zoom's URL validation with the HMAC of the token`, async () => {
    const secret = "zoom-secret-token";
    const result = await api.zoomChallengeResponse("qgg8vlvZRS6UYooatFL8Aw", secret);
    equal(result.plainToken, "qgg8vlvZRS6UYooatFL8Aw", "plainToken");
    const expected = toHex(await provider.hmac("SHA-256", utf8(secret), [utf8("qgg8vlvZRS6UYooatFL8Aw")]));
    equal(result.encryptedToken, expected, "encryptedToken");
  });
}

function handshakes(t, name, api, provider) {
  const get = (query) => new globalThis.Request(`https://example.com/webhooks?${query}`);
  t.check(`${name}: handshakeResponse echoes Dropbox's challenge as nosniff text, refuses markup, and passes deliveries by`, async () => {
    const answer = await api.handshakeResponse(api.dropbox, get("challenge=abc123"));
    equal([answer.status, answer.headers.get("content-type"), answer.headers.get("x-content-type-options"), await answer.text()], [200, "text/plain", "nosniff", "abc123"], "answer");
    await rejects(() => api.handshakeResponse(api.dropbox, get("challenge=%3Cb%3E")), isCode(api, "handshake_refused"), "a challenge with markup");
    equal(await api.handshakeResponse(api.github, get("challenge=abc123")), undefined, "a scheme without a handshake");
  });
  t.check(`${name}: handshakeResponse answers X's CRC with the HMAC of the token`, async () => {
    const secret = "x-consumer-secret";
    const answer = await api.handshakeResponse(api.twitter, get("crc_token=9b4507b3-9040-4669-9ca3-6b94edb50553"), { secret });
    const mac = await provider.hmac("SHA-256", utf8(secret), [utf8("9b4507b3-9040-4669-9ca3-6b94edb50553")]);
    let binary = "";
    for (const byte of mac) binary += String.fromCharCode(byte);
    equal(await answer.json(), { response_token: `sha256=${globalThis.btoa(binary)}` }, "response_token");
  });
  t.check(`${name}: handshakeResponse verifies Slack's url_verification before answering it`, async () => {
    const secret = "slack-signing-secret";
    const body = '{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}';
    const headers = await api.sign(api.slack, { secret, payload: body });
    const post = (h) => new globalThis.Request("https://example.com/webhooks", { method: "POST", headers: h, body });
    equal(await (await api.handshakeResponse(api.slack, post(headers), { secret })).text(), "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "challenge");
    await rejects(() => api.handshakeResponse(api.slack, post({ ...headers, "x-slack-signature": "v0=" + "0".repeat(64) }), { secret }), isCode(api, "no_matching_signature"), "a forged check");
    equal(api.detectScheme(headers).map((scheme) => scheme.name), ["slack"], "detectScheme");
  });
}

function userSchemes(t, name, api) {
  t.check(`${name}: defineScheme makes a working scheme from data, as the built-ins are made`, async () => {
    const PREFIX = "v1=";
    const acme = api.defineScheme({
      name: "acme",
      hash: "SHA-256",
      encoding: "hex",
      secret: api.utf8Secret ?? { describe: "a string", decode: utf8 },
      minSecretBytes: 1,
      signatureHeader: "x-acme-signature",
      parse: (value) => ({ signatures: value.startsWith(PREFIX) ? [value.slice(PREFIX.length)] : [] }),
      format: ({ signatures }) => PREFIX + signatures[0],
      multipleSignatures: false,
      content: ({ body }) => [body],
    });
    const headers = await api.sign(acme, { secret: "s3cret", payload: "hello" });
    assert(/^v1=[0-9a-f]{64}$/.test(headers["x-acme-signature"]), headers["x-acme-signature"]);
    equal((await api.verify(acme, { secret: "s3cret", payload: "hello", headers })).scheme, "acme", "Verified.scheme");
    await rejects(() => api.verify(acme, { secret: "s3cret", payload: "hellO", headers }), isCode(api, "no_matching_signature"), "a tampered body");
    let threw;
    try {
      api.defineScheme({ ...acme, name: "bad", signatureHeader: "X-Acme-Signature" });
    } catch (error) {
      threw = error;
    }
    assert(threw instanceof TypeError, "an upper-case header name must be a TypeError");
  });
  if (typeof api.ed25519Keys === "function" && typeof api.generateKeyPair === "function") {
    t.check(`${name}: defineScheme with ed25519Keys() signs and verifies Ed25519 under its own key prefixes`, async () => {
      const acme = api.defineScheme({ ...api.standardWebhooks, name: "acmeV1a", asymmetric: api.ed25519Keys({ secretKeyPrefix: "ask_", publicKeyPrefix: "apk_" }) });
      const pair = await api.generateKeyPair();
      const [secretKey, publicKey] = ["ask_" + pair.secretKey.slice(5), "apk_" + pair.publicKey.slice(5)];
      const headers = await api.sign(acme, { secret: secretKey, payload: "hello" });
      assert(/^v1a,[A-Za-z0-9+/]{86}==$/.test(headers["webhook-signature"]), headers["webhook-signature"]);
      equal((await api.verify(acme, { secret: publicKey, payload: "hello", headers })).scheme, "acmeV1a", "Verified.scheme");
      await rejects(() => api.verify(acme, { secret: publicKey, payload: "hellO", headers }), isCode(api, "no_matching_signature"), "a tampered body");
      await rejects(() => api.verify(acme, { secret: pair.publicKey, payload: "hello", headers }), isCode(api, "invalid_secret"), "Standard Webhooks' own prefix");
    });
  }
  if (typeof api.jwtToken === "function" && api.fusionauth !== undefined) {
    t.check(`${name}: defineScheme with jwtToken() makes an HS512 FusionAuth scheme`, async () => {
      const hs512 = api.defineScheme({ ...api.fusionauth, name: "fusionauthHs512", minSecretBytes: 64, token: api.jwtToken({ bodyHashClaim: "request_body_sha256", algorithms: ["HS512"] }) });
      const secret = "a-fusionauth-hmac-key-that-is-sixty-four-bytes-long-for-hs512!!!";
      const headers = await api.sign(hs512, { secret, payload: '{"event":1}' });
      equal(JSON.parse(globalThis.atob(headers["x-fusionauth-signature-jwt"].split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).alg, "HS512", "alg");
      equal((await api.verify(hs512, { secret, payload: '{"event":1}', headers })).scheme, "fusionauthHs512", "Verified.scheme");
      await rejects(() => api.verify(hs512, { secret, payload: '{"event":2}', headers }), isCode(api, "no_matching_signature"), "another body");
    });
  }
  if (typeof api.prefixedBase64Secret === "function") {
    t.check(`${name}: prefixedBase64Secret decodes prefixed and bare base64, and nothing else`, () => {
      const rule = api.prefixedBase64Secret("whsec_");
      equal(rule.decode("whsec_AAEC"), new Uint8Array([0, 1, 2]), "prefixed");
      equal(rule.decode("AAEC"), new Uint8Array([0, 1, 2]), "bare");
      equal(rule.decode("whsec_not base64!"), undefined, "not base64");
      assert(typeof rule.describe === "string" && !rule.describe.includes("AAEC"), "describe");
    });
  }
}

function adapter(t, provider, data) {
  const p = provider;
  for (const vector of data.rfc4231 ?? []) {
    t.check(`${p.name} adapter: HMAC-SHA256 RFC 4231 ${vector.id}`, async () => {
      const mac = await p.hmac("SHA-256", fromHex(vector.key_hex), [fromHex(vector.data_hex)]);
      equal(toHex(mac.subarray(0, (vector.truncated_to_bits ?? 256) / 8)), vector.mac_hex, "mac");
    });
  }
  t.check(`${p.name} adapter: Wycheproof HMAC-SHA256 (every valid tag reproduces, every invalid one differs)`, async () => {
    const tests = data.wycheproofHmac ?? [];
    assert(tests.length === 174, `expected 174 Wycheproof tests, got ${tests.length}`);
    for (const test of tests) {
      const mac = await p.hmac("SHA-256", fromHex(test.key), [fromHex(test.msg)]);
      assert((toHex(mac.subarray(0, test.tagBytes)) === test.tag) === test.valid, `tcId ${test.tcId}`);
    }
  });
  t.check(`${p.name} adapter: HMAC over parts equals HMAC over the concatenation`, async () => {
    const key = fromHex("0b".repeat(20));
    for (const hash of HASHES) {
      const whole = await p.hmac(hash, key, [utf8("Hi There")]);
      equal(await p.hmac(hash, key, [utf8("Hi "), utf8("There")]), whole, `${hash} parts`);
      equal(await p.hmac(hash, key, [utf8(""), utf8("Hi There"), utf8("")]), whole, `${hash} empty parts`);
    }
  });
  t.check(`${p.name} adapter: digests of "abc" (SHA-1/256/384/512)`, async () => {
    for (const hash of HASHES) equal(toHex(await p.digest(hash, [utf8("a"), utf8("bc")])), ABC_DIGESTS[hash], hash);
  });
  t.check(`${p.name} adapter: randomBytes`, () => {
    for (const length of [0, 1, 18, 32, 1024, 65_536]) {
      const bytes = p.randomBytes(length);
      assert(bytes instanceof Uint8Array && bytes.length === length, `randomBytes(${length}) gave ${bytes && bytes.length}`);
    }
    assert(toHex(p.randomBytes(16)) !== toHex(p.randomBytes(16)), "two draws are equal");
  });
  // Web Crypto fills at most 64 KiB per getRandomValues call; the web adapter chunks. (workerd's
  // nodejs_compat node:crypto.randomBytes does not, so this is not asked of every provider;
  // hookseal itself never draws more than generateSecret's 1024 bytes.)
  if (p.name === "web") {
    t.check(`${p.name} adapter: randomBytes past 64 KiB`, () => {
      const large = p.randomBytes(200_000);
      assert(large instanceof Uint8Array && large.length === 200_000, "length");
      assert(large.subarray(150_000).some((byte) => byte !== 0), "the tail past 64 KiB is not filled");
    });
  }
  if (typeof p.ed25519Sign !== "function") return;
  for (const vector of data.rfc8032 ?? []) {
    t.check(`${p.name} adapter: Ed25519 RFC 8032 ${vector.id}`, async () => {
      const message = [fromHex(vector.message_hex)];
      equal(await p.ed25519Verify(fromHex(vector.public_key_hex), fromHex(vector.signature_hex), message), vector.valid, "verified");
      if (!vector.valid) return;
      const seed = fromHex(vector.secret_key_hex);
      equal(toHex(await p.ed25519PublicKey(seed)), vector.public_key_hex, "public key");
      equal(toHex(await p.ed25519Sign(seed, message)), vector.signature_hex, "signature");
    });
  }
  t.check(`${p.name} adapter: Wycheproof Ed25519 (valid signatures verify, invalid ones do not, nothing throws)`, async () => {
    const tests = data.wycheproofEd25519 ?? [];
    assert(tests.length === 151, `expected 151 Wycheproof tests, got ${tests.length}`);
    const wrong = [];
    for (const test of tests) {
      const verified = await p.ed25519Verify(fromHex(test.publicKey), fromHex(test.sig), [fromHex(test.msg)]);
      if (verified !== test.valid) wrong.push(test.tcId);
    }
    assert(wrong.length === 0, `wrong outcome for tcId ${wrong.join(", ")}`);
  });
}

// Public keys, generated with Web Crypto (every runtime has it): the private key signs as a
// CryptoKey, the public key verifies in the provider's own text form and as a JWK.
function publicKeySchemes(t, config) {
  const { label, api } = config;
  const subtle = globalThis.crypto.subtle;
  const b64 = (bytes) => globalThis.btoa(String.fromCharCode(...new Uint8Array(bytes)));
  const hex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const cases = [
    ["discord", { name: "Ed25519" }, async (key) => hex(await subtle.exportKey("raw", key))],
    ["sendgrid", { name: "ECDSA", namedCurve: "P-256" }, async (key) => b64(await subtle.exportKey("spki", key))],
  ];
  for (const [name, algorithm, providerForm] of cases) {
    t.check(`${label}: ${name} signs with a private key, verifies with its public key in every form, refuses tampering`, async () => {
      const scheme = api[name];
      const pair = await subtle.generateKey(algorithm, true, ["sign", "verify"]);
      const body = `{"event":"ping","n":${Math.random()}}`;
      // workerd's node:crypto signs only with key material: there the node adapter takes a JWK (docs/runtimes.md).
      const workerdNode = globalThis.navigator?.userAgent === "Cloudflare-Workers" && label.includes("node");
      const signingKey = workerdNode ? await subtle.exportKey("jwk", pair.privateKey) : pair.privateKey;
      if (workerdNode && name === "sendgrid") {
        // ECDSA there is refused with a TypeError naming hookseal/web, never a silent mismatch.
        await rejects(() => api.sign(scheme, opts(config, { secret: signingKey, payload: body, timestamp: T })), isType(TypeError), "ECDSA on workerd's node:crypto");
        return;
      }
      const headers = await api.sign(scheme, opts(config, { secret: signingKey, payload: body, timestamp: T }));
      const forms = [await providerForm(pair.publicKey), await subtle.exportKey("jwk", pair.publicKey), pair.publicKey];
      for (const secret of forms) {
        const verified = await api.verify(scheme, opts(config, { secret, payload: body, headers, now: T }));
        equal(verified.timestamp, T, "timestamp");
        await rejects(() => api.verify(scheme, opts(config, { secret, payload: body + " ", headers, now: T })), isCode(api, "no_matching_signature"), "tampered body");
      }
      await rejects(() => api.verify(scheme, opts(config, { secret: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", payload: body, headers, now: T })), isCode(api, "invalid_secret"), "bad key");
      await rejects(() => api.verify(api.github, opts(config, { secret: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", payload: body, headers: { "x-hub-signature-256": "sha256=00" } })), isCode(api, "invalid_secret"), "a PEM as an HMAC secret");
    });
  }
  t.check(`${label}: discordPing answers a PING with a PONG`, () => {
    equal(JSON.stringify(api.discordPing('{"type":1}')), '{"type":1}', "pong");
    equal(api.discordPing('{"type":2}'), undefined, "not a ping");
  });
}

// An SNS message signed here (RSASSA-PKCS1-v1_5/SHA-256 over AWS's canonical string) under an
// RSA key whose "certificate" an injected fetch serves: hookseal reads only its key.
function awsSnsMessages(t, label, api) {
  t.check(`${label}: awsSns verifies SignatureVersion 2 and 1 messages with a certificate from an injected fetch`, async () => {
    const subtle = globalThis.crypto.subtle;
    const algorithm = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
    const pair = await subtle.generateKey(algorithm, true, ["sign", "verify"]);
    const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
    const tlv = (tag, ...parts) => {
      const length = parts.reduce((n, p) => n + p.length, 0);
      const head = length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
      const out = new Uint8Array(head.length + length);
      out.set(head);
      let at = head.length;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    const seq = (...parts) => tlv(0x30, ...parts);
    const tbs = seq(tlv(0xa0, tlv(0x02, new Uint8Array([2]))), tlv(0x02, new Uint8Array([1])), seq(), seq(), seq(), seq(), spki);
    const der = seq(tbs, seq(), tlv(0x03, new Uint8Array([0])));
    const pem = `-----BEGIN CERTIFICATE-----\n${globalThis.btoa(String.fromCharCode(...der))}\n-----END CERTIFICATE-----\n`;
    const url = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem";
    const fetched = [];
    const fetch = async (input) => (fetched.push(String(input)), new Response(pem));
    const message = { Type: "Notification", MessageId: "m-1", TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Message: "hello", Timestamp: "2024-01-01T00:00:00.000Z", SignatureVersion: "2", SigningCertURL: url };
    const canonical = ["Message", "MessageId", "Timestamp", "TopicArn", "Type"].map((k) => `${k}\n${message[k]}\n`).join("");
    const signature = await subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, new TextEncoder().encode(canonical));
    message.Signature = globalThis.btoa(String.fromCharCode(...new Uint8Array(signature)));
    const scheme = api.awsSns({ fetch });
    const headers = { "x-amz-sns-message-type": "Notification" };
    const verified = await api.verify(scheme, { secret: [], payload: JSON.stringify(message), headers });
    equal(verified.id, "m-1", "MessageId");
    await rejects(() => api.verify(scheme, { secret: [], payload: JSON.stringify({ ...message, Message: "hellO" }), headers }), isCode(api, "no_matching_signature"), "tampered");
    await rejects(() => api.verify(scheme, { secret: [], payload: JSON.stringify({ ...message, SigningCertURL: "https://sns.us-east-1.amazonaws.com.evil.com/x.pem" }), headers }), isCode(api, "malformed_header"), "foreign certificate URL");
    equal(fetched.length, 1, "one fetch, then the cache");
    equal(api.awsSnsMessage(JSON.stringify(message)).MessageId, "m-1", "awsSnsMessage");
    equal(api.isSnsSubscribeUrl("https://evil.com/?Action=ConfirmSubscription&x=1"), false, "isSnsSubscribeUrl");
    equal(verified.eventId, "m-1", "eventId is the MessageId");
    // SignatureVersion 1: RSA-SHA1 over the same canonical string, under the same certificate.
    const sha1Key = await subtle.importKey("pkcs8", await subtle.exportKey("pkcs8", pair.privateKey), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-1" }, false, ["sign"]);
    const v1 = { ...message, SignatureVersion: "1", Signature: globalThis.btoa(String.fromCharCode(...new Uint8Array(await subtle.sign("RSASSA-PKCS1-v1_5", sha1Key, new TextEncoder().encode(canonical))))) };
    equal((await api.verify(scheme, { secret: [], payload: JSON.stringify(v1), headers })).id, "m-1", "SignatureVersion 1");
    await rejects(() => api.verify(scheme, { secret: [], payload: JSON.stringify({ ...v1, SignatureVersion: "2" }), headers }), isCode(api, "no_matching_signature"), "an RSA-SHA1 signature read as version 2");

    // confirmSubscription: true: a verified SubscriptionConfirmation is confirmed by one GET of its
    // SubscribeURL (served by the injected fetch: never the network) and answered 200.
    if (typeof api.handshakeResponse !== "function" || typeof globalThis.Request !== "function") return;
    const subscribeUrl = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:t&Token=2336412f37";
    const confirmation = { Type: "SubscriptionConfirmation", MessageId: "m-2", Token: "2336412f37", TopicArn: message.TopicArn, Message: "confirm", SubscribeURL: subscribeUrl, Timestamp: message.Timestamp, SignatureVersion: "2", SigningCertURL: url };
    const confirmCanonical = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"].map((k) => `${k}\n${confirmation[k]}\n`).join("");
    const confirmSignature = await subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, new TextEncoder().encode(confirmCanonical));
    confirmation.Signature = globalThis.btoa(String.fromCharCode(...new Uint8Array(confirmSignature)));
    const calls = [];
    let status = 200;
    const confirmFetch = async (input, init) => (String(input) === url ? new Response(pem) : (calls.push([String(input), init?.method]), new Response("<ConfirmSubscriptionResponse/>", { status })));
    const request = () => new Request("https://example.com/sns", { method: "POST", headers: { "x-amz-sns-message-type": "SubscriptionConfirmation" }, body: JSON.stringify(confirmation) });
    const answer = await api.handshakeResponse(api.awsSns({ fetch: confirmFetch, confirmSubscription: true }), request(), { secret: [] });
    equal(answer?.status, 200, "a confirmation answered 200");
    equal(JSON.stringify(calls), JSON.stringify([[subscribeUrl, "GET"]]), "one GET of the SubscribeURL");
    equal(await api.handshakeResponse(api.awsSns({ fetch: confirmFetch }), request(), { secret: [] }), undefined, "not confirmed without the option");
    status = 500;
    await rejects(() => api.handshakeResponse(api.awsSns({ fetch: confirmFetch, confirmSubscription: true }), request(), { secret: [] }), (error) => assert(error instanceof api.HandshakeCallbackError, `a failed confirmation: ${error && error.name}`), "a failed confirmation");
  });
}

function adapterAgreement(t, api, node, web) {
  t.check("adapters agree: nodeCrypto and webCrypto give identical headers for every scheme", async () => {
    const secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", fromHex("00ff".repeat(16)), api.generateSecret()];
    for (const scheme of schemesOf(api)) {
      if (SCHEME_FIXTURES[scheme.name]?.signedBody !== undefined) continue; // nothing to sign
      const payloads = SCHEME_FIXTURES[scheme.name] ? ["hello", "x".repeat(70_000)].map((text) => fixtureBody(scheme, text)) : ["", "hello", utf8("x".repeat(70_000))];
      for (const secret of secrets.map((given) => (typeof given === "string" ? fixtureSecret(scheme, given) : given))) {
        for (const payload of payloads) {
          const options = { secret, payload, timestamp: T, id: MSG_ID, url: "https://example.com/webhooks" };
          equal(await api.sign(scheme, { ...options, crypto: web }), await api.sign(scheme, { ...options, crypto: node }), `${scheme.name} headers`);
        }
      }
    }
  });
  t.check("adapters agree: HMAC and digest for every hash and several sizes", async () => {
    const key = node.randomBytes(40);
    for (const hash of HASHES) {
      for (const size of [0, 1, 63, 64, 65, 1000, 100_000]) {
        const message = pseudoRandom(size, size + hash.length);
        const parts = [message.subarray(0, size >> 1), message.subarray(size >> 1)];
        equal(await web.hmac(hash, key, parts), await node.hmac(hash, key, parts), `${hash} HMAC of ${size} bytes`);
        equal(await web.digest(hash, parts), await node.digest(hash, parts), `${hash} digest of ${size} bytes`);
      }
    }
  });
  if (typeof node.ed25519Sign !== "function" || typeof web.ed25519Sign !== "function") return;
  t.check("adapters agree: Ed25519 public keys and signatures", async () => {
    for (let i = 0; i < 5; i++) {
      const seed = node.randomBytes(32);
      const message = [node.randomBytes(i * 100)];
      const publicKey = await node.ed25519PublicKey(seed);
      equal(await web.ed25519PublicKey(seed), publicKey, "public key");
      const signature = await node.ed25519Sign(seed, message);
      equal(await web.ed25519Sign(seed, message), signature, "signature");
      assert((await web.ed25519Verify(publicKey, signature, message)) === true, "web verifies node's signature");
    }
  });
}

function jwt(t, config, data) {
  const { label, api } = config;
  const secret = "a-jwt-secret-that-is-at-least-32-bytes-long";
  const isJwtCode = (codes) => (error) => {
    const list = Array.isArray(codes) ? codes : [codes];
    assert(error instanceof api.JwtError, `expected a JwtError, got ${error && error.name}: ${error && error.message}`);
    assert(error instanceof Error && error.name === "JwtError", `error.name is ${error.name}`);
    assert(list.includes(error.code), `expected code ${list.join(" or ")}, got ${error.code} (${error.message})`);
  };
  const claims = { event: "invoice.paid", n: 1 };
  const signOptions = { issuer: "https://sender.example", audience: "urn:receiver", subject: "sub_1", jwtId: "jti_1", expiresIn: 300, now: T };
  const verifyOptions = { issuer: "https://sender.example", audience: "urn:receiver", now: T };
  const token = () => api.signJwt(claims, secret, opts(config, signOptions));
  const b64url = (text) => globalThis.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  t.check(`${label}: signJwt/verifyJwt round trip`, async () => {
    const signed = await token();
    assert(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(signed), "compact JWS shape");
    const { payload, header } = await api.verifyJwt(signed, secret, opts(config, verifyOptions));
    equal(header.alg, "HS256", "alg");
    for (const [key, value] of Object.entries(claims)) equal(payload[key], value, key);
    equal([payload.iss, payload.aud, payload.sub, payload.jti, payload.exp], ["https://sender.example", "urn:receiver", "sub_1", "jti_1", T + 300], "registered claims");
    equal((await api.verifyJwt(signed, utf8(secret), opts(config, { now: T }))).payload.event, claims.event, "a byte secret");
    equal((await api.verifyJwt(signed, ["another-secret-that-is-also-32-bytes-long!", secret], opts(config, { now: T }))).payload.n, 1, "rotation");
  });
  t.check(`${label}: verifyJwt rejections`, async () => {
    const signed = await token();
    const verifying = (tokenText, extra = {}, key = secret) => () => api.verifyJwt(tokenText, key, opts(config, { ...verifyOptions, ...extra }));
    await rejects(verifying(signed, {}, "another-secret-that-is-also-32-bytes-long!"), isJwtCode("signature_mismatch"), "another secret");
    await rejects(verifying(signed, { now: T + 300 }), isJwtCode("expired"), "at exp");
    await rejects(verifying(signed, { audience: "urn:someone-else" }), isJwtCode("claim_mismatch"), "another audience");
    await rejects(verifying(signed, { issuer: "https://other.example" }), isJwtCode("claim_mismatch"), "another issuer");
    const [head, body, mac] = signed.split(".");
    const tampered = b64url(JSON.stringify({ ...claims, n: 2, iss: "https://sender.example", aud: "urn:receiver", exp: T + 300 }));
    await rejects(verifying(`${head}.${tampered}.${mac}`), isJwtCode(["signature_mismatch"]), "a tampered payload");
    await rejects(verifying(`${b64url('{"alg":"none","typ":"JWT"}')}.${body}.`), isJwtCode(["unsupported_algorithm"]), "alg none");
    await rejects(verifying(`${b64url('{"alg":"HS512","typ":"JWT"}')}.${body}.${mac}`), isJwtCode(["unsupported_algorithm"]), "HS512 when HS256 is expected");
    for (const text of ["", "a.b", "a.b.c.d", `${head}.${body}`, "not a token"]) await rejects(verifying(text), isJwtCode("malformed"), `token ${JSON.stringify(text)}`);
    const later = await api.signJwt(claims, secret, opts(config, { notBefore: 60, now: T }));
    await rejects(() => api.verifyJwt(later, secret, opts(config, { now: T })), isJwtCode("not_yet_valid"), "before nbf");
    await rejects(verifying(signed, { now: T + 100, maxAge: 10 }), isJwtCode("too_old"), "older than maxAge");
    await rejects(verifying(signed, { requiredClaims: ["role"] }), isJwtCode("missing_claim"), "a required claim");
  });
  if (api.DEFAULT_MAX_TOKEN_LENGTH !== undefined) {
    t.check(`${label}: tokens longer than DEFAULT_MAX_TOKEN_LENGTH are refused as malformed before decoding`, async () => {
      const limit = api.DEFAULT_MAX_TOKEN_LENGTH;
      assert(Number.isInteger(limit) && limit > 0, `DEFAULT_MAX_TOKEN_LENGTH is ${limit}`);
      const signed = await api.signJwt({ pad: "x".repeat(limit) }, secret, opts(config, { now: T }));
      await rejects(() => api.verifyJwt(signed, secret, opts(config, { now: T })), isJwtCode("malformed"), "an oversized token");
    });
  }
  t.check(`${label}: JWT secrets shorter than the hash are a RangeError`, async () => {
    await rejects(() => api.signJwt(claims, "short", opts(config, { now: T })), isType(RangeError), "signJwt with a short secret");
    const signed = await token();
    await rejects(() => api.verifyJwt(signed, "short", opts(config, { now: T })), isType(RangeError), "verifyJwt with a short secret");
  });

  for (const vector of data.jwt ?? []) {
    t.check(`${label}: JWT vector ${vector.id}`, async () => {
      const key = vector.key_utf8 ?? fromHex(vector.key_hex);
      const given = vector.verify_options ?? {};
      const options = { algorithms: given.algorithms, now: vector.now ?? vector.expected_claims.exp - 1 };
      if (given.issuer !== undefined) options.issuer = given.issuer;
      if (given.audience !== undefined) options.audience = given.audience;
      if (given.clock_tolerance_seconds !== undefined) options.clockTolerance = given.clock_tolerance_seconds;
      const attempt = () => api.verifyJwt(vector.token, key, opts(config, options));
      if (vector.optional_behavior) {
        // The strict outcome is `valid`, a lenient one is allowed: either way nothing but a JwtError.
        await Promise.resolve().then(attempt).catch((error) => assert(error instanceof api.JwtError, `${error.name}: ${error.message}`));
      } else if (vector.valid) {
        equal((await attempt()).payload, vector.expected_claims, "claims");
      } else {
        await rejects(attempt, isJwtCode(JWT_CODES_FOR[vector.failure_reason] ?? []), "verifyJwt");
      }
    });
  }
}

// ——— public-key JWTs, key sets and the JWT webhook schemes (issue 15) —————————————————————

// Key pairs made with the runtime's own Web Crypto, once per run: every form a user holds a
// public key in (PEM, JWK, the platform key) and the private key as a CryptoKey and a JWK.
const PUBLIC_JWT_KEYS = {
  RS256: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  PS256: { name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
  EdDSA: { name: "Ed25519" },
};
const jwtKeyPairs = new Map();
function jwtKeyPair(alg) {
  if (!jwtKeyPairs.has(alg)) jwtKeyPairs.set(alg, makeJwtKeyPair(PUBLIC_JWT_KEYS[alg]));
  return jwtKeyPairs.get(alg);
}
async function makeJwtKeyPair(algorithm) {
  const subtle = globalThis.crypto.subtle;
  const pair = await subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  const lines = globalThis.btoa(String.fromCharCode(...spki)).match(/.{1,64}/g).join("\n");
  return {
    privateKey: pair.privateKey,
    privateJwk: await subtle.exportKey("jwk", pair.privateKey),
    publicKey: pair.publicKey,
    publicJwk: await subtle.exportKey("jwk", pair.publicKey),
    pem: `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`,
  };
}

const base64Url = (bytes) => globalThis.btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const textOfBase64Url = (text) => globalThis.atob(text.replace(/-/g, "+").replace(/_/g, "/"));
const hexOf = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A JWT whose MAC is HS256 under `secret`'s UTF-8 bytes, made here with Web Crypto (an attacker's token). */
async function hs256Token(header, claims, secret) {
  const subtle = globalThis.crypto.subtle;
  const input = `${base64Url(utf8(JSON.stringify(header)))}.${base64Url(utf8(JSON.stringify(claims)))}`;
  const key = await subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `${input}.${base64Url(new Uint8Array(await subtle.sign("HMAC", key, utf8(input))))}`;
}

/** A JWT signed ES256 with Web Crypto itself (its ECDSA signature is JOSE's r‖s already), as Plaid makes one. */
async function es256Token(header, claims, privateKey) {
  const input = `${base64Url(utf8(JSON.stringify(header)))}.${base64Url(utf8(JSON.stringify(claims)))}`;
  const signature = await globalThis.crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, utf8(input));
  return `${input}.${base64Url(new Uint8Array(signature))}`;
}

/** A key set served by an injected fetch that counts its calls (never the network). */
function servedKeySet(api, config, keys) {
  const served = { fetches: 0 };
  const fetch = async () => {
    served.fetches++;
    return new Response(JSON.stringify({ keys }), { status: 200, headers: { "content-type": "application/json" } });
  };
  served.set = api.jwks("https://issuer.example/.well-known/jwks.json", { fetch });
  return served;
}

/** workerd's partial node:crypto: the node adapter signs with key material only, and no ECDSA (docs/runtimes.md). */
const onWorkerdNode = (config) => globalThis.navigator?.userAgent === "Cloudflare-Workers" && (config.crypto?.name === "node" || (config.crypto === undefined && config.label === "node"));

function publicKeyJwts(t, config, data) {
  const { label, api } = config;
  const workerdNode = onWorkerdNode(config);
  const isJwtCode = (code) => (error) => {
    assert(error instanceof api.JwtError, `expected a JwtError, got ${error && error.name}: ${error && error.message}`);
    equal(error.code, code, "code");
  };
  const claims = { iss: "https://sender.example", n: 1 };
  const signed = (alg, pair, extra = {}) =>
    api.signJwt(claims, workerdNode ? pair.privateJwk : pair.privateKey, opts(config, { algorithm: alg, keyId: `k-${alg}`, expiresIn: 60, now: T, ...extra }));

  for (const alg of Object.keys(PUBLIC_JWT_KEYS)) {
    t.check(`${label}: verifyJwt ${alg} with the public key as PEM, JWK and platform key; tampering, expiry and HS256 keyed with the PEM refused`, async () => {
      const pair = await jwtKeyPair(alg);
      if (workerdNode && alg === "ES256") {
        await rejects(() => signed(alg, pair), isType(TypeError), "ECDSA on workerd's node:crypto");
        return;
      }
      const token = await signed(alg, pair);
      equal(JSON.parse(textOfBase64Url(token.split(".")[0])), { alg, typ: "JWT", kid: `k-${alg}` }, "header");
      for (const [form, key] of [["PEM", pair.pem], ["JWK", pair.publicJwk], ["platform key", pair.publicKey]]) {
        const { payload, header } = await api.verifyJwt(token, key, opts(config, { now: T }));
        equal([payload.iss, payload.n, header.alg], ["https://sender.example", 1, alg], form);
      }
      const [head, , signature] = token.split(".");
      const changed = `${head}.${base64Url(utf8(JSON.stringify({ ...claims, n: 2, iat: T, exp: T + 60 })))}.${signature}`;
      await rejects(() => api.verifyJwt(changed, pair.pem, opts(config, { now: T })), isJwtCode("signature_mismatch"), "a changed payload");
      await rejects(() => api.verifyJwt(token, pair.publicJwk, opts(config, { now: T + 60 })), isJwtCode("expired"), "at exp");
      // Algorithm confusion: the public key's PEM text as an HMAC secret is never one.
      const confused = await hs256Token({ alg: "HS256", typ: "JWT" }, { ...claims, exp: T + 60 }, pair.pem);
      await rejects(() => api.verifyJwt(confused, pair.pem, opts(config, { now: T })), isJwtCode("unsupported_algorithm"), "HS256 keyed with the PEM");
    });
  }

  // The published signatures: a claims set verifies (at a time before its exp), a text payload is
  // refused as malformed once its signature checked out, and a changed signature never verifies.
  for (const vector of data.publicKeyJws ?? []) {
    t.check(`${label}: verifyJwt and the published ${vector.algorithm} signature of ${vector.id}`, async () => {
      const key = vector.public_jwk ?? Uint8Array.from(textOfBase64Url(vector.key_b64url), (c) => c.charCodeAt(0));
      const verifying = (signature) => () => api.verifyJwt(`${vector.signing_input}.${signature}`, key, opts(config, { algorithms: [vector.algorithm], now: T }));
      if (workerdNode && vector.algorithm.startsWith("ES")) {
        await rejects(verifying(vector.signature_b64url), isType(TypeError), "ECDSA on workerd's node:crypto");
        return;
      }
      let claims;
      try {
        claims = JSON.parse(textOfBase64Url(vector.signing_input.split(".")[1]));
      } catch {
        claims = undefined; // text, not a claims set
      }
      if (claims !== undefined && claims !== null && typeof claims === "object") {
        const now = typeof claims.exp === "number" ? claims.exp - 1 : T;
        const { payload } = await api.verifyJwt(`${vector.signing_input}.${vector.signature_b64url}`, key, opts(config, { algorithms: [vector.algorithm], now }));
        equal(payload, claims, "claims");
      } else {
        await rejects(verifying(vector.signature_b64url), isJwtCode("malformed"), "a text payload");
      }
      const at = vector.signature_b64url.length >> 1;
      const changed = vector.signature_b64url.slice(0, at) + (vector.signature_b64url[at] === "A" ? "B" : "A") + vector.signature_b64url.slice(at + 1);
      await rejects(verifying(changed), isJwtCode("signature_mismatch"), "a changed signature");
    });
  }

  t.check(`${label}: jwks() key set: the kid selects the key, fetched once; an unknown kid is unknown_key; a fetch that fails is a KeySetError`, async () => {
    const [rsa, ed] = await Promise.all([jwtKeyPair("RS256"), jwtKeyPair("EdDSA")]);
    const served = servedKeySet(api, config, [{ ...rsa.publicJwk, kid: "k-RS256" }, { ...ed.publicJwk, kid: "k-EdDSA" }]);
    const [rsaToken, edToken] = await Promise.all([signed("RS256", rsa), signed("EdDSA", ed)]);
    equal((await api.verifyJwt(rsaToken, served.set, opts(config, { now: T }))).header.kid, "k-RS256", "RS256 kid");
    equal((await api.verifyJwt(edToken, served.set, opts(config, { now: T }))).header.kid, "k-EdDSA", "EdDSA kid");
    equal(served.fetches, 1, "fetches");
    const unknown = await signed("RS256", rsa, { keyId: "k-unknown" });
    await rejects(() => api.verifyJwt(unknown, served.set, opts(config, { now: T })), isJwtCode("unknown_key"), "an unknown kid");
    assert(served.fetches <= 2, `an unknown kid refetched ${served.fetches - 1} times`);
    const down = api.jwks("https://issuer.example/.well-known/jwks.json", { fetch: async () => { throw new TypeError("offline"); } });
    await rejects(() => api.verifyJwt(rsaToken, down, opts(config, { now: T })), (error) => assert(error instanceof api.KeySetError, `expected a KeySetError, got ${error && error.name}`), "a key set that cannot be fetched");
  });
}

// googlePubSub (Google's OIDC token, RS256, from a key set), fusionauth with an RSA key and its
// key set, and plaid (ES256, the key from a callback), each token made as the provider documents it.
function publicKeyJwtSchemes(t, config) {
  const { label, api } = config;
  const workerdNode = onWorkerdNode(config);
  const body = '{"message":{"data":"aGk=","messageId":"1"}}';
  const outcome = (promise) => promise.then(() => "accepted", (error) => (error instanceof api.WebhookVerificationError ? error.code : error && error.name));

  t.check(`${label}: googlePubSub accepts Google's token for the audience and service account, refuses another audience or account; keys out of reach are a KeySetError, 503`, async () => {
    const rsa = await jwtKeyPair("RS256");
    const audience = "https://hooks.example.com/pubsub";
    const email = "pusher@my-project.iam.gserviceaccount.com";
    const served = servedKeySet(api, config, [{ ...rsa.publicJwk, kid: "g-1", alg: "RS256" }]);
    const scheme = api.googlePubSub({ audience, serviceAccountEmail: email, jwks: served.set });
    const token = (extra) =>
      api.signJwt({ iss: "https://accounts.google.com", aud: audience, email, email_verified: true, sub: "1234", ...extra }, workerdNode ? rsa.privateJwk : rsa.privateKey, opts(config, { algorithm: "RS256", keyId: "g-1", expiresIn: 3600, now: T }));
    const check = async (extra) => outcome(api.verify(scheme, opts(config, { secret: [], payload: body, headers: { authorization: `Bearer ${await token(extra)}` }, now: T })));
    equal(await check({}), "accepted", "Google's token");
    equal(await check({ aud: "https://other.example" }), "no_matching_signature", "another audience");
    equal(await check({ email: "other@x.iam.gserviceaccount.com" }), "no_matching_signature", "another service account");
    equal(served.fetches, 1, "fetches");
    // Google's keys out of reach: nothing is accepted, and the helpers answer 503 so Pub/Sub retries.
    const down = api.googlePubSub({ audience, jwks: api.jwks("https://www.googleapis.com/oauth2/v3/certs", { fetch: async () => { throw new TypeError("offline"); } }) });
    const headers = { authorization: `Bearer ${await token({})}` };
    const error = await rejects(() => api.verify(down, opts(config, { secret: [], payload: body, headers, now: T })), (e) => assert(e instanceof api.KeySetError, `expected a KeySetError, got ${e && e.name}`), "keys out of reach");
    equal(api.webhookErrorStatus(error), 503, "webhookErrorStatus");
    if (typeof api.webhookHandler === "function" && config.crypto === undefined) {
      const handle = api.webhookHandler(down, { secret: [] }, () => new globalThis.Response("handled"));
      const answer = await handle(new globalThis.Request("http://localhost/", { method: "POST", headers, body }));
      equal([answer.status, (await answer.json()).error], [503, "key_set_unavailable"], "webhookHandler's answer");
    }
  });

  t.check(`${label}: fusionauth signs with an RSA private key and verifies with its key set, refuses a changed body`, async () => {
    const rsa = await jwtKeyPair("RS256");
    const served = servedKeySet(api, config, [{ ...rsa.publicJwk, kid: "fa-1" }]);
    const headers = await api.sign(api.fusionauth, opts(config, { secret: { ...rsa.privateJwk, kid: "fa-1" }, payload: body, timestamp: T }));
    const check = (payload, secret = served.set) => outcome(api.verify(api.fusionauth, opts(config, { secret, payload, headers, now: T })));
    equal(await check(body), "accepted", "the key set");
    equal(await check(body, rsa.pem), "accepted", "the PEM");
    equal(await check(body + " "), "no_matching_signature", "a changed body");
  });

  t.check(`${label}: plaid verifies its ES256 token over the body's SHA-256 with the key its callback returns, refuses a changed body`, async () => {
    const ec = await jwtKeyPair("ES256");
    const digest = hexOf(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", utf8(body))));
    const asked = [];
    const scheme = api.plaid({ key: async (kid) => (asked.push(kid), { ...ec.publicJwk, alg: "ES256", use: "sig", kid }) });
    const token = await es256Token({ alg: "ES256", kid: "plaid-1", typ: "JWT" }, { iat: T, request_body_sha256: digest }, ec.privateKey);
    const check = (payload) => outcome(api.verify(scheme, opts(config, { secret: [], payload, headers: { "plaid-verification": token }, now: T })));
    if (workerdNode) {
      equal(await check(body), "TypeError", "ECDSA on workerd's node:crypto");
      return;
    }
    equal(await check(body), "accepted", "Plaid's token");
    equal(await check(body + " "), "no_matching_signature", "a changed body");
    equal(asked[0], "plaid-1", "the kid asked for");
  });
}

// hookseal/node's helpers on what a framework hands them (a body express.raw() left), in every
// runtime that has node:crypto: verifyNodeRequest, webhookMiddleware with webhookOf, createVerifierSync.
function nodeHelpers(t, name, api) {
  t.check(`${name}: verifyNodeRequest and webhookMiddleware verify a body express.raw() left, refuse a changed or parsed one; createVerifierSync`, async () => {
    const secret = api.generateSecret();
    const body = '{"id":"evt_node_1","n":1}';
    const headers = await api.sign(api.stripe, { secret, payload: body });
    const request = (payload) => ({ method: "POST", url: "/hooks", headers: { ...headers, "content-type": "application/json" }, body: payload });
    const verified = await api.verifyNodeRequest(api.stripe, request(utf8(body)), { secret });
    equal([verified.text(), verified.json().n, verified.eventId], [body, 1, "evt_node_1"], "verifyNodeRequest");
    await rejects(() => api.verifyNodeRequest(api.stripe, request(utf8(body + " ")), { secret }), isCode(api, "no_matching_signature"), "a changed body");
    await rejects(() => api.verifyNodeRequest(api.stripe, request({ id: "evt_node_1", n: 1 }), { secret }), isType(TypeError), "a parsed body");

    const middleware = api.webhookMiddleware(api.stripe, { secret });
    const run = (req) =>
      new Promise((resolve, reject) => {
        const res = {
          statusCode: 200,
          writeHead(status) {
            this.statusCode = status;
            return this;
          },
          end(text) {
            resolve({ status: this.statusCode, text });
          },
          once() {
            return this;
          },
        };
        middleware(req, res, (error) => (error === undefined ? resolve({ next: api.webhookOf(req).json() }) : reject(error)));
      });
    equal(await run(request(utf8(body))), { next: { id: "evt_node_1", n: 1 } }, "the middleware's next()");
    equal(await run(request(utf8(body + " "))), { status: 401, text: '{"error":"no_matching_signature"}' }, "a changed body");

    const verifySync = api.createVerifierSync(api.stripe, { secret });
    equal(verifySync({ payload: body, headers }).secretIndex, 0, "createVerifierSync");
  });
}

/** An in-memory Redis as node-redis (v4+) or ioredis presents itself to redisReplayStore: SET … NX with a TTL, and the compare-and-delete script. */
function fakeRedis(kind) {
  const keys = new Map();
  const set = (key, value, nx) => (nx && keys.has(key) ? null : (keys.set(key, value), "OK"));
  const compareAndDelete = (key, owner) => (keys.get(key) === owner ? (keys.delete(key), 1) : 0);
  return kind === "node-redis"
    ? { isOpen: true, isReady: true, keys, set: async (key, value, options) => set(key, value, options?.NX === true), eval: async (_script, { keys: [key], arguments: [owner] }) => compareAndDelete(key, owner) }
    : { status: "ready", keys, set: async (key, value, ...flags) => set(key, value, flags.includes("NX")), eval: async (_script, _count, key, owner) => compareAndDelete(key, owner) };
}

// redisReplayStore's claim protocol (the client is the one piece a runtime provides): the same
// answers everywhere, with either client's calling convention.
function redisStore(t, name, api) {
  for (const kind of ["node-redis", "ioredis"]) {
    t.check(`${name}: redisReplayStore (${kind} client) refuses a replay, gives the key back on release(), fails closed when the client is down`, async () => {
      const client = fakeRedis(kind);
      const replay = api.redisReplayStore(client, { prefix: "hooks:" });
      const secret = api.generateSecret();
      const delivery = async (payload) => ({ secret, payload, headers: await api.sign(api.github, { secret, payload }), replay });
      const first = await delivery('{"n":1}');
      const accepted = await api.verify(api.github, first);
      equal([client.keys.size, [...client.keys.keys()].every((key) => key.startsWith("hooks:"))], [1, true], "one claim, under the prefix");
      await rejects(() => api.verify(api.github, first), isCode(api, "replayed"), "a replay");
      await accepted.release();
      equal(client.keys.size, 0, "release()");
      await api.verify(api.github, first);
      if (kind === "node-redis") client.isReady = false;
      else client.status = "end";
      await rejects(async () => api.verify(api.github, await delivery('{"n":2}')), (error) => assert(error instanceof api.ReplayStoreError, `expected a ReplayStoreError, got ${error && error.name}`), "a client that is down");
    });
  }
}

function jwtAgreement(t, api, node, web) {
  t.check("adapters agree: signJwt gives the same token on nodeCrypto and webCrypto", async () => {
    const secret = "a-jwt-secret-that-is-at-least-32-bytes-long";
    const options = { issuer: "https://sender.example", expiresIn: 60, now: T };
    const fromNode = await api.signJwt({ a: 1 }, secret, { ...options, crypto: node });
    equal(await api.signJwt({ a: 1 }, secret, { ...options, crypto: web }), fromNode, "token");
    equal((await api.verifyJwt(fromNode, secret, { now: T, crypto: web })).payload.a, 1, "web verifies node's token");
  });
}
