// Review of the "scheme rules" refactor (codec, readHeader/checkBody, readId, checkUrl, forms,
// tokenSteps, textContent): a scheme made from a spread built-in must not keep a stale rule,
// a scheme object made by hand must get a clear TypeError (never a TypeError from deep inside
// the engine, never a check silently skipped), and sign and verify must agree on both adapters.
import { describe, expect, it } from "vitest";
import {
  createVerifier,
  defineScheme,
  generateKeyPair,
  github,
  jwtBearer,
  linear,
  sign,
  square,
  standardWebhooks,
  staticToken,
  stripe,
  twilio,
  verify,
  WebhookVerificationError,
  type Scheme,
} from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { webCrypto } from "../../src/crypto/web.js";

const NOW = 1_700_000_000;
const URL_SIGNED = "https://example.com/hook?a=1";
const WHSEC = "whsec_" + btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

/** What a call threw (class, code, message), or "resolved". */
async function outcome(run: () => unknown): Promise<string> {
  try {
    await run();
    return "resolved";
  } catch (error) {
    const code = error instanceof WebhookVerificationError ? error.code : "";
    return `${(error as Error).constructor.name}:${code}:${(error as Error).message}`;
  }
}

describe("defineScheme() from a spread built-in recomputes every rule", () => {
  it("a body timestamp whose field or unit changed is read from the new field, in the new unit (no stale reader)", async () => {
    // linear reads "webhookTimestamp" in milliseconds; this scheme reads "sentAt" in seconds.
    const acme = defineScheme({ ...linear, name: "acme", timestamp: { ...linear.timestamp!, bodyField: "sentAt", unit: "seconds" } });
    const fresh = JSON.stringify({ sentAt: NOW });
    // sign() accepts a payload with the declared field…
    const headers = await sign(acme, { secret: "k", payload: fresh, timestamp: NOW });
    await expect(verify(acme, { secret: "k", payload: fresh, headers, now: NOW })).resolves.toMatchObject({ timestamp: NOW });
    // …and verify() holds the declared field to the tolerance, not linear's field.
    const stale = JSON.stringify({ sentAt: NOW - 100_000, webhookTimestamp: NOW * 1000 });
    const staleHeaders = await sign(acme, { secret: "k", payload: stale });
    await expect(verify(acme, { secret: "k", payload: stale, headers: staleHeaders, now: NOW })).rejects.toMatchObject({ code: "timestamp_too_old" });

    const inSeconds = defineScheme({ ...linear, name: "linearSeconds", timestamp: { ...linear.timestamp!, unit: "seconds" } });
    const payload = JSON.stringify({ webhookTimestamp: NOW });
    const signed = await sign(inSeconds, { secret: "k", payload });
    await expect(verify(inSeconds, { secret: "k", payload, headers: signed, now: NOW })).resolves.toMatchObject({ timestamp: NOW });
  });

  it("a reader the definition gives itself is kept", async () => {
    const readBody = (body: Uint8Array) => (body.length > 0 ? NOW : undefined);
    const acme = defineScheme({ ...linear, name: "acme", timestamp: { bodyField: "any", readBody, tolerance: 60 } });
    expect(acme.timestamp!.readBody).toBe(readBody);
    const headers = await sign(acme, { secret: "k", payload: "x" });
    await expect(verify(acme, { secret: "k", payload: "x", headers, now: NOW + 61 })).rejects.toMatchObject({ code: "timestamp_too_old" });
  });

  it("encoding, timestamp header, unit, tolerance and signsUrl changed on a spread: sign and verify agree on both adapters", async () => {
    const stripe64 = defineScheme({ ...stripe, name: "stripe64", encoding: "base64" });
    const webhooks = defineScheme({ ...standardWebhooks, name: "acmeHooks", timestamp: { header: "acme-ts", unit: "milliseconds", tolerance: 10 } });
    const githubUrl = defineScheme({ ...github, name: "githubUrl", signsUrl: true, content: ({ url, body }) => [url!, "\n", body] });
    for (const crypto of [nodeCrypto, webCrypto]) {
      for (const payload of ['{"a":"é"}', new TextEncoder().encode('{"a":"é"}')]) {
        const h1 = await sign(stripe64, { secret: "k", payload, timestamp: NOW, crypto });
        expect(h1["stripe-signature"]).toMatch(/^t=1700000000,v1=[A-Za-z0-9+/]{43}=$/);
        await expect(verify(stripe64, { secret: "k", payload, headers: h1, now: NOW, crypto })).resolves.toMatchObject({ timestamp: NOW });
        await expect(verify(stripe, { secret: "k", payload, headers: h1, now: NOW, crypto })).rejects.toMatchObject({ code: "malformed_header" });

        const h2 = await sign(webhooks, { secret: WHSEC, payload, timestamp: NOW, crypto });
        expect(h2["acme-ts"]).toBe(String(NOW * 1000));
        expect(h2["webhook-timestamp"]).toBeUndefined();
        await expect(verify(webhooks, { secret: WHSEC, payload, headers: h2, now: NOW + 10, crypto })).resolves.toMatchObject({ timestamp: NOW });
        await expect(verify(webhooks, { secret: WHSEC, payload, headers: h2, now: NOW + 11, crypto })).rejects.toMatchObject({ code: "timestamp_too_old" });
        await expect(verify(webhooks, { secret: WHSEC, payload, headers: { ...h2, "webhook-id": "x".repeat(257) }, now: NOW, crypto })).rejects.toMatchObject({ code: "malformed_header" });

        const h3 = await sign(githubUrl, { secret: "k", payload, url: URL_SIGNED, crypto });
        await expect(verify(githubUrl, { secret: "k", payload, headers: h3, url: URL_SIGNED, crypto })).resolves.toMatchObject({ scheme: "githubUrl" });
        await expect(outcome(() => verify(githubUrl, { secret: "k", payload, headers: h3, url: "/hook?a=1", crypto } as never))).resolves.toMatch(/^TypeError::githubUrl signs the request URL/);
      }
    }
  });

  it("Ed25519 keys of a spread Standard Webhooks scheme, on both adapters", async () => {
    const webhooks = defineScheme({ ...standardWebhooks, name: "acmeHooks", timestamp: { header: "acme-ts", tolerance: 10 } });
    const { secretKey, publicKey } = await generateKeyPair();
    for (const signer of [nodeCrypto, webCrypto]) {
      for (const verifier of [nodeCrypto, webCrypto]) {
        const headers = await sign(webhooks, { secret: secretKey, payload: "x", timestamp: NOW, crypto: signer });
        await expect(verify(webhooks, { secret: publicKey, payload: "x", headers, now: NOW, crypto: verifier })).resolves.toMatchObject({ scheme: "acmeHooks" });
      }
    }
  });
});

