// Every benchmark case. A case is a factory `make(input)` returning the function that is
// timed: it verifies `input` (the signed payload, or the tampered one, in the case's `form`)
// and returns or resolves to something other than `false` when it accepts, or returns
// `false` / throws when it rejects. run.mjs checks both inputs before timing the signed one.
//
// Every hot-path row exists for both payload forms (`string`, as from `request.text()`;
// `buffer`, as from `express.raw()`) and, at 1 KiB, both header forms (`record`, Node's
// `req.headers`; `fetch`, a Fetch `Headers`). At larger sizes the header form is only the
// Node record: a header lookup is nanoseconds next to milliseconds of HMAC.
//
// The raw baselines are what a careful hand-written verifier does, on the SAME input and the
// same header form: read the signature header, decode it, createHmac with the key (bytes
// decoded once, at startup), update with the input as it is (a string goes to node:crypto as
// a string), digest, timingSafeEqual. The Web Crypto baselines use a CryptoKey imported once.
//
// Peers are called the way their docs show, and each is charged only for work it cannot skip:
// @octokit/webhooks-methods takes only a string (so `body.toString()` is part of its Buffer
// case, and nothing is added to its string case), stripe and svix always JSON.parse the body,
// standardwebhooks is given `jsonParse: false`.
import { createHmac, createSecretKey, timingSafeEqual, webcrypto } from "node:crypto";
import * as octokitNode from "@octokit/webhooks-methods";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import * as hsRoot from "hookseal";
import * as hsNode from "hookseal/node";
import * as hsWeb from "hookseal/web";
import { FORMS, HEADER_FORMS, KiB, keys, secrets, wrongGithubSecrets } from "./fixtures.mjs";

// @octokit/webhooks-methods exports its Web Crypto build only under the "browser" condition;
// load that file directly, next to the Node build that "." resolves to here.
const octokitWeb = await import(import.meta.resolve("@octokit/webhooks-methods").replace("/dist-node/", "/dist-web/"));

const { subtle } = webcrypto;
const encoder = new TextEncoder();
const stripeSubtle = Stripe.createSubtleCryptoProvider();
const standardWebhook = new StandardWebhook(secrets.standardWebhooks);
const svixWebhook = new SvixWebhook(secrets.standardWebhooks);

