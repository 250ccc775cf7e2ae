// Public-key cases (issue 15): webhook schemes signed with Ed25519 (discord, Standard Webhooks
// v1a), ECDSA P-256 (sendgrid, DER signatures) and RSA (awsSns SignatureVersion 2, its
// certificate served once by a counting fetch and cached), and verifyJwt with RS256, ES256 and
// EdDSA, each next to the raw platform call on the same input and the peers.
//
// The raw baselines are hand-written verifiers with the key imported ONCE, at startup:
// node:crypto `crypto.verify` with a KeyObject, Web Crypto `subtle.verify` with a CryptoKey.
// They read the same headers, decode the signature and join the signed content as the
// provider documents it (timestamp + body; "<id>.<t>." + body; SNS's canonical string, after a
// JSON.parse of the body; a JWT's "header.payload"). The Web Crypto SendGrid baseline converts
// the DER signature to r‖s itself (Web Crypto takes only r‖s). hookseal is given each key in
// the form a user holds it: the provider's text form for the webhook schemes, PEM for
// verifyJwt (and a JWKS, through `jwks()` with a counting fetch).
import nodeCryptoModule, { verify as nodeVerify, webcrypto } from "node:crypto";
import { syncBuiltinESMExports } from "node:module";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { verifyKey as discordVerifyKey } from "discord-interactions";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import * as hsRoot from "hookseal";
import * as hsNode from "hookseal/node";
import * as hsWeb from "hookseal/web";
import { FORMS, JWKS_URL, snsStringToSign } from "./fixtures.mjs";

const { subtle } = webcrypto;
const encoder = new TextEncoder();

/** The webhook schemes timed, with the algorithm the target names. */
export const PK_SCHEMES = { discord: "EdDSA", standardWebhooks: "EdDSA", sendgrid: "ES256", awsSns: "RS256" };
export const PK_JWT_ALGORITHMS = ["RS256", "ES256", "EdDSA"];
/** The scheme whose row carries each algorithm's verdict (standardWebhooks v1a is in the notes). */
export const PK_TARGET_SCHEME = { EdDSA: "discord", ES256: "sendgrid", RS256: "awsSns" };

/** Entry points of the public-key scheme rows; sync and prepared only for the Buffer payload. */
const PK_ADAPTERS = {
  node: { label: "verify (root, node adapter)", forms: FORMS },
  web: { label: "verify (hookseal/web)", forms: FORMS },
  sync: { label: "verifySync", forms: ["buffer"] },
  "prepared-node": { label: "createVerifier (root, node adapter), made once", forms: ["buffer"] },
  "prepared-web": { label: "createVerifier (hookseal/web), made once", forms: ["buffer"] },
  "prepared-sync": { label: "createVerifierSync (hookseal/node), made once", forms: ["buffer"] },
};

/** Case ids; targets.mjs and report.mjs find the cases by them. */
export const pkId = (adapter, scheme, form) => `pk-${adapter}-${scheme}-${form}`;
export const pkRawId = (raw, scheme, form) => `pk-raw-${raw}-${scheme}-${form}`;
export const jwtPkId = (what, alg) => `jwtpk-${what}-${alg}`;

/** Key sources that count their fetches: a certificate server per awsSns scheme, one JWKS server. */
export const fetchCounters = [];
function countingFetch(name, text) {
  const counter = { name, fetches: 0 };
  fetchCounters.push(counter);
  return async (url) => {
    counter.fetches++;
    return new Response(text, { status: 200, headers: { "content-type": String(url).endsWith(".pem") ? "application/x-pem-file" : "application/json" } });
  };
}

/** The CryptoKeys and KeyObjects the raw baselines (and jose) use, imported once. */
export async function importPublicKeys(fx) {
  const { ed25519, p256, rsa } = fx.keyPairs;
  const imp = (key, algorithm) => subtle.importKey("spki", key.export({ format: "der", type: "spki" }), algorithm, false, ["verify"]);
  return {
    node: { EdDSA: ed25519.publicKey, ES256: p256.publicKey, RS256: rsa.publicKey },
    web: {
      EdDSA: await imp(ed25519.publicKey, { name: "Ed25519" }),
      ES256: await imp(p256.publicKey, { name: "ECDSA", namedCurve: "P-256" }),
      RS256: await imp(rsa.publicKey, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }),
    },
  };
}

