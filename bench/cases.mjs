// Every benchmark case. A case is a factory `make(input)` returning the function that is
// timed: it verifies `input` (the signed body, or the tampered one) and returns or resolves
// to something other than `false` when it accepts, or returns `false` / throws when it
// rejects. run.mjs checks both inputs before timing the signed one.
//
// Peers are called the way their docs show, from a Buffer body, and each is charged for the
// work it cannot skip: @octokit/webhooks-methods takes only a string (so `body.toString()`
// is part of the case), stripe and svix always JSON.parse the body, standardwebhooks is given
// `jsonParse: false`.
import { createHmac, createSecretKey, timingSafeEqual, webcrypto } from "node:crypto";
import * as octokitNode from "@octokit/webhooks-methods";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import * as hsNode from "hookseal/node";
import * as hsWeb from "hookseal/web";
import { keys, secrets, wrongGithubSecrets } from "./fixtures.mjs";

// @octokit/webhooks-methods exports its Web Crypto build only under the "browser" condition;
// load that file directly, next to the Node build that "." resolves to here.
const octokitWeb = await import(import.meta.resolve("@octokit/webhooks-methods").replace("/dist-node/", "/dist-web/"));

const { subtle } = webcrypto;
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

const importHmac = (key) => subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

const schemes = { github: hsNode.github, stripe: hsNode.stripe, standardWebhooks: hsNode.standardWebhooks };
const hookseal = {
  node: (scheme, options) => hsNode.verify(scheme, options),
  web: (scheme, options) => hsWeb.verify(scheme, options),
  sync: (scheme, options) => hsNode.verifySync(scheme, options),
};
const ADAPTER_LABEL = { node: "verify (node adapter)", web: "verify (web adapter)", sync: "verifySync" };

/**
 * The webhook cases for one payload size. `fx` is a fixture from `webhookFixture(size)`;
 * `webKeys` holds the CryptoKeys the raw Web Crypto baselines imported once.
 */
export function webhookCases(fx, webKeys) {
  const cases = [];
  const add = (c) => cases.push({ size: fx.size, kind: "webhook", ...c });

  // Baselines. The raw HMAC of the body is the reference every ratio is taken against.
  add({
    id: "raw-node",
    group: "baseline",
    lib: "raw node:crypto",
    label: "createHmac(body) + timingSafeEqual",
    make: (body) => () => timingSafeEqual(createHmac("sha256", keys.github).update(body).digest(), fx.macs.github),
  });
  add({
    id: "raw-node-prefix",
    group: "baseline",
    lib: "raw node:crypto",
    label: "createHmac(`${t}.`, body) + timingSafeEqual (Stripe's content)",
    make: (body) => () =>
      timingSafeEqual(createHmac("sha256", keys.stripe).update(fx.stripePrefix).update(body).digest(), fx.macs.stripe),
  });
  add({
    id: "raw-node-async",
    group: "baseline",
    lib: "raw node:crypto",
    label: "the raw node:crypto case inside an async function",
    make: (body) => async () => timingSafeEqual(createHmac("sha256", keys.github).update(body).digest(), fx.macs.github),
  });
  add({
    id: "raw-web",
    group: "baseline",
    lib: "raw Web Crypto",
    label: "subtle.sign(key imported once, body) + compare",
    make: (body) => async () => equalBytes(new Uint8Array(await subtle.sign("HMAC", webKeys.github, body)), fx.macs.github),
  });
  add({
    id: "raw-web-prefix",
    group: "baseline",
    lib: "raw Web Crypto",
    label: "subtle.sign(key imported once, `${t}.` + body joined) + compare (Stripe's content)",
    make: (body) => async () => {
      const prefix = new TextEncoder().encode(fx.stripePrefix);
      const content = new Uint8Array(prefix.length + body.length);
      content.set(prefix, 0);
      content.set(body, prefix.length);
      return equalBytes(new Uint8Array(await subtle.sign("HMAC", webKeys.stripe, content)), fx.macs.stripe);
    },
  });
  add({
    id: "raw-web-import",
    group: "baseline",
    lib: "raw Web Crypto",
    label: "importKey + subtle.sign(body) + compare, key imported every call",
    make: (body) => async () => equalBytes(new Uint8Array(await subtle.sign("HMAC", await importHmac(keys.github), body)), fx.macs.github),
  });

  // hookseal, every scheme on every adapter.
  for (const adapter of ["node", "web", "sync"]) {
    for (const scheme of ["github", "stripe", "standardWebhooks"]) {
      add({
        id: `hookseal-${adapter}-${scheme}`,
        group: "hookseal",
        lib: "hookseal",
        adapter,
        scheme,
        label: `${ADAPTER_LABEL[adapter]}, ${scheme}`,
        make: (body) => () => hookseal[adapter](schemes[scheme], { secret: secrets[scheme], payload: body, headers: fx.headers[scheme] }),
      });
    }
  }

  // Peers.
  const githubSignature = fx.headers.github["x-hub-signature-256"];
  add({
    id: "octokit-node",
    group: "peer",
    lib: "@octokit/webhooks-methods",
    adapter: "node",
    scheme: "github",
    label: "verify, Node build (body.toString() included: it takes only strings)",
    make: (body) => () => octokitNode.verify(secrets.github, body.toString("utf8"), githubSignature),
  });
  add({
    id: "octokit-web",
    group: "peer",
    lib: "@octokit/webhooks-methods",
    adapter: "web",
    scheme: "github",
    label: "verify, Web build (imports the key every call; body.toString() included)",
    make: (body) => () => octokitWeb.verify(secrets.github, body.toString("utf8"), githubSignature),
  });
  const stripeHeader = fx.headers.stripe["stripe-signature"];
  add({
    id: "stripe-sync",
    group: "peer",
    lib: "stripe",
    adapter: "node",
    scheme: "stripe",
    label: "webhooks.constructEvent (always JSON.parses the body)",
    make: (body) => () => Stripe.webhooks.constructEvent(body, stripeHeader, secrets.stripe),
  });
  add({
    id: "stripe-async",
    group: "peer",
    lib: "stripe",
    adapter: "node",
    scheme: "stripe",
    label: "webhooks.constructEventAsync, default (node:crypto) provider",
    make: (body) => () => Stripe.webhooks.constructEventAsync(body, stripeHeader, secrets.stripe),
  });
  add({
    id: "stripe-async-subtle",
    group: "peer",
    lib: "stripe",
    adapter: "web",
    scheme: "stripe",
    label: "webhooks.constructEventAsync, SubtleCryptoProvider (its edge path; imports the key every call)",
    make: (body) => () => Stripe.webhooks.constructEventAsync(body, stripeHeader, secrets.stripe, undefined, stripeSubtle),
  });
  add({
    id: "standardwebhooks",
    group: "peer",
    lib: "standardwebhooks",
    adapter: "js",
    scheme: "standardWebhooks",
    label: "Webhook.verify with jsonParse: false (pure-JS SHA-256)",
    make: (body) => () => standardWebhook.verify(body, fx.headers.standardWebhooks, { jsonParse: false }),
  });
  add({
    id: "svix",
    group: "peer",
    lib: "svix",
    adapter: "js",
    scheme: "standardWebhooks",
    label: "Webhook.verify (always JSON.parses; no jsonParse option)",
    make: (body) => () => svixWebhook.verify(body, fx.headers.svix),
  });
  return cases;
}

