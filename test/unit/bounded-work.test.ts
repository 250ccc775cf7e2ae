// Hostile deliveries cost bounded work before authentication: the work is COUNTED (form
// parameters parsed, crypto calls, bytes handed to the crypto provider), never timed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeCrypto } from "../../src/crypto/node.js";
import type { CryptoProvider } from "../../src/crypto/types.js";
import { webCrypto } from "../../src/crypto/web.js";
import { generateKeyPair, sign, standardWebhooks, twilio, verify, WebhookVerificationError } from "../../src/index.js";
import { verifySync, webhookMiddleware } from "../../src/node.js";
import { defineScheme } from "../../src/schemes/define-scheme.js";

const MiB = 1024 * 1024;
const TOKEN = "0123456789abcdef0123456789abcdef";
const URL_SIGNED = "https://example.com/twilio/sms"; // tried as is and with :443: two forms

interface Work {
  calls: Record<string, number>;
  bytes: number;
  /** Every `parts` array handed to ed25519Verify, to see whether the body was joined per call. */
  ed25519Inputs: (readonly Uint8Array[])[];
}

/** A provider that counts what it is asked to do, delegating to `inner`. */
function counting(inner: CryptoProvider): { crypto: CryptoProvider; work: Work } {
  const work: Work = { calls: {}, bytes: 0, ed25519Inputs: [] };
  const count = (op: string, parts: readonly Uint8Array[]) => {
    work.calls[op] = (work.calls[op] ?? 0) + 1;
    for (const part of parts) work.bytes += part.byteLength;
  };
  const crypto: CryptoProvider = {
    ...inner,
    name: `counting ${inner.name}`,
    hmac: (hash, key, parts) => (count("hmac", parts), inner.hmac(hash, key, parts)),
    digest: (hash, parts) => (count("digest", parts), inner.digest(hash, parts)),
    ed25519Sign: (seed, parts) => (count("ed25519Sign", parts), inner.ed25519Sign(seed, parts)),
    ed25519Verify: (publicKey, signature, parts) => {
      count("ed25519Verify", parts);
      work.ed25519Inputs.push(parts);
      return inner.ed25519Verify(publicKey, signature, parts);
    },
  };
  return { crypto, work };
}

/** Counts form parsing: URLSearchParams objects made from a body, and the parameters read from them. */
function countFormParsing() {
  const parsed = { forms: 0, parameters: 0 };
  const Original = globalThis.URLSearchParams;
  class CountingParams extends Original {
    constructor(init?: ConstructorParameters<typeof URLSearchParams>[0]) {
      super(init);
      if (typeof init === "string") parsed.forms++;
    }
    override *[Symbol.iterator](): URLSearchParamsIterator<[string, string]> {
      for (const entry of super[Symbol.iterator]()) {
        parsed.parameters++;
        yield entry;
      }
      return undefined;
    }
  }
  vi.stubGlobal("URLSearchParams", CountingParams);
  return parsed;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A form body of `count` parameters, padded to about `size` bytes. */
function formBody(count: number, size: number): string {
  const valueLength = Math.max(1, Math.floor(size / count) - 9);
  const value = "v".repeat(valueLength);
  const fields: string[] = [];
  for (let i = 0; i < count; i++) fields.push(`p${String(i).padStart(6, "0")}=${value}`);
  return fields.join("&");
}

const bogusTwilioSignature = { "x-twilio-signature": Buffer.alloc(20, 0x5a).toString("base64") }; // well formed, wrong

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof WebhookVerificationError ? error.code : error;
};