const NODE_HASH = { EdDSA: null, ES256: "sha256", RS256: "sha256" };
const WEB_ALGORITHM = { EdDSA: { name: "Ed25519" }, ES256: { name: "ECDSA", hash: "SHA-256" }, RS256: { name: "RSASSA-PKCS1-v1_5" } };

/** Bytes of `prefix` + the payload, as a hand-written one-shot verifier joins them. */
const joined = (prefix, input) => (typeof input === "string" ? Buffer.from(prefix + input, "utf8") : Buffer.concat([Buffer.from(prefix, "utf8"), input]));
const joinedWeb = (prefix, input) => {
  if (typeof input === "string") return encoder.encode(prefix + input);
  const head = encoder.encode(prefix);
  const out = new Uint8Array(head.length + input.length);
  out.set(head, 0);
  out.set(input, head.length);
  return out;
};

/** DER SEQUENCE { r, s } to r‖s (P-256), as a Web-only SendGrid receiver writes it; undefined when malformed. */
function derToRaw(der) {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const out = new Uint8Array(64);
  let at = 2;
  for (let half = 0; half < 2; half++) {
    if (der[at] !== 0x02) return undefined;
    let length = der[at + 1];
    let start = at + 2;
    at = start + length;
    while (length > 32 && der[start] === 0) {
      start++;
      length--;
    }
    if (length > 32 || at > der.length) return undefined;
    out.set(der.subarray(start, start + length), half * 32 + 32 - length);
  }
  return at === der.length ? out : undefined;
}

/**
 * What each scheme's hand-written verifier reads: `signed(headers, input)` gives the signature
 * bytes (as node:crypto wants them), the signed bytes, and the algorithm; `web` the same for
 * Web Crypto (r‖s for ECDSA).
 */
const HAND_WRITTEN = {
  discord: {
    label: "read x-signature-ed25519 + x-signature-timestamp, hex-decode, timestamp + body joined",
    node: (h, input) => [Buffer.from(h["x-signature-ed25519"], "hex"), joined(h["x-signature-timestamp"], input)],
    web: (h, input) => [Buffer.from(h["x-signature-ed25519"], "hex"), joinedWeb(h["x-signature-timestamp"], input)],
  },
  standardWebhooks: {
    label: 'read webhook-id/-timestamp/-signature, base64-decode the v1a entry, "<id>.<t>." + body joined',
    node: (h, input) => [Buffer.from(h["webhook-signature"].slice(4), "base64"), joined(`${h["webhook-id"]}.${h["webhook-timestamp"]}.`, input)],
    web: (h, input) => [Buffer.from(h["webhook-signature"].slice(4), "base64"), joinedWeb(`${h["webhook-id"]}.${h["webhook-timestamp"]}.`, input)],
  },
  sendgrid: {
    label: "read the signature + timestamp headers, base64-decode the DER signature, timestamp + body joined",
    node: (h, input) => [Buffer.from(h["x-twilio-email-event-webhook-signature"], "base64"), joined(h["x-twilio-email-event-webhook-timestamp"], input)],
    web: (h, input) => [derToRaw(Buffer.from(h["x-twilio-email-event-webhook-signature"], "base64")), joinedWeb(h["x-twilio-email-event-webhook-timestamp"], input)],
  },
  awsSns: {
    label: "JSON.parse the body, build AWS's canonical string, base64-decode Signature (certificate key imported once)",
    node: (h, input) => {
      const message = JSON.parse(typeof input === "string" ? input : input.toString("utf8"));
      return [Buffer.from(message.Signature, "base64"), Buffer.from(snsStringToSign(message), "utf8")];
    },
    web: (h, input) => {
      const message = JSON.parse(typeof input === "string" ? input : input.toString("utf8"));
      return [Buffer.from(message.Signature, "base64"), encoder.encode(snsStringToSign(message))];
    },
  },
};