/** Rotation: three secrets, the last one matches. Measured at 1 KiB. */
export function rotationCases(fx) {
  const rotated = [...wrongGithubSecrets, secrets.github];
  const rawKeys = rotated.map((secret) => Buffer.from(secret, "utf8"));
  const base = { size: fx.size, kind: "rotation", scheme: "github" };
  return [
    {
      ...base,
      id: "rotation-raw-node",
      group: "baseline",
      lib: "raw node:crypto",
      label: "3 keys, the last matches: 3 × (createHmac + timingSafeEqual)",
      make: (body) => () => {
        let found = false;
        for (const key of rawKeys) found = timingSafeEqual(createHmac("sha256", key).update(body).digest(), fx.macs.github) || found;
        return found;
      },
    },
    ...["node", "web", "sync"].map((adapter) => ({
      ...base,
      id: `rotation-hookseal-${adapter}`,
      group: "hookseal",
      lib: "hookseal",
      adapter,
      label: `${ADAPTER_LABEL[adapter]}, github, 3 secrets, the last matches`,
      make: (body) => () => hookseal[adapter](hsNode.github, { secret: rotated, payload: body, headers: fx.headers.github }),
    })),
  ];
}

/** Whether the built package exports `verifyJwt` yet (src/jwt/ is being written separately). */
export const jwtExported = { node: typeof hsNode.verifyJwt === "function", web: typeof hsWeb.verifyJwt === "function" };

/** JWT HS256 verification of a ~200-character token. */
export function jwtCases(jwt) {
  const keyObject = createSecretKey(jwt.secret);
  const base = { size: jwt.token.length, kind: "jwt", scheme: "HS256" };
  const cases = [
    {
      ...base,
      id: "jwt-raw-node",
      group: "baseline",
      lib: "raw node:crypto",
      label: "createHmac(header.payload) + timingSafeEqual",
      make: (token) => () => {
        const dot = token.lastIndexOf(".");
        return timingSafeEqual(createHmac("sha256", jwt.secret).update(token.slice(0, dot)).digest(), jwt.mac);
      },
    },
  ];
  for (const adapter of ["node", "web"]) {
    const verifyJwt = (adapter === "node" ? hsNode : hsWeb).verifyJwt;
    cases.push({
      ...base,
      id: `jwt-hookseal-${adapter}`,
      group: "hookseal",
      lib: "hookseal",
      adapter,
      label: `verifyJwt (${adapter} adapter), Buffer secret`,
      skip: jwtExported[adapter]
        ? undefined
        : `hookseal/${adapter} does not export verifyJwt yet (src/jwt/ is in progress); this case runs by itself once it does`,
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
