// defineScheme(): the worked example from its documentation, the TypeErrors of every wrong
// definition (runtime), the probes that refuse a definition signing less than it declares,
// the compile errors its types give, and the engine rules it opened (bodyField, milliseconds,
// variants, refused content, absolute URLs).
import { describe, expect, it } from "vitest";
import {
  defineScheme,
  github,
  prefixedBase64Secret,
  sign,
  stripe,
  utf8Secret,
  verify,
  type HmacSchemeDefinition,
  type Scheme,
} from "../../src/index.js";
import { signSync, verifySync } from "../../src/node.js";
import { codeOf } from "./conformance.js";

const NOW = 1_700_000_000;

// The example in defineScheme's JSDoc and in README "Adding a provider", kept identical.
const acme = defineScheme({
  name: "acme",
  hash: "SHA-256",
  encoding: "hex",
  minSecretBytes: 16,
  signatureHeader: "acme-signature",
  parse: (value) => {
    const fields = new Map(value.split(";").map((item) => item.split("=", 2) as [string, string]));
    const t = fields.get("t");
    const sig = fields.get("sig");
    return { signatures: sig ? [sig] : [], ...(t ? { timestamp: t } : {}) };
  },
  format: ({ signatures, timestamp }) => `t=${timestamp};sig=${signatures[0]}`,
  timestamp: { tolerance: 300 }, // no header: parse() returns it from acme-signature
  idHeader: "acme-delivery",
  content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
});

const SECRET = "acme_secret_0123456789";

describe("the documented example", () => {
  it("gives sign(), verify() and the sync variants", async () => {
    const headers = await sign(acme, { secret: SECRET, payload: '{"ok":true}', id: "dlv_1", timestamp: NOW });
    expect(headers).toEqual({ "acme-delivery": "dlv_1", "acme-signature": expect.stringMatching(/^t=1700000000;sig=[0-9a-f]{64}$/) });
    await expect(verify(acme, { secret: SECRET, payload: '{"ok":true}', headers, now: NOW })).resolves.toEqual({ scheme: "acme", id: "dlv_1", timestamp: NOW, secretIndex: 0 });
    const syncHeaders = signSync(acme, { secret: SECRET, payload: "x", id: "dlv_2", timestamp: NOW });
    expect(verifySync(acme, { secret: SECRET, payload: "x", headers: syncHeaders, now: NOW })).toMatchObject({ id: "dlv_2" });
    expect(await codeOf(verify(acme, { secret: SECRET, payload: '{"ok":false}', headers, now: NOW }))).toBe("no_matching_signature");
    expect(await codeOf(verify(acme, { secret: SECRET, payload: '{"ok":true}', headers, now: NOW + 301 }))).toBe("timestamp_too_old");
    expect(await codeOf(verify(acme, { secret: "short", payload: '{"ok":true}', headers, now: NOW }))).toBe("invalid_secret");
  });

  it("returns a frozen scheme with the defaults filled in", () => {
    expect(Object.isFrozen(acme)).toBe(true);
    expect(acme.secret).toBe(utf8Secret);
    expect(acme.multipleSignatures).toBe(false);
    expect(acme.macBytes).toBe(32);
    expect(Object.isFrozen(acme.timestamp)).toBe(true);
  });

  it("an existing scheme can be spread into a new definition", async () => {
    const enterprise = defineScheme({ ...github, name: "githubEnterprise" });
    const headers = await sign(enterprise, { secret: "s", payload: "x" });
    expect(headers).toEqual(await sign(github, { secret: "s", payload: "x" }));
    await expect(verify(enterprise, { secret: "s", payload: "x", headers })).resolves.toMatchObject({ scheme: "githubEnterprise" });
    expect(defineScheme({ ...stripe, name: "stripeCopy" }).timestamp).toEqual(stripe.timestamp);
  });
});

// A minimal valid definition to break one field at a time.
const base = {
  name: "probe",
  hash: "SHA-256",
  encoding: "hex",
  signatureHeader: "x-signature",
  parse: (value: string) => ({ signatures: [value] }),
  format: ({ signatures }: { signatures: readonly string[] }) => signatures[0]!,
  content: ({ body }: { body: Uint8Array }) => [body],
} as const;

