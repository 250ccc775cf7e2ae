// From a definition to a Scheme: defaults filled in, macBytes computed, frozen. No checks:
// defineScheme() checks a definition first; built-in schemes are trusted data (a test runs
// every one of them through defineScheme's checks), so their bundles carry none of that code.
import { HASH_BYTES } from "../crypto/types.js";
import type { defineScheme } from "./define-scheme.js";
import type { Part } from "../lib/bytes.js";
import type { Scheme, SchemeDefinition } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/** A definition resolved and frozen, as `defineScheme()` returns it once it has checked it. */
export function resolveScheme(definition: SchemeDefinition): Scheme {
  const token = definition.algorithm === "token";
  const timestamp = definition.timestamp;
  const asymmetric = definition.asymmetric;
  const resolved: SchemeDefinition = {
    ...definition,
    algorithm: token ? "token" : "hmac",
    // A token scheme sends the secret itself: nothing is hashed, encoded or signed.
    hash: token ? "SHA-256" : definition.hash,
    encoding: token ? "hex" : definition.encoding,
    content: token ? (definition.content ?? (() => [])) : definition.content,
    secret: definition.secret ?? utf8Secret,
    minSecretBytes: definition.minSecretBytes ?? 1,
    multipleSignatures: definition.multipleSignatures ?? false,
    timestamp: timestamp !== undefined ? Object.freeze({ ...timestamp }) : undefined,
    asymmetric: asymmetric !== undefined ? Object.freeze({ ...asymmetric }) : undefined,
  };
  return schemeObject(resolved);
}

/**
 * The frozen scheme of a resolved definition, every field in one order (those it does not
 * declare undefined), written as one object literal: every scheme, built-in or defined, then
 * has the same shape, and the engine's reads of `scheme.*` stay monomorphic in a receiver of
 * several providers (measured: after a dozen schemes of a shape each, a GitHub verification
 * took ~15% longer). Typed so that a field left out here does not compile.
 */
function schemeObject(d: SchemeDefinition): Scheme {
  const scheme: Readonly<Record<keyof SchemeDefinition | "macBytes", unknown>> = {
    name: d.name,
    algorithm: d.algorithm,
    hash: d.hash,
    encoding: d.encoding,
    codec: d.codec,
    textContent: d.textContent,
    secret: d.secret,
    minSecretBytes: d.minSecretBytes,
    maxSecretBytes: d.maxSecretBytes,
    signatureHeader: d.signatureHeader,
    parse: d.parse,
    format: d.format,
    asymmetric: d.asymmetric,
    multipleSignatures: d.multipleSignatures,
    readSignatures: d.readSignatures,
    timestamp: d.timestamp,
    idHeader: d.idHeader,
    readId: d.readId,
    eventId: d.eventId,
    token: d.token,
    tokenSteps: d.tokenSteps,
    publicKey: d.publicKey,
    signsUrl: d.signsUrl,
    checkUrl: d.checkUrl,
    forms: d.forms,
    bodyDigest: d.bodyDigest,
    content: d.content,
    prepare: d.prepare,
    variants: d.variants,
    handshake: d.handshake,
    macBytes: HASH_BYTES[d.hash],
  };
  return Object.freeze(scheme) as unknown as Scheme;
}

/** The `content` functions of built-in schemes: each only places the body among its parts. */
const placingContents = /* @__PURE__ */ new WeakSet<object>();

/** What {@link placedText} answers for a `content` it does not know: give it the body's bytes. */
const READS_BODY = /* @__PURE__ */ Symbol("reads body");

/**
 * The `textContent` rule of built-in schemes: their `content` only places the body among its
 * parts, so a string body takes its place as it is (test/property/text-parts.test.ts checks them).
 * Only their own `content`: a copy of a built-in with another `content` (which may read the
 * body) keeps this rule, and gets the body's bytes.
 */
export const placedText: NonNullable<SchemeDefinition["textContent"]> = (scheme, body, timestamp, id, url, bodyDigest) =>
  placingContents.has(scheme.content)
    ? (scheme.content({ body: body as unknown as Uint8Array, timestamp, id, url, bodyDigest }) as readonly Part[] | undefined)
    : READS_BODY;

/**
 * A built-in scheme: typed exactly as `defineScheme()` (so a definition that reads a field it
 * did not declare does not compile), resolved without the run-time checks, and without
 * {@link resolveScheme}'s token branches: built-ins are HMAC schemes that name their secret
 * rule (test/unit/built-in-definitions.test.ts checks the result equals `defineScheme()`'s).
 */
export const builtInScheme = ((definition: SchemeDefinition): Scheme => {
  // Their rule objects are made for them (headerTimestamp(), ed25519Keys()…): frozen in place.
  if (definition.timestamp !== undefined) Object.freeze(definition.timestamp);
  if (definition.asymmetric !== undefined) Object.freeze(definition.asymmetric);
  if (definition.textContent === placedText) placingContents.add(definition.content);
  const defaults: Partial<SchemeDefinition> = { algorithm: "hmac", minSecretBytes: 1, multipleSignatures: false };
  return schemeObject({ ...defaults, ...definition });
}) as unknown as typeof defineScheme;