/** Constant-time comparison as a Web-only receiver writes it (no node:crypto). */
function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/** Hex to bytes as a Web-only receiver writes it (no Buffer). */
function hexBytes(hex) {
  if (hex.length % 2 !== 0) return new Uint8Array(0);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A header's value from either form, the way a hand-written receiver reads it. */
const headerOf = (headers, name) => (typeof headers.get === "function" ? headers.get(name) : headers[name]);

const importHmac = (key) => subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

const SCHEMES = ["github", "stripe", "standardWebhooks"];
const schemes = { github: hsNode.github, stripe: hsNode.stripe, standardWebhooks: hsNode.standardWebhooks };

/**
 * hookseal's entry points. `node` is the root `verify` (resolved with the "node" condition, so
 * the node adapter); the `prepared-*` ones exist only when the built package exports them
 * (`createVerifier`, `createVerifierSync`): otherwise their cases are skipped with a notice.
 */
export const exported = {
  createVerifierRoot: typeof hsRoot.createVerifier === "function",
  createVerifierWeb: typeof hsWeb.createVerifier === "function",
  createVerifierSync: typeof hsNode.createVerifierSync === "function",
  verifyJwtNode: typeof hsNode.verifyJwt === "function",
  verifyJwtWeb: typeof hsWeb.verifyJwt === "function",
};
const ADAPTERS = {
  sync: { label: "verifySync", oneCall: (scheme, options) => hsNode.verifySync(scheme, options) },
  node: { label: "verify (root, node adapter)", oneCall: (scheme, options) => hsRoot.verify(scheme, options) },
  web: { label: "verify (hookseal/web)", oneCall: (scheme, options) => hsWeb.verify(scheme, options) },
  "prepared-sync": {
    label: "createVerifierSync (hookseal/node), made once",
    prepare: exported.createVerifierSync ? (scheme, options) => hsNode.createVerifierSync(scheme, options) : undefined,
    missing: "hookseal/node does not export createVerifierSync in this build",
  },
  "prepared-node": {
    label: "createVerifier (root, node adapter), made once",
    prepare: exported.createVerifierRoot ? (scheme, options) => hsRoot.createVerifier(scheme, options) : undefined,
    missing: "hookseal does not export createVerifier in this build",
  },
  "prepared-web": {
    label: "createVerifier (hookseal/web), made once",
    prepare: exported.createVerifierWeb ? (scheme, options) => hsWeb.createVerifier(scheme, options) : undefined,
    missing: "hookseal/web does not export createVerifier in this build",
  },
};
/** Which raw baseline a hookseal adapter's ratio is taken against. */
export const RAW_OF_ADAPTER = { sync: "raw-node", node: "raw-node", "prepared-sync": "raw-node", "prepared-node": "raw-node", web: "raw-web", "prepared-web": "raw-web" };

const FORM_LABEL = { string: "string payload", buffer: "Buffer payload" };
const HEADER_LABEL = { record: "Node headers record", fetch: "Fetch Headers" };
/** The id of a hookseal case; targets.mjs and report.mjs find cases by it. */
export const caseId = (adapter, scheme, form, headerForm = "record") => `${adapter}-${scheme}-${form}-${headerForm}`;

/**
 * The webhook cases for one payload size. `fx` is a fixture from `webhookFixture(size)`;
 * `webKeys` holds the CryptoKeys the raw Web Crypto baselines imported once.
 */
export function webhookCases(fx, webKeys) {
  const cases = [];
  const headerForms = fx.size <= KiB ? HEADER_FORMS : ["record"];
  const add = (c) => cases.push({ size: fx.size, kind: "webhook", headerForm: "record", ...c });

  for (const form of FORMS) {
    for (const headerForm of headerForms) {
      const headers = fx.headers[headerForm];
      const suffix = `(${FORM_LABEL[form]}, ${HEADER_LABEL[headerForm]})`;
      // Baselines: a careful hand-written GitHub verifier (the body alone is signed).
      add({
        id: `raw-node-${form}-${headerForm}`,
        group: "baseline",
        lib: "raw node:crypto",
        form,
        headerForm,
        key: headerForm === "record",
        label: `hand-written: read + hex-decode the header, createHmac(key).update(input).digest(), timingSafeEqual ${suffix}`,
        make: (input) => () => {
          const header = headerOf(headers.github, "x-hub-signature-256");
          if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
          const expected = Buffer.from(header.slice(7), "hex");
          const mac = createHmac("sha256", keys.github).update(input).digest();
          return expected.length === mac.length && timingSafeEqual(mac, expected);
        },
      });
      add({
        id: `raw-web-${form}-${headerForm}`,
        group: "baseline",
        lib: "raw Web Crypto",
        form,
        headerForm,
        key: headerForm === "record",
        label: `hand-written: read + hex-decode the header, subtle.sign(key imported once, ${form === "string" ? "encode(input)" : "input"}), compare ${suffix}`,
        make: (input) => async () => {
          const header = headerOf(headers.github, "x-hub-signature-256");
          if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
          const data = typeof input === "string" ? encoder.encode(input) : input;
          return equalBytes(new Uint8Array(await subtle.sign("HMAC", webKeys.github, data)), hexBytes(header.slice(7)));
        },
      });
    }

    // Baselines for Stripe's content ("<t>." + body), record headers: for the notes.
    const stripeRecord = fx.headers.record.stripe;
    const stripeParts = (header) => {
      const comma = header.indexOf(",");
      return { t: header.slice(2, comma), v1: header.slice(header.indexOf("v1=", comma) + 3) };
    };
    add({
      id: `raw-node-stripe-${form}`,
      group: "baseline",
      lib: "raw node:crypto",
      form,
      key: true,
      label: `hand-written Stripe: parse t= and v1=, createHmac(key).update(\`\${t}.\`).update(input), timingSafeEqual (${FORM_LABEL[form]})`,
      make: (input) => () => {
        const { t, v1 } = stripeParts(stripeRecord["stripe-signature"]);
        const expected = Buffer.from(v1, "hex");
        const mac = createHmac("sha256", keys.stripe).update(`${t}.`).update(input).digest();
        return expected.length === mac.length && timingSafeEqual(mac, expected);
      },
    });
    add({
      id: `raw-web-stripe-${form}`,
      group: "baseline",
      lib: "raw Web Crypto",
      form,
      key: true,
      label: `hand-written Stripe: parse t= and v1=, subtle.sign(key imported once, \`\${t}.\` and the input joined), compare (${FORM_LABEL[form]})`,
      make: (input) => async () => {
        const { t, v1 } = stripeParts(stripeRecord["stripe-signature"]);
        let content;
        if (typeof input === "string") content = encoder.encode(`${t}.${input}`);
        else {
          const prefix = encoder.encode(`${t}.`);
          content = new Uint8Array(prefix.length + input.length);
          content.set(prefix, 0);
          content.set(input, prefix.length);
        }
        return equalBytes(new Uint8Array(await subtle.sign("HMAC", webKeys.stripe, content)), hexBytes(v1));
      },
    });
  }
  add({
    id: "raw-node-async",
    group: "baseline",
    lib: "raw node:crypto",
    form: "buffer",
    label: "the hand-written node:crypto verifier inside an async function (Buffer payload)",
    make: (input) => async () => {
      const header = fx.headers.record.github["x-hub-signature-256"];
      const expected = Buffer.from(header.slice(7), "hex");
      const mac = createHmac("sha256", keys.github).update(input).digest();
      return expected.length === mac.length && timingSafeEqual(mac, expected);
    },
  });
  add({
    id: "raw-web-import",
    group: "baseline",
    lib: "raw Web Crypto",
    form: "buffer",
    label: "importKey + subtle.sign(body) + compare, key imported every call (Buffer payload)",
    make: (input) => async () => equalBytes(new Uint8Array(await subtle.sign("HMAC", await importHmac(keys.github), input)), fx.macs.github),
  });

  // hookseal, every scheme on every entry point, payload form and header form.
  for (const [adapter, entry] of Object.entries(ADAPTERS)) {
    for (const scheme of SCHEMES) {
      for (const form of FORMS) {
        for (const headerForm of headerForms) {
          const headers = fx.headers[headerForm][scheme];
          const prepared = adapter.startsWith("prepared-");
          add({
            id: caseId(adapter, scheme, form, headerForm),
            group: "hookseal",
            lib: "hookseal",
            adapter,
            scheme,
            form,
            headerForm,
            key: headerForm === "record",
            label: `${entry.label}, ${scheme} (${FORM_LABEL[form]}, ${HEADER_LABEL[headerForm]})`,
            skip: prepared && entry.prepare === undefined ? entry.missing : undefined,
            make: prepared
              ? (input) => {
                  const verifier = entry.prepare(schemes[scheme], { secret: secrets[scheme] });
                  return () => verifier({ payload: input, headers });
                }
              : (input) => () => entry.oneCall(schemes[scheme], { secret: secrets[scheme], payload: input, headers }),
          });
        }
      }
    }
  }

  // Peers (Node headers record). Above 1 KiB only octokit (the target's peer) gets both forms.
  const record = fx.headers.record;
  const peerForms = (id) => (fx.size <= KiB || id === "octokit-node" ? FORMS : ["buffer"]);
  for (const form of FORMS) {
    const asString = form === "string" ? (input) => input : (input) => input.toString("utf8");
    add({
      id: `octokit-node-github-${form}`,
      group: "peer",
      lib: "@octokit/webhooks-methods",
      adapter: "node",
      scheme: "github",
      form,
      key: true,
      label: `verify, Node build (${form === "string" ? "string payload, passed as it is" : "Buffer payload: body.toString() included, it takes only strings"})`,
      make: (input) => () => octokitNode.verify(secrets.github, asString(input), record.github["x-hub-signature-256"]),
    });
    if (peerForms("octokit-web").includes(form)) add({
      id: `octokit-web-github-${form}`,
      group: "peer",
      lib: "@octokit/webhooks-methods",
      adapter: "web",
      scheme: "github",
      form,
      label: `verify, Web build (imports the key every call; ${form === "string" ? "string payload" : "Buffer payload, body.toString() included"})`,
      make: (input) => () => octokitWeb.verify(secrets.github, asString(input), record.github["x-hub-signature-256"]),
    });
    if (peerForms("stripe-sync").includes(form)) add({
      id: `stripe-sync-${form}`,
      group: "peer",
      lib: "stripe",
      adapter: "node",
      scheme: "stripe",
      form,
      label: `webhooks.constructEvent (always JSON.parses the body; ${FORM_LABEL[form]})`,
      make: (input) => () => Stripe.webhooks.constructEvent(input, record.stripe["stripe-signature"], secrets.stripe),
    });
    if (peerForms("stripe-async").includes(form)) add({
      id: `stripe-async-${form}`,
      group: "peer",
      lib: "stripe",
      adapter: "node",
      scheme: "stripe",
      form,
      label: `webhooks.constructEventAsync, default (node:crypto) provider (${FORM_LABEL[form]})`,
      make: (input) => () => Stripe.webhooks.constructEventAsync(input, record.stripe["stripe-signature"], secrets.stripe),
    });
    if (peerForms("stripe-async-subtle").includes(form)) add({
      id: `stripe-async-subtle-${form}`,
      group: "peer",
      lib: "stripe",
      adapter: "web",
      scheme: "stripe",
      form,
      label: `webhooks.constructEventAsync, SubtleCryptoProvider (imports the key every call; ${FORM_LABEL[form]})`,
      make: (input) => () => Stripe.webhooks.constructEventAsync(input, record.stripe["stripe-signature"], secrets.stripe, undefined, stripeSubtle),
    });
    if (peerForms("standardwebhooks").includes(form)) add({
      id: `standardwebhooks-${form}`,
      group: "peer",
      lib: "standardwebhooks",
      adapter: "js",
      scheme: "standardWebhooks",
      form,
      label: `Webhook.verify with jsonParse: false (pure-JS SHA-256; ${FORM_LABEL[form]})`,
      make: (input) => () => standardWebhook.verify(input, record.standardWebhooks, { jsonParse: false }),
    });
    if (peerForms("svix").includes(form)) add({
      id: `svix-${form}`,
      group: "peer",
      lib: "svix",
      adapter: "js",
      scheme: "standardWebhooks",
      form,
      label: `Webhook.verify (always JSON.parses; ${FORM_LABEL[form]})`,
      make: (input) => () => svixWebhook.verify(input, record.svix),
    });
  }
  return cases;
}

/** Rotation: three secrets, the last one matches. Measured at 1 KiB, Buffer payload. */
export function rotationCases(fx) {
  const rotated = [...wrongGithubSecrets, secrets.github];
  const rawKeys = rotated.map((secret) => Buffer.from(secret, "utf8"));
  const headers = fx.headers.record.github;
  const base = { size: fx.size, kind: "rotation", scheme: "github", form: "buffer", headerForm: "record" };
  return [
    {
      ...base,
      id: "rotation-raw-node",
      group: "baseline",
      lib: "raw node:crypto",
      label: "3 keys, the last matches: 3 × (createHmac + timingSafeEqual)",
      make: (body) => () => {
        const expected = Buffer.from(headers["x-hub-signature-256"].slice(7), "hex");
        let found = false;
        for (const key of rawKeys) found = timingSafeEqual(createHmac("sha256", key).update(body).digest(), expected) || found;
        return found;
      },
    },
    ...["node", "web", "sync"].map((adapter) => ({
      ...base,
      id: `rotation-${adapter}-github`,
      group: "hookseal",
      lib: "hookseal",
      adapter,
      label: `${ADAPTERS[adapter].label}, github, 3 secrets, the last matches`,
      make: (body) => () => ADAPTERS[adapter].oneCall(hsNode.github, { secret: rotated, payload: body, headers }),
    })),
  ];
}

/** JWT HS256 verification of a ~200-character token. */
export function jwtCases(jwt) {
  const keyObject = createSecretKey(jwt.secret);
  const base = { size: jwt.token.length, kind: "jwt", scheme: "HS256", form: "string" };
  const cases = [
    {
      ...base,
      id: "jwt-raw-node",
      group: "baseline",
      lib: "raw node:crypto",
      key: true,
      label: "hand-written MAC-and-compare: createHmac(header.payload), base64url-decode the signature, timingSafeEqual",
      make: (token) => () => {
        const dot = token.lastIndexOf(".");
        const expected = Buffer.from(token.slice(dot + 1), "base64url");
        const mac = createHmac("sha256", jwt.secret).update(token.slice(0, dot)).digest();
        return expected.length === mac.length && timingSafeEqual(mac, expected);
      },
    },
  ];
  for (const adapter of ["node", "web"]) {
    const verifyJwt = (adapter === "node" ? hsNode : hsWeb).verifyJwt;
    const isExported = adapter === "node" ? exported.verifyJwtNode : exported.verifyJwtWeb;
    cases.push({
      ...base,
      id: `jwt-hookseal-${adapter}`,
      group: "hookseal",
      lib: "hookseal",
      adapter,
      key: true,
      label: `verifyJwt (${adapter} adapter), Buffer secret`,
      skip: isExported ? undefined : `hookseal/${adapter} does not export verifyJwt in this build`,
      make: (token) => () => verifyJwt(token, jwt.secret),
    });
  }
  cases.push(
    {
      ...base,
      id: "jwt-jose-buffer",
      group: "peer",
      lib: "jose",
      adapter: "web",
      label: "jwtVerify, Uint8Array secret",
      make: (token) => () => jose.jwtVerify(token, jwt.secret),
    },
    {
      ...base,
      id: "jwt-jose-keyobject",
      group: "peer",
      lib: "jose",
      adapter: "web",
      label: "jwtVerify, KeyObject secret",
      make: (token) => () => jose.jwtVerify(token, keyObject),
    },
    {
      ...base,
      id: "jwt-jsonwebtoken-buffer",
      group: "peer",
      lib: "jsonwebtoken",
      adapter: "node",
      label: "verify, Buffer secret",
      make: (token) => () => jsonwebtoken.verify(token, jwt.secret, { algorithms: ["HS256"] }),
    },
    {
      ...base,
      id: "jwt-jsonwebtoken-keyobject",
      group: "peer",
      lib: "jsonwebtoken",
      adapter: "node",
      label: "verify, KeyObject secret",
      make: (token) => () => jsonwebtoken.verify(token, keyObject, { algorithms: ["HS256"] }),
    },
  );
  return cases;
}

/** The CryptoKeys the raw Web Crypto baselines import once, before any timing. */
export async function importWebKeys() {
  return { github: await importHmac(keys.github), stripe: await importHmac(keys.stripe) };
}