const define = (definition: Record<string, unknown>) => () => defineScheme(definition as never);

describe("runtime checks: TypeErrors that say what to fix", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["a missing name", { ...base, name: undefined }, /name must be a non-empty string/],
    ["an empty name", { ...base, name: "" }, /name must be a non-empty string/],
    ["an unknown property", { ...base, tolerance: 300 }, /unknown property "tolerance"/],
    ["an unknown algorithm", { ...base, algorithm: "rsa" }, /algorithm must be "hmac" or "token"/],
    ["an unknown hash", { ...base, hash: "MD5" }, /hash must be one of SHA-1, SHA-256, SHA-384, SHA-512/],
    ["a lower-case hash", { ...base, hash: "sha256" }, /hash must be one of/],
    ["an unknown encoding", { ...base, encoding: "base64url" }, /encoding must be "hex" or "base64"/],
    ["an upper-case header", { ...base, signatureHeader: "X-Signature" }, /signatureHeader must be a lower-case header name/],
    ["a header with a space", { ...base, signatureHeader: "x signature" }, /signatureHeader must be a lower-case header name/],
    ["a missing header", { ...base, signatureHeader: undefined }, /signatureHeader must be/],
    ["parse not a function", { ...base, parse: "sha256=" }, /parse must be a function/],
    ["format not a function", { ...base, format: undefined }, /format must be a function/],
    ["content not a function", { ...base, content: [] }, /content must be a function/],
    ["a bad secret rule", { ...base, secret: "utf8" }, /secret must be a secret rule/],
    ["minSecretBytes of 0", { ...base, minSecretBytes: 0 }, /minSecretBytes must be an integer from 1 to 1024/],
    ["a fractional minSecretBytes", { ...base, minSecretBytes: 1.5 }, /minSecretBytes/],
    ["multipleSignatures not a boolean", { ...base, multipleSignatures: "yes" }, /multipleSignatures must be a boolean/],
    ["timestamp not an object", { ...base, timestamp: 300 }, /timestamp must be an object/],
    ["an unknown timestamp property", { ...base, timestamp: { header: "x-ts", tolerence: 5 } }, /timestamp has an unknown property "tolerence"/],
    ["an upper-case timestamp header", { ...base, timestamp: { header: "X-TS" } }, /timestamp.header must be a lower-case header name/],
    ["header and bodyField together", { ...base, timestamp: { header: "x-ts", bodyField: "ts" } }, /header or bodyField, not both/],
    ["an empty bodyField", { ...base, timestamp: { bodyField: "" } }, /bodyField must be a non-empty/],
    ["an unknown unit", { ...base, timestamp: { header: "x-ts", unit: "ms" } }, /unit must be "seconds", "milliseconds" or "rfc3339"/],
    ["a negative tolerance", { ...base, timestamp: { header: "x-ts", tolerance: -1 } }, /tolerance must be a finite, non-negative/],
    ["an infinite tolerance", { ...base, timestamp: { header: "x-ts", tolerance: Infinity } }, /tolerance must be a finite/],
    ["an upper-case id header", { ...base, idHeader: "X-Id" }, /idHeader must be a lower-case header name/],
    ["signsUrl not a boolean", { ...base, signsUrl: 1 }, /signsUrl must be a boolean/],
    ["an unknown bodyDigest", { ...base, bodyDigest: "SHA3-256" }, /bodyDigest must be one of/],
    ["bad asymmetric prefixes", { ...base, asymmetric: { secretKeyPrefix: "k_", publicKeyPrefix: "k_" } }, /asymmetric must be/],
    ["a bad token rule", { ...base, token: {} }, /token must be a token rule/],
    ["variants not a function", { ...base, variants: [] }, /variants must be a function/],
    ["two roles on one header", { ...base, idHeader: "x-signature" }, /must be different headers/],
    ["a token scheme with a hash", { ...base, algorithm: "token", content: undefined, encoding: undefined }, /a token scheme sends the secret itself and signs nothing: it takes no "hash"/],
    ["a token scheme with a timestamp", { name: "t", algorithm: "token", signatureHeader: "x-token", parse: base.parse, format: base.format, timestamp: { header: "x-ts" } }, /takes no "timestamp"/],
  ])("%s", (_what, definition, message) => {
    expect(define(definition)).toThrow(TypeError);
    expect(define(definition)).toThrow(message);
  });

  it("a definition that is not an object", () => {
    expect(() => defineScheme(null as never)).toThrow(/definition must be an object/);
    expect(() => defineScheme("github" as never)).toThrow(TypeError);
  });

  it("messages name the scheme", () => {
    expect(define({ ...base, name: "acmeCorp", hash: "MD5" })).toThrow(/scheme "acmeCorp"/);
  });
});