const FORM_LABEL = { string: "string payload", buffer: "Buffer payload" };

/** The public-key webhook cases (1 KiB) and the public-key JWT cases. */
export function publicKeyCases(fx, platformKeys) {
  const cases = [];
  const add = (c) => cases.push({ size: fx.size, kind: "publicKey", headerForm: "record", ...c });
  const payloadsOf = (scheme) => (scheme === "awsSns" ? fx.sns : fx);
  const headersOf = (scheme) => (scheme === "awsSns" ? fx.sns.headers : fx.headers[scheme]);
  const secretOf = { discord: fx.keyPairs.ed25519.discord, standardWebhooks: fx.keyPairs.ed25519.whpk, sendgrid: fx.keyPairs.p256.sendgrid, awsSns: [] };
  const secretLabel = { discord: "Discord's hex key", standardWebhooks: "whpk_ key", sendgrid: "SendGrid's base64 key", awsSns: "certificate fetched once, cached" };
  // awsSns is made once per entry point, each with its own certificate source (counted).
  // (verifySync has no awsSns row: a synchronous call cannot await the certificate's first fetch.)
  const schemesOf = (mod, name) => ({
    discord: mod.discord,
    standardWebhooks: mod.standardWebhooks,
    sendgrid: mod.sendgrid,
    awsSns: name === undefined ? undefined : mod.awsSns({ fetch: countingFetch(`awsSns certificate (${name})`, fx.keyPairs.rsa.certificate) }),
  });
  const schemes = { node: schemesOf(hsNode), root: schemesOf(hsRoot, "hookseal"), web: schemesOf(hsWeb, "hookseal/web") };

  for (const [scheme, alg] of Object.entries(PK_SCHEMES)) {
    const headers = headersOf(scheme);
    const { payloads, tamperedPayloads } = payloadsOf(scheme);
    const hand = HAND_WRITTEN[scheme];
    const base = (form) => ({ scheme, alg, form, inputs: [payloads[form], tamperedPayloads[form]] });
    for (const form of FORMS) {
      const nodeKey = alg === "ES256" ? { key: platformKeys.node.ES256, dsaEncoding: "der" } : platformKeys.node[alg];
      add({
        ...base(form),
        id: pkRawId("node", scheme, form),
        group: "baseline",
        lib: "raw node:crypto",
        adapter: "node",
        key: true,
        label: `hand-written ${scheme}: ${hand.label}, crypto.verify(KeyObject made once) (${FORM_LABEL[form]})`,
        make: (input) => () => {
          const [signature, data] = hand.node(headers, input);
          return nodeVerify(NODE_HASH[alg], data, nodeKey, signature);
        },
      });
      add({
        ...base(form),
        id: pkRawId("web", scheme, form),
        group: "baseline",
        lib: "raw Web Crypto",
        adapter: "web",
        key: true,
        label: `hand-written ${scheme}: ${hand.label}${alg === "ES256" ? ", DER to r‖s" : ""}, subtle.verify(CryptoKey imported once) (${FORM_LABEL[form]})`,
        make: (input) => async () => {
          const [signature, data] = hand.web(headers, input);
          return signature !== undefined && subtle.verify(WEB_ALGORITHM[alg], platformKeys.web[alg], signature, data);
        },
      });
    }
    for (const [adapter, entry] of Object.entries(PK_ADAPTERS)) {
      if (scheme === "awsSns" && adapter.endsWith("sync")) continue;
      const mod = adapter.endsWith("web") ? hsWeb : adapter.endsWith("sync") ? hsNode : hsRoot;
      const own = schemes[adapter.endsWith("web") ? "web" : adapter.endsWith("sync") ? "node" : "root"][scheme];
      const secret = secretOf[scheme];
      for (const form of entry.forms) {
        add({
          ...base(form),
          id: pkId(adapter, scheme, form),
          group: "hookseal",
          lib: "hookseal",
          adapter,
          key: adapter === "node" || adapter === "web",
          baselines: { node: pkRawId("node", scheme, form), web: pkRawId("web", scheme, form) },
          label: `${entry.label}, ${scheme} (${alg}; ${secretLabel[scheme]}; ${FORM_LABEL[form]})`,
          make: adapter.startsWith("prepared-")
            ? (input) => {
                const verifier = adapter === "prepared-sync" ? hsNode.createVerifierSync(own, { secret }) : mod.createVerifier(own, { secret });
                return () => verifier({ payload: input, headers });
              }
            : adapter === "sync"
              ? (input) => () => hsNode.verifySync(own, { secret, payload: input, headers })
              : (input) => () => mod.verify(own, { secret, payload: input, headers }),
        });
      }
    }
  }

  // Peers of the webhook schemes, called as their docs show.
  const discordHeaders = fx.headers.discord;
  for (const form of FORMS) {
    add({
      scheme: "discord",
      alg: "EdDSA",
      form,
      inputs: [fx.payloads[form], fx.tamperedPayloads[form]],
      id: `pk-discord-interactions-${form}`,
      group: "peer",
      lib: "discord-interactions",
      adapter: "web",
      baselines: { node: pkRawId("node", "discord", form), web: pkRawId("web", "discord", form) },
      label: `verifyKey with the hex key (imports it every call; ${FORM_LABEL[form]})`,
      make: (input) => () => discordVerifyKey(input, discordHeaders["x-signature-ed25519"], discordHeaders["x-signature-timestamp"], fx.keyPairs.ed25519.discord),
    });
  }
  const eventWebhook = new EventWebhook();
  const sendgridKey = eventWebhook.convertPublicKeyToECDSA(fx.keyPairs.p256.sendgrid);
  const sendgridHeaders = fx.headers.sendgrid;
  add({
    scheme: "sendgrid",
    alg: "ES256",
    form: "string",
    inputs: [fx.payloads.string, fx.tamperedPayloads.string],
    id: "pk-sendgrid-eventwebhook-string",
    group: "peer",
    lib: "@sendgrid/eventwebhook",
    adapter: "js",
    baselines: { node: pkRawId("node", "sendgrid", "string"), web: pkRawId("web", "sendgrid", "string") },
    label: "EventWebhook.verifySignature, key converted once (pure-JS ECDSA, starkbank-ecdsa; string payload)",
    make: (input) => () =>
      eventWebhook.verifySignature(sendgridKey, input, sendgridHeaders["x-twilio-email-event-webhook-signature"], sendgridHeaders["x-twilio-email-event-webhook-timestamp"]),
  });

  // verifyJwt with RS256, ES256, EdDSA: a token whose signing input is 1 KiB.
  const keySet = hsNode.jwks(JWKS_URL, { fetch: countingFetch("jwks (hookseal/node)", fx.jwks), maxAge: 3600 });
  const keySetWeb = hsWeb.jwks(JWKS_URL, { fetch: countingFetch("jwks (hookseal/web)", fx.jwks), maxAge: 3600 });
  const pemOf = { RS256: fx.keyPairs.rsa.pem, ES256: fx.keyPairs.p256.pem, EdDSA: fx.keyPairs.ed25519.pem };
  for (const alg of PK_JWT_ALGORITHMS) {
    const jwt = fx.jwt[alg];
    const base = { scheme: alg, alg, form: "string", size: jwt.token.length, inputs: [jwt.token, jwt.tampered], isJwt: true };
    const baselines = { node: jwtPkId("raw-node", alg), web: jwtPkId("raw-web", alg) };
    const nodeKey = alg === "ES256" ? { key: platformKeys.node.ES256, dsaEncoding: "ieee-p1363" } : platformKeys.node[alg];
    add({
      ...base,
      id: jwtPkId("raw-node", alg),
      group: "baseline",
      lib: "raw node:crypto",
      adapter: "node",
      key: true,
      label: `hand-written ${alg} signature check: split at the last ".", base64url-decode the signature, crypto.verify(KeyObject made once) over "header.payload" (no claim checks)`,
      make: (token) => () => {
        const dot = token.lastIndexOf(".");
        return nodeVerify(NODE_HASH[alg], Buffer.from(token.slice(0, dot), "latin1"), nodeKey, Buffer.from(token.slice(dot + 1), "base64url"));
      },
    });
    add({
      ...base,
      id: jwtPkId("raw-web", alg),
      group: "baseline",
      lib: "raw Web Crypto",
      adapter: "web",
      key: true,
      label: `hand-written ${alg} signature check: subtle.verify(CryptoKey imported once) over encode("header.payload") (no claim checks)`,
      make: (token) => () => {
        const dot = token.lastIndexOf(".");
        return subtle.verify(WEB_ALGORITHM[alg], platformKeys.web[alg], Buffer.from(token.slice(dot + 1), "base64url"), encoder.encode(token.slice(0, dot)));
      },
    });
    const hookseal = (what, adapter, label, verify) =>
      add({ ...base, id: jwtPkId(what, alg), group: "hookseal", lib: "hookseal", adapter, key: !what.includes("jwks") || alg === "RS256", baselines, label, make: (token) => () => verify(token) });
    hookseal("hookseal-node", "node", `verifyJwt (node adapter), ${alg}, PEM public key`, (token) => hsNode.verifyJwt(token, pemOf[alg]));
    hookseal("hookseal-web", "web", `verifyJwt (hookseal/web), ${alg}, PEM public key`, (token) => hsWeb.verifyJwt(token, pemOf[alg]));
    hookseal("hookseal-node-jwks", "node", `verifyJwt (node adapter), ${alg}, jwks() key set, cached (kid selects the key)`, (token) => hsNode.verifyJwt(token, keySet));
    hookseal("hookseal-web-jwks", "web", `verifyJwt (hookseal/web), ${alg}, jwks() key set, cached (kid selects the key)`, (token) => hsWeb.verifyJwt(token, keySetWeb));
    const peer = (what, lib, label, verify) => add({ ...base, id: jwtPkId(what, alg), group: "peer", lib, adapter: "node", baselines, label, make: (token) => () => verify(token) });
    peer("jose-keyobject", "jose", `jwtVerify, ${alg}, the KeyObject`, (token) => jose.jwtVerify(token, platformKeys.node[alg]));
    peer("jose-cryptokey", "jose", `jwtVerify, ${alg}, the CryptoKey`, (token) => jose.jwtVerify(token, platformKeys.web[alg]));
    if (alg !== "EdDSA") {
      peer("jsonwebtoken", "jsonwebtoken", `verify, ${alg}, the KeyObject (it has no EdDSA)`, (token) => jsonwebtoken.verify(token, platformKeys.node[alg], { algorithms: [alg] }));
    }
  }
  return cases;
}