describe("a scheme object made by hand, without defineScheme()", () => {
  const headersOf = (scheme: Scheme, options: Record<string, unknown>) => sign(scheme, { secret: "k", payload: "a=b", timestamp: NOW, url: URL_SIGNED, ...options } as never);

  // Each declares a feature whose rule it lacks: a TypeError that names the rule and the fix,
  // from sign() and verify() alike, before any delivery is read.
  const missing: [string, Scheme, Scheme, Record<string, unknown>][] = [
    ["codec", { ...github, codec: undefined } as Scheme, github, {}],
    ["timestamp", { ...stripe, timestamp: { tolerance: 300 } } as Scheme, stripe, {}],
    ["timestamp", { ...linear, timestamp: { ...linear.timestamp!, checkBody: undefined } } as Scheme, linear, { payload: `{"webhookTimestamp":${NOW * 1000}}` }],
    ["readId", { ...standardWebhooks, readId: undefined } as Scheme, standardWebhooks, { secret: WHSEC }],
    ["checkUrl", { ...square, checkUrl: undefined } as Scheme, square, {}],
    ["forms", { ...twilio, forms: undefined } as Scheme, twilio, {}],
    ["tokenSteps", { ...jwtBearer, tokenSteps: undefined } as Scheme, jwtBearer, { secret: "k".repeat(32) }],
    ["tokenSteps", { ...staticToken({ header: "x-token" }), tokenSteps: undefined } as Scheme, staticToken({ header: "x-token" }), { secret: "k".repeat(16) }],
    // A shared token's steps carry its replay rule (checkReplay): steps without one are refused too.
    ["tokenSteps", { ...staticToken({ header: "x-token" }), tokenSteps: jwtBearer.tokenSteps } as Scheme, staticToken({ header: "x-token" }), { secret: "k".repeat(16) }],
  ];
  it.each(missing)("without %s: a clear TypeError from verify() and sign()", async (rule, scheme, original, options) => {
    const headers = await headersOf(original, options);
    const secret = (options.secret as string | undefined) ?? "k";
    const payload = (options.payload as string | undefined) ?? "a=b";
    const expected = `TypeError::scheme "${scheme.name}" has no ${rule} rule`;
    expect(await outcome(() => verify(scheme, { secret, payload, headers, now: NOW, url: URL_SIGNED } as never))).toContain(expected);
    expect(await outcome(() => headersOf(scheme, options))).toContain(expected);
  });

  it("a codec that does not write the declared encoding is refused, not used", async () => {
    const base64Stripe = { ...stripe, encoding: "base64" } as Scheme; // keeps stripe's hex codec
    const expected = `TypeError::scheme "stripe" has no codec rule`;
    expect(await outcome(() => sign(base64Stripe, { secret: "k", payload: "x" }))).toContain(expected);
  });

  it("a built-in spread with its own content() gets the body as bytes, for a string payload too", async () => {
    // A built-in places a string body among its parts as is (placedText); a content() that
    // reads the body must not be handed that string in place of the bytes.
    const trimmed = { ...github, content: ({ body }: { body: Uint8Array }) => [body.subarray(0, 4)] } as Scheme;
    const bytes = new TextEncoder().encode("éé-rest");
    for (const crypto of [nodeCrypto, webCrypto]) {
      const fromText = await sign(trimmed, { secret: "k", payload: "éé-rest", crypto });
      expect(fromText).toEqual(await sign(trimmed, { secret: "k", payload: bytes, crypto }));
      expect(fromText).toEqual(await sign(github, { secret: "k", payload: "éé", crypto }));
      await expect(verify(trimmed, { secret: "k", payload: bytes, headers: fromText, crypto })).resolves.toMatchObject({ scheme: "github" });
      await expect(verify(trimmed, { secret: "k", payload: "éé-other", headers: fromText, crypto })).resolves.toMatchObject({ scheme: "github" });
    }
  });

  it("without textContent: a string body is encoded first, and the result is the same", async () => {
    const copy = { ...stripe, textContent: undefined } as Scheme;
    const headers = await sign(stripe, { secret: "k", payload: "é", timestamp: NOW });
    expect(await sign(copy, { secret: "k", payload: "é", timestamp: NOW })).toEqual(headers);
    await expect(verify(copy, { secret: "k", payload: "é", headers, now: NOW })).resolves.toMatchObject({ timestamp: NOW });
  });

  it("a verifier of a scheme without a rule fails when it is created, not at the first delivery", () => {
    expect(() => createVerifier({ ...standardWebhooks, readId: undefined } as Scheme, { secret: WHSEC })).toThrow(/has no readId rule/);
  });

  it("a plain copy of a built-in keeps working", async () => {
    for (const [scheme, options] of [
      [github, {}],
      [stripe, {}],
      [standardWebhooks, { secret: WHSEC }],
      [twilio, {}],
      [square, {}],
      [linear, { payload: `{"webhookTimestamp":${NOW * 1000}}` }],
      [jwtBearer, { secret: "k".repeat(32) }],
    ] as [Scheme, Record<string, unknown>][]) {
      const copy = { ...scheme } as Scheme;
      const headers = await headersOf(copy, options);
      const secret = (options.secret as string | undefined) ?? "k";
      const payload = (options.payload as string | undefined) ?? "a=b";
      await expect(verify(copy, { secret, payload, headers, now: NOW, url: URL_SIGNED } as never)).resolves.toMatchObject({ scheme: scheme.name });
    }
  });
});
