// jwks(): a real HTTP server on 127.0.0.1 plays the issuer. Caching, rotation, cooldown,
// timeouts, bad answers and floods of unknown kids; every failure must be a KeySetError.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { jwks, MAX_KEY_SET_BYTES, MAX_KEY_SET_KEYS } from "../../src/keys/jwks.js";
import { KeySetError } from "../../src/keys/key-set-error.js";
import { startKeySetServer, type KeySetServer } from "./key-set-server.js";

const ecJwk = (kid: string): JsonWebKey & { kid: string } => ({
  ...(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as JsonWebKey),
  kid,
  alg: "ES256",
  use: "sig",
});
const K1 = ecJwk("k1");
const K2 = ecJwk("k2");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function keySetError(promise: unknown): Promise<KeySetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KeySetError);
    return error as KeySetError;
  }
  throw new Error("expected a KeySetError, but the lookup succeeded");
}

let server: KeySetServer;
beforeAll(async () => {
  server = await startKeySetServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.serve({ keys: [K1] });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Stops the clock jwks() reads (Date only: sockets and timers keep running): "within the
 * cooldown" must not depend on how fast a loaded machine gets from one lookup to the next.
 * Returns a function that moves the clock on by some milliseconds.
 */
function stopClock(): (ms: number) => void {
  vi.useFakeTimers({ toFake: ["Date"] });
  return (ms) => vi.setSystemTime(Date.now() + ms);
}

describe("jwks(url, options): configuration", () => {
  it("accepts https: and loopback http: URLs", () => {
    for (const url of ["https://auth.example.com/.well-known/jwks.json", "http://127.0.0.1:8080/k", "http://localhost/k", "http://[::1]:9/k", "http://127.9.9.9/k"]) {
      expect(jwks(url).url).toBe(new URL(url).href);
    }
  });

  it("refuses plain http: elsewhere, other protocols, credentials and non-URLs", () => {
    for (const url of ["http://auth.example.com/jwks", "http://127.0.0.1.evil.com/k", "http://localhost.evil.com/k", "http://10.0.0.1/k", "ftp://auth.example.com/k", "file:///etc/jwks.json", "https://user:pw@auth.example.com/k"]) {
      expect(() => jwks(url), url).toThrow(RangeError);
    }
    for (const url of ["/relative/jwks.json", "not a url", 42, undefined]) {
      expect(() => jwks(url as string), String(url)).toThrow(TypeError);
    }
  });

  it("checks its options at once", () => {
    const url = "https://auth.example.com/jwks";
    expect(() => jwks(url, { maxAge: -1 })).toThrow(RangeError);
    expect(() => jwks(url, { cooldown: Infinity })).toThrow(RangeError);
    expect(() => jwks(url, { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => jwks(url, { maxAge: "600" as unknown as number })).toThrow(TypeError);
    expect(() => jwks(url, { fetch: "fetch" as unknown as typeof fetch })).toThrow(TypeError);
    expect(() => jwks(url, null as unknown as object)).toThrow(TypeError);
  });

  it("fetches nothing until a key is looked up", async () => {
    jwks(server.url);
    await sleep(20);
    expect(server.requests).toBe(0);
  });
});

describe("jwks: caching and rotation", () => {
  it("fetches once and answers from the cache for maxAge (synchronously)", async () => {
    const keys = jwks(server.url);
    expect(await keys.lookup("k1")).toEqual([K1]);
    const again = keys.lookup("k1");
    expect(Array.isArray(again)).toBe(true); // no promise: a cached set costs no fetch and no tick
    expect(again).toEqual([K1]);
    expect(keys.lookup(undefined)).toEqual([K1]);
    expect(server.requests).toBe(1);
  });

  it("fetches again after maxAge", async () => {
    const keys = jwks(server.url, { maxAge: 0.1, cooldown: 0 });
    await keys.lookup("k1");
    await sleep(130);
    server.serve({ keys: [K2] });
    expect(await keys.lookup("k2")).toEqual([K2]);
    expect(server.requests).toBe(2);
    expect(await keys.lookup("k1")).toEqual([]); // the new set replaced the old one (one more look, cooldown 0)
    expect(server.requests).toBe(3);
  });

  it("rotation: a new kid is fetched on first sight once the cooldown has passed", async () => {
    const advance = stopClock();
    const keys = jwks(server.url, { cooldown: 0.1 });
    await keys.lookup("k1");
    server.serve({ keys: [K1, K2] });
    advance(99);
    expect(await keys.lookup("k2")).toEqual([]); // within the cooldown: no fetch, no such key yet
    expect(server.requests).toBe(1);
    advance(1);
    expect(await keys.lookup("k2")).toEqual([K2]);
    expect(server.requests).toBe(2);
    expect(await keys.lookup("k1")).toEqual([K1]);
    expect(server.requests).toBe(2);
  });

  it("several keys with one kid are all returned", async () => {
    const twin = { ...K2, kid: "k1" };
    server.serve({ keys: [K1, twin] });
    expect(await jwks(server.url).lookup("k1")).toEqual([K1, twin]);
  });

  it("a set with hundreds of keys: every kid is found after one fetch", async () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ ...K1, kid: `key-${index}` }));
    server.serve({ keys: many });
    const keys = jwks(server.url);
    for (let index = 0; index < many.length; index++) expect(await keys.lookup(`key-${index}`)).toEqual([many[index]]);
    expect(server.requests).toBe(1);
  });

  it("a flood of random kids causes at most one fetch per cooldown, concurrent lookups sharing it", async () => {
    const keys = jwks(server.url, { cooldown: 0.3 });
    const started = Date.now(); // before the first fetch: every later one is at least a cooldown after it
    await keys.lookup("k1");
    let refused = 0;
    // 1,500 tokens with made-up kids over ~0.9 s, in bursts of 100 concurrent lookups.
    for (let burst = 0; burst < 15; burst++) {
      const answers = await Promise.all(Array.from({ length: 100 }, () => keys.lookup(`random-${Math.random()}`)));
      refused += answers.filter((found) => found.length === 0).length;
      await sleep(60);
    }
    const cooldowns = Math.ceil((Date.now() - started) / 300);
    expect(refused).toBe(1500);
    expect(server.requests).toBeGreaterThanOrEqual(2); // it did look again…
    expect(server.requests).toBeLessThanOrEqual(1 + cooldowns); // …at most once per cooldown
  });

  it("concurrent first lookups share one fetch", async () => {
    server.handle((_req, res) => setTimeout(() => res.writeHead(200).end(JSON.stringify({ keys: [K1] })), 50));
    const keys = jwks(server.url);
    const answers = await Promise.all(Array.from({ length: 50 }, () => keys.lookup("k1")));
    expect(answers.every((found) => found.length === 1)).toBe(true);
    expect(server.requests).toBe(1);
  });
});