/**
 * Key imports made by `calls` calls of each function, after one call to warm its caches:
 * Web Crypto `subtle.importKey` and node:crypto `createPublicKey` / `KeyObject.from` are
 * counted while the functions run (the counters are removed afterwards, before any timing).
 */
export async function keyImportsPerCall(fns, calls = 20) {
  const counts = new Map();
  let imports = 0;
  const originals = { importKey: subtle.importKey, createPublicKey: nodeCryptoModule.createPublicKey, from: nodeCryptoModule.KeyObject.from };
  subtle.importKey = function (...args) {
    imports++;
    return originals.importKey.apply(this, args);
  };
  nodeCryptoModule.createPublicKey = (...args) => {
    imports++;
    return originals.createPublicKey(...args);
  };
  nodeCryptoModule.KeyObject.from = (...args) => {
    imports++;
    return originals.from.apply(nodeCryptoModule.KeyObject, args);
  };
  syncBuiltinESMExports();
  try {
    for (const [id, fn] of fns) {
      await fn();
      imports = 0;
      for (let i = 0; i < calls; i++) await fn();
      counts.set(id, imports / calls);
    }
  } finally {
    delete subtle.importKey;
    nodeCryptoModule.createPublicKey = originals.createPublicKey;
    nodeCryptoModule.KeyObject.from = originals.from;
    syncBuiltinESMExports();
  }
  return counts;
}