describe("probes: a definition must sign what it declares, and parse what it formats", () => {
  it("format whose output parse cannot read", () => {
    expect(define({ ...base, format: ({ signatures }: { signatures: string[] }) => `sha256=${signatures[0]}` })).toThrow(/parse does not read back/);
    expect(define({ ...base, format: () => 42 })).toThrow(/format must return the header value as a string/);
    expect(define({ ...base, parse: () => "x" })).toThrow(/parse must return \{ signatures/);
    expect(define({ ...base, parse: () => { throw new Error("boom"); } })).toThrow(/format or parse threw/);
  });

  it("a timestamp carried in the signature header must be returned by parse", () => {
    expect(define({ ...base, timestamp: { tolerance: 60 }, content: ({ timestamp, body }: { timestamp: string; body: Uint8Array }) => [timestamp, body] })).toThrow(
      /parse must return the timestamp/,
    );
  });

  it("several signatures must all be read back", () => {
    expect(define({ ...base, multipleSignatures: true, format: ({ signatures }: { signatures: string[] }) => signatures.join(" ") })).toThrow(/parse does not read back/);
    expect(() =>
      defineScheme({ ...base, multipleSignatures: true, format: ({ signatures }) => signatures.join(" "), parse: (value) => ({ signatures: value.split(" ") }) }),
    ).not.toThrow();
  });

  it("content must sign the body, the timestamp, the id and the url it declares", () => {
    expect(define({ ...base, content: () => ["constant"] })).toThrow(/content must sign the body/);
    expect(define({ ...base, timestamp: { header: "x-ts" }, content: ({ body }: { body: Uint8Array }) => [body] })).toThrow(/does not sign the timestamp/);
    expect(define({ ...base, idHeader: "x-id", content: ({ body }: { body: Uint8Array }) => [body] })).toThrow(/does not sign the message id/);
    expect(define({ ...base, signsUrl: true, content: ({ body }: { body: Uint8Array }) => [body] })).toThrow(/does not sign the url/);
  });

  it("content must return parts, the same ones for the same message, and not throw", () => {
    expect(define({ ...base, content: ({ body }: { body: Uint8Array }) => body })).toThrow(/array of strings and Uint8Arrays/);
    expect(define({ ...base, content: () => undefined })).toThrow(/refused an ordinary sample message/);
    expect(define({ ...base, content: () => { throw new Error("nope"); } })).toThrow(/content threw on a sample message \(nope\)/);
    let calls = 0;
    expect(define({ ...base, content: ({ body }: { body: Uint8Array }) => [String(calls++), body] })).toThrow(/the same bytes for the same message/);
  });

  it("variants must return messages", () => {
    expect(define({ ...base, variants: () => "x" })).toThrow(/variants must return an array of messages/);
  });
});

describe("engine rules opened for providers", () => {
  it("timestamp.unit milliseconds: sent and read as Unix milliseconds", async () => {
    const ms = defineScheme({
      ...base,
      name: "ms",
      timestamp: { header: "x-ts", unit: "milliseconds", tolerance: 10 },
      content: ({ timestamp, body }) => [timestamp, ".", body],
    });
    const headers = await sign(ms, { secret: "k", payload: "b", timestamp: NOW });
    expect(headers["x-ts"]).toBe(String(NOW * 1000));
    await expect(verify(ms, { secret: "k", payload: "b", headers, now: NOW + 10 })).resolves.toMatchObject({ timestamp: NOW });
    expect(await codeOf(verify(ms, { secret: "k", payload: "b", headers, now: NOW + 11 }))).toBe("timestamp_too_old");
    expect(await codeOf(verify(ms, { secret: "k", payload: "b", headers: { ...headers, "x-ts": "1700000000000.5" }, now: NOW }))).toBe("malformed_header");
  });

  it("timestamp.bodyField in seconds: read from the signed JSON after the signature matched", async () => {
    const inBody = defineScheme({ ...base, name: "inBody", timestamp: { bodyField: "sent_at", tolerance: 30 } });
    const body = JSON.stringify({ sent_at: NOW, data: 1 });
    const headers = await sign(inBody, { secret: "k", payload: body });
    expect(Object.keys(headers)).toEqual(["x-signature"]);
    await expect(verify(inBody, { secret: "k", payload: body, headers, now: NOW + 30 })).resolves.toMatchObject({ timestamp: NOW });
    expect(await codeOf(verify(inBody, { secret: "k", payload: body, headers, now: NOW - 31 }))).toBe("timestamp_too_new");
    const asText = JSON.stringify({ sent_at: String(NOW) });
    await expect(verify(inBody, { secret: "k", payload: asText, headers: await sign(inBody, { secret: "k", payload: asText }), now: NOW })).resolves.toBeDefined();
  });

  it("content returning undefined: no_matching_signature when verifying, a TypeError when signing", async () => {
    const picky = defineScheme({ ...base, name: "picky", content: ({ body }) => (body[0] === 0x21 ? undefined : [body]) });
    await expect(sign(picky, { secret: "k", payload: "!refused" })).rejects.toThrow(/cannot sign this message/);
    const headers = await sign(picky, { secret: "k", payload: "fine" });
    expect(await codeOf(verify(picky, { secret: "k", payload: "!refused", headers }))).toBe("no_matching_signature");
  });

  it("variants: a signature over any form verifies; sign() signs the message as given", async () => {
    const lax = defineScheme({
      ...base,
      name: "lax",
      signsUrl: true,
      content: ({ url, body }) => [url, body],
      variants: (message) => [{ ...message, url: message.url.replace(/\/$/, "") }],
    });
    const headers = await sign(lax, { secret: "k", payload: "b", url: "https://example.com/hook" });
    await expect(verify(lax, { secret: "k", payload: "b", headers, url: "https://example.com/hook/" })).resolves.toBeDefined();
    expect(await codeOf(verify(lax, { secret: "k", payload: "b", headers, url: "https://example.com/other" }))).toBe("no_matching_signature");
  });

  it("variants are capped: at most 8 forms are tried", async () => {
    let seen = 0;
    const many = defineScheme({
      ...base,
      name: "many",
      content: ({ body }) => [body],
      variants: (message) => Array.from({ length: 100 }, () => message),
    });
    const { nodeCrypto } = await import("../../src/crypto/node.js");
    const counting = { ...nodeCrypto, hmac: (...args: Parameters<typeof nodeCrypto.hmac>) => (seen++, nodeCrypto.hmac(...args)) };
    await codeOf(verify(many, { secret: "k", payload: "b", headers: { "x-signature": "00".repeat(32) }, crypto: counting }));
    expect(seen).toBe(8);
  });

  it("bodyDigest: content gets the digest of the raw body", async () => {
    const digested = defineScheme({ ...base, name: "digested", bodyDigest: "SHA-512", content: ({ bodyDigest }) => [bodyDigest] });
    const headers = await sign(digested, { secret: "k", payload: "abc" });
    await expect(verify(digested, { secret: "k", payload: "abc", headers })).resolves.toBeDefined();
    expect(await codeOf(verify(digested, { secret: "k", payload: "abd", headers }))).toBe("no_matching_signature");
  });

  it("base64 secrets through prefixedBase64Secret", async () => {
    const b64 = defineScheme({ ...base, name: "b64", secret: prefixedBase64Secret("key_"), minSecretBytes: 16, content: ({ body }) => [body] });
    const secret = "key_" + Buffer.alloc(16, 7).toString("base64");
    const headers = await sign(b64, { secret, payload: "x" });
    await expect(verify(b64, { secret: new Uint8Array(16).fill(7), payload: "x", headers })).resolves.toBeDefined();
    expect(await codeOf(verify(b64, { secret: "key_!!!", payload: "x", headers }))).toBe("invalid_secret");
  });
});

// Compile-time checks: never run, but type-checked by `tsc` (tsconfig includes test/). Each
// expect-error directive proves the mistake under it is a compile error.
export function _compileOnly(): Scheme[] {
  const ok: Scheme[] = [];
  // @ts-expect-error: content reads a timestamp the definition does not declare
  ok.push(defineScheme({ ...base, content: ({ body, timestamp }) => [timestamp, body] }));
  // @ts-expect-error: content reads an id without an idHeader
  ok.push(defineScheme({ ...base, content: ({ body, id }) => [id, body] }));
  // @ts-expect-error: content reads the url without signsUrl: true
  ok.push(defineScheme({ ...base, content: ({ body, url }) => [url, body] }));
  // @ts-expect-error: an upper-case header name
  ok.push(defineScheme({ ...base, signatureHeader: "X-Signature" }));
  // @ts-expect-error: an unknown hash
  ok.push(defineScheme({ ...base, hash: "MD5" }));
  // @ts-expect-error: an unknown encoding
  ok.push(defineScheme({ ...base, encoding: "base64url" }));
  // @ts-expect-error: a misspelt timestamp property
  ok.push(defineScheme({ ...base, timestamp: { header: "x-ts", tolerence: 5 } }));
  // @ts-expect-error: content is required
  ok.push(defineScheme({ name: "x", hash: "SHA-256", encoding: "hex", signatureHeader: "x-sig", parse: base.parse, format: base.format }));
  // @ts-expect-error: a token scheme has no content
  ok.push(defineScheme({ name: "t", algorithm: "token", signatureHeader: "x-token", parse: base.parse, format: base.format, content: base.content }));
  // Declared fields are typed as present, not optional:
  ok.push(defineScheme({ ...base, timestamp: { header: "x-ts" }, idHeader: "x-id", signsUrl: true, content: ({ timestamp, id, url, body }) => [timestamp.trim(), id.trim(), url.trim(), body] }));
  ok.push(defineScheme({ ...base, bodyDigest: "SHA-256", content: ({ bodyDigest }) => [bodyDigest.subarray(0)] }));
  // A definition written apart from the call keeps its types with HmacSchemeDefinition:
  const definition: HmacSchemeDefinition<"x-sig"> = { ...base, signatureHeader: "x-sig" };
  ok.push(defineScheme(definition));
  return ok;
}

describe("unit rfc3339 and the future bound", () => {
  const base = {
    name: "acmeDated",
    hash: "SHA-256",
    encoding: "base64",
    signatureHeader: "acme-signature",
    parse: (value: string) => ({ signatures: [value] }),
    format: ({ signatures }: { signatures: readonly string[] }) => signatures[0]!,
    content: ({ timestamp, body }: { timestamp: string; body: Uint8Array }) => [timestamp, body],
  } as const;

  it("a defined scheme with unit rfc3339 signs and verifies RFC 3339 text, and its future bound holds", async () => {
    const acme = defineScheme({ ...base, timestamp: { header: "acme-date", unit: "rfc3339", tolerance: 60, future: 5 } });
    const headers = await sign(acme, { secret: "s3cret", payload: "{}", timestamp: 1_700_000_000 });
    expect(headers["acme-date"]).toBe("2023-11-14T22:13:20Z");
    await expect(verify(acme, { secret: "s3cret", payload: "{}", headers, now: 1_700_000_000 - 5 })).resolves.toMatchObject({ timestamp: 1_700_000_000 });
    await expect(verify(acme, { secret: "s3cret", payload: "{}", headers, now: 1_700_000_000 - 6 })).rejects.toMatchObject({ code: "timestamp_too_new" });
    await expect(verify(acme, { secret: "s3cret", payload: "{}", headers, now: 1_700_000_000 + 60 })).resolves.toBeDefined();
  });

  it("a bodyField timestamp cannot be rfc3339; future must be seconds", () => {
    expect(() => defineScheme({ ...base, content: ({ body }: { body: Uint8Array }) => [body], timestamp: { bodyField: "sentAt", unit: "rfc3339" } })).toThrow(/Unix time/);
    expect(() => defineScheme({ ...base, timestamp: { header: "acme-date", unit: "rfc3339", future: -1 } })).toThrow(/future must be/);
    expect(() => defineScheme({ ...base, timestamp: { header: "acme-date", future: 0 } })).toThrow(/"rfc3339" unit/);
  });
});