describe("jwks: failing closed", () => {
  it("server down (nothing listens): KeySetError", async () => {
    // port 1 (tcpmux), which nothing serves: a port freed by closing a server may meanwhile be taken by another test file's listen(0).
    const url = "http://127.0.0.1:1/.well-known/jwks.json";
    const error = await keySetError(jwks(url).lookup("k1"));
    expect(error.message).toContain("could not be fetched");
  });

  // The server answers after LATE_MS, long after the 150 ms timeout; the bound leaves a loaded
  // machine seconds of slack while still telling the timeout from the late answer.
  const LATE_MS = 10_000;
  const later = (res: import("node:http").ServerResponse, answer: () => void) => {
    const timer = setTimeout(answer, LATE_MS);
    res.on("close", () => clearTimeout(timer)); // the client gave up (or the server closed)
  };

  it("slow headers: KeySetError after timeoutMs, and the server's late answer changes nothing", async () => {
    server.handle((_req, res) => later(res, () => res.writeHead(200).end(JSON.stringify({ keys: [K1] }))));
    const keys = jwks(server.url, { timeoutMs: 150, cooldown: 10 });
    const started = Date.now();
    const error = await keySetError(keys.lookup("k1"));
    expect(Date.now() - started).toBeLessThan(LATE_MS / 2);
    expect(error.message).toContain("150 ms");
    await keySetError(keys.lookup("k1")); // within the cooldown: the same failure, no new fetch
    expect(server.requests).toBe(1);
  });

  it("slow body (headers at once, the rest trickles): KeySetError after timeoutMs", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"keys":[');
      later(res, () => res.end("]}"));
    });
    const started = Date.now();
    expect((await keySetError(jwks(server.url, { timeoutMs: 150 }).lookup("k1"))).message).toContain("150 ms");
    expect(Date.now() - started).toBeLessThan(LATE_MS / 2);
  });

  it("an injected fetch that never settles and ignores its signal still times out", async () => {
    const hanging = (() => new Promise(() => {})) as unknown as typeof fetch;
    await keySetError(jwks("https://auth.example.com/jwks", { fetch: hanging, timeoutMs: 50 }).lookup("k1"));
  });

  it.each([
    ["HTTP 500", (res: import("node:http").ServerResponse) => res.writeHead(500).end("oops"), "HTTP 500"],
    ["HTTP 404", (res: import("node:http").ServerResponse) => res.writeHead(404).end(), "HTTP 404"],
    ["a redirect (not followed)", (res: import("node:http").ServerResponse) => res.writeHead(302, { location: "http://127.0.0.1:1/x" }).end(), "HTTP 302"],
    ["junk", (res: import("node:http").ServerResponse) => res.writeHead(200).end("<html>not json"), "not JSON"],
    ["JSON without keys", (res: import("node:http").ServerResponse) => res.writeHead(200).end('{"kty":"EC"}'), "no \"keys\" array"],
    ["keys not an array", (res: import("node:http").ServerResponse) => res.writeHead(200).end('{"keys":{"0":{}}}'), "no \"keys\" array"],
    ["a key that is not an object", (res: import("node:http").ServerResponse) => res.writeHead(200).end('{"keys":["k1"]}'), "not an object"],
    ["null", (res: import("node:http").ServerResponse) => res.writeHead(200).end("null"), "no \"keys\" array"],
    ["invalid UTF-8", (res: import("node:http").ServerResponse) => res.writeHead(200).end(Buffer.from([0x7b, 0xff, 0x7d])), "UTF-8"],
  ])("%s: KeySetError, nothing accepted", async (_name, answer, message) => {
    server.handle((_req, res) => answer(res));
    const error = await keySetError(jwks(server.url).lookup("k1"));
    expect(error.message).toContain(message);
  });

  it("an answer larger than the bound is refused, declared or not", async () => {
    const big = JSON.stringify({ keys: [K1], pad: "x".repeat(MAX_KEY_SET_BYTES) });
    server.serve(big);
    expect((await keySetError(jwks(server.url).lookup("k1"))).message).toContain("larger than");
    server.handle((_req, res) => {
      res.writeHead(200); // chunked: no content-length to go by
      for (let i = 0; i < big.length; i += 65536) res.write(big.slice(i, i + 65536));
      res.end();
    });
    expect((await keySetError(jwks(server.url).lookup("k1"))).message).toContain("larger than");
  });

  it(`more than ${MAX_KEY_SET_KEYS} keys are refused whole`, async () => {
    server.serve({ keys: Array.from({ length: MAX_KEY_SET_KEYS + 1 }, (_, index) => ({ kty: "EC", kid: String(index) })) });
    expect((await keySetError(jwks(server.url).lookup("1"))).message).toContain("more than");
  });

  it("a failed refetch of an expired set fails closed (the stale keys are not used)", async () => {
    const keys = jwks(server.url, { maxAge: 0.05, cooldown: 0 });
    expect(await keys.lookup("k1")).toEqual([K1]);
    server.handle((_req, res) => res.writeHead(503).end());
    await sleep(70);
    await keySetError(keys.lookup("k1"));
  });

  it("a failed fetch is retried only after the cooldown, then recovers", async () => {
    const advance = stopClock();
    server.handle((_req, res) => res.writeHead(500).end());
    const keys = jwks(server.url, { cooldown: 0.1 });
    const first = await keySetError(keys.lookup("k1"));
    advance(99);
    expect(await keySetError(keys.lookup("k1"))).toBe(first);
    expect(server.requests).toBe(1);
    server.serve({ keys: [K1] });
    advance(1);
    expect(await keys.lookup("k1")).toEqual([K1]);
    expect(server.requests).toBe(2);
  });

  it("a refetch for an unknown kid that fails is a KeySetError (503), while known kids keep working", async () => {
    const keys = jwks(server.url, { cooldown: 0 });
    await keys.lookup("k1");
    server.handle((_req, res) => res.writeHead(500).end());
    await keySetError(keys.lookup("k2"));
    expect(await keys.lookup("k1")).toEqual([K1]);
  });

  it("uses the injected fetch, with a signal, without following redirects", async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const fake = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return Response.json({ keys: [K1] });
    }) as unknown as typeof fetch;
    expect(await jwks("https://auth.example.com/jwks?x=1", { fetch: fake }).lookup("k1")).toEqual([K1]);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe("https://auth.example.com/jwks?x=1");
    expect(calls[0]![1]!.signal).toBeInstanceOf(AbortSignal);
    expect(calls[0]![1]!.redirect).toBe("manual");
  });

  it("errors name the set's origin and path, never its query", async () => {
    const fake = (async () => new Response("", { status: 500 })) as unknown as typeof fetch;
    const error = await keySetError(jwks("https://auth.example.com/jwks?token=s3cret", { fetch: fake }).lookup("k1"));
    expect(error.message).toContain("https://auth.example.com/jwks");
    expect(error.message).not.toContain("s3cret");
  });
});