describe("Twilio form bodies: parsed once per request, with a bounded number of parameters", () => {
  const hostile = formBody(100_000, MiB - 64); // ~1 MiB, 100,000 parameters

  it("100,000 parameters are refused as malformed_header before any parse, for one hash over the body", async () => {
    expect(hostile.length).toBeLessThanOrEqual(MiB);
    const parsed = countFormParsing();
    for (const inner of [nodeCrypto, webCrypto]) {
      const { crypto, work } = counting(inner);
      expect(await codeOf(verify(twilio, { secret: TOKEN, payload: hostile, headers: bogusTwilioSignature, url: URL_SIGNED, crypto }))).toBe("malformed_header");
      expect(work.calls.hmac ?? 0).toBe(0);
      // The body digest (for bodySHA256) is the only pass over the body the crypto provider makes.
      expect(work.bytes).toBeLessThanOrEqual(hostile.length);
    }
    expect(parsed).toEqual({ forms: 0, parameters: 0 });
  });

  it("through webhookMiddleware on a real server: answered 401 malformed_header, no HMAC computed", async () => {
    const { crypto, work } = counting(nodeCrypto);
    const middleware = webhookMiddleware(twilio, { secret: TOKEN, url: URL_SIGNED, crypto });
    const server: Server = createServer((req, res) => middleware(req, res, () => res.writeHead(204).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/twilio/sms`, {
        method: "POST",
        headers: { ...bogusTwilioSignature, "content-type": "application/x-www-form-urlencoded" },
        body: hostile,
      });
      expect([response.status, await response.json()]).toEqual([401, { error: "malformed_header" }]);
      expect(work.calls.hmac ?? 0).toBe(0);
      expect(work.bytes).toBeLessThanOrEqual(hostile.length);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a form within the bound is parsed once whatever the number of URL forms tried", async () => {
    const body = formBody(1000, MiB - 64);
    const parsed = countFormParsing();
    const { crypto, work } = counting(nodeCrypto);
    expect(await codeOf(verify(twilio, { secret: TOKEN, payload: body, headers: bogusTwilioSignature, url: URL_SIGNED, crypto }))).toBe("no_matching_signature");
    expect(parsed).toEqual({ forms: 1, parameters: 1000 });
    // One HMAC per URL form tried (two here), each over the URL and the parameters once.
    expect(work.calls.hmac).toBe(2);
    expect(work.bytes).toBeLessThanOrEqual(3 * body.length);
  });

  it("1,000 parameters are accepted; 1,001 are refused on verify (malformed_header) and on sign (RangeError)", async () => {
    const fits = formBody(1000, 20_000);
    const headers = await sign(twilio, { secret: TOKEN, payload: fits, url: URL_SIGNED });
    await expect(verify(twilio, { secret: TOKEN, payload: fits, headers, url: URL_SIGNED })).resolves.toMatchObject({ scheme: "twilio" });
    expect(verifySync(twilio, { secret: TOKEN, payload: fits, headers, url: URL_SIGNED })).toMatchObject({ scheme: "twilio" });
    const tooMany = formBody(1001, 20_000);
    expect(await codeOf(verify(twilio, { secret: TOKEN, payload: tooMany, headers, url: URL_SIGNED }))).toBe("malformed_header");
    await expect(sign(twilio, { secret: TOKEN, payload: tooMany, url: URL_SIGNED })).rejects.toBeInstanceOf(RangeError);
  });

  it("a JSON body (bodySHA256 in the URL) is never parsed as a form, however many '&' it holds", async () => {
    const body = JSON.stringify({ text: "&".repeat(5000) });
    const { createHash } = await import("node:crypto");
    const url = `${URL_SIGNED}?bodySHA256=${createHash("sha256").update(body).digest("hex")}`;
    const headers = await sign(twilio, { secret: TOKEN, payload: body, url });
    const parsed = countFormParsing();
    await expect(verify(twilio, { secret: TOKEN, payload: body, headers, url })).resolves.toMatchObject({ scheme: "twilio" });
    expect(parsed.forms).toBe(0);
  });
});

describe("Standard Webhooks v1a: bounded Ed25519 work per key", () => {
  const body = new Uint8Array(MiB).fill(0x61);
  const timestamp = 1_700_000_000;
  const bogus = (n: number) => Array.from({ length: n }, (_, i) => `v1a,${Buffer.alloc(64, i + 1).toString("base64")}`);
  const headersWith = (entries: string[]) => ({ "webhook-id": "msg_1", "webhook-timestamp": String(timestamp), "webhook-signature": entries.join(" ") });

  it("32 bogus v1a entries on 1 MiB cost at most 4 verifications over one joined copy of the message", async () => {
    const { publicKey } = await generateKeyPair();
    for (const inner of [nodeCrypto, webCrypto]) {
      const { crypto, work } = counting(inner);
      const options = { secret: publicKey, payload: body, headers: headersWith(bogus(32)), now: timestamp, crypto };
      expect(await codeOf(verify(standardWebhooks, options))).toBe("no_matching_signature");
      expect(work.calls.ed25519Verify).toBe(4);
      // Each call gets the message as one part, and the same one: it was joined once, not per signature.
      expect(work.ed25519Inputs.every((parts) => parts.length === 1 && parts[0] === work.ed25519Inputs[0]![0])).toBe(true);
      expect(work.bytes).toBeLessThanOrEqual(4 * (body.length + 64));
    }
  });

  it("a genuine signature among the first entries is still found", async () => {
    const { secretKey, publicKey } = await generateKeyPair();
    const signed = await sign(standardWebhooks, { secret: secretKey, payload: body, id: "msg_1", timestamp });
    const headers = headersWith([...bogus(3), signed["webhook-signature"]!]);
    await expect(verify(standardWebhooks, { secret: publicKey, payload: body, headers, now: timestamp })).resolves.toMatchObject({ id: "msg_1" });
  });
});

describe("defineScheme: prepare (per-message work shared by every variant) and maxSecretBytes", () => {
  it("prepare runs once per verification however many variants are tried, and content sees its result", async () => {
    let prepared = 0;
    const acme = defineScheme({
      name: "acmePrepared",
      hash: "SHA-256",
      encoding: "hex",
      signatureHeader: "acme-signature",
      parse: (value) => ({ signatures: [value] }),
      format: ({ signatures }) => signatures[0]!,
      signsUrl: true,
      prepare: ({ body }) => (prepared++, body.length),
      content: ({ url, body, prepared: length }) => [`${url}|${String(length)}|`, body],
      variants: (message) => [1, 2, 3].map((n) => ({ ...message, url: `${message.url}#${n}` })),
    });
    const url = "https://example.com/hook";
    const headers = await sign(acme, { secret: "s", payload: "body", url });
    prepared = 0;
    await expect(verify(acme, { secret: "s", payload: "body", headers, url })).resolves.toMatchObject({ scheme: "acmePrepared" });
    expect(await codeOf(verify(acme, { secret: "s", payload: "body", headers: { "acme-signature": "00".repeat(32) }, url }))).toBe("no_matching_signature");
    expect(prepared).toBe(2);
  });

  it("refuses a prepare that is not a function, and a maxSecretBytes below minSecretBytes", () => {
    const base = {
      name: "acmeChecked",
      hash: "SHA-256",
      encoding: "hex",
      signatureHeader: "acme-signature",
      parse: (value: string) => ({ signatures: [value] }),
      format: ({ signatures }: { signatures: readonly string[] }) => signatures[0]!,
      content: ({ body }: { body: Uint8Array }) => [body],
    } as const;
    expect(() => defineScheme({ ...base, prepare: 1 as never })).toThrow(/prepare must be a function/);
    expect(() => defineScheme({ ...base, minSecretBytes: 32, maxSecretBytes: 16 })).toThrow(/maxSecretBytes must not be smaller/);
    expect(() => defineScheme({ ...base, prepare: () => { throw new Error("boom"); } })).toThrow(/prepare threw/);
  });
});
