// The hot path's shortcuts (the signature header read into one object shape, the engine taking
// node:crypto's MAC as it is, header values gathered without a growing array) give exactly what
// the general paths give.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineScheme, github, sign, stripe, verify, WebhookVerificationError } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { builtInCalls } from "../../src/crypto/text-parts.js";
import { webCrypto } from "../../src/crypto/web.js";
import { readSignatureHeader } from "../../src/engine/read-headers.js";
import { headerValues } from "../../src/lib/headers.js";
import { verifySync } from "../../src/node.js";

const outcome = (run: () => unknown): string => {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error instanceof WebhookVerificationError ? `${error.code}: ${error.message}` : String(error);
  }
};

describe("the signature header", () => {
  it("reads as the same fields as the general path does", () => {
    const value = "t=1700000000,v1=" + "ab".repeat(32) + ",v1=" + "cd".repeat(32);
    const one = readSignatureHeader(stripe, { "stripe-signature": value });
    const split = readSignatureHeader(stripe, { "stripe-signature": [value, ""] }); // "" is dropped: one value again
    const two = readSignatureHeader(stripe, { "stripe-signature": [value, "t=1700000000"] });
    expect(one).toEqual({ signatures: ["ab".repeat(32), "cd".repeat(32)], asymmetricSignatures: [], timestamp: "1700000000" });
    expect(split).toEqual(one);
    expect({ ...two, timestamp: two.timestamp }).toEqual(one);
  });

  it("of a scheme whose parse finds nothing, or returns no list, is refused as before", () => {
    const read = (value: string) => (value.startsWith("sig=") ? [value.slice(4)] : undefined);
    for (const parse of [(value: string) => ({ signatures: read(value) ?? [] }), (value: string) => ({ signatures: read(value)! })]) {
      const acme = defineScheme({
        name: "acmeEmpty",
        hash: "SHA-256",
        encoding: "hex",
        signatureHeader: "acme-signature",
        parse,
        format: ({ signatures }) => "sig=" + signatures[0]!,
        content: ({ body }) => [body],
      });
      for (const headers of [{ "acme-signature": "x" }, { "acme-signature": ["x", "y"] }]) {
        expect(outcome(() => verifySync(acme, { secret: "s", payload: "b", headers }))).toBe(
          'malformed_header: The "acme-signature" header has no well-formed acmeEmpty signature.',
        );
      }
    }
  });

  it("with more than 32 signatures is refused", () => {
    const headers = { "stripe-signature": "t=1," + Array.from({ length: 33 }, () => "v1=" + "ab".repeat(32)).join(",") };
    expect(outcome(() => readSignatureHeader(stripe, headers))).toMatch(/^malformed_header: .*more than 32 signatures/);
  });
});

describe("header values", () => {
  it("are a fresh array each time, whatever the shape", () => {
    const record = { "x-a": "1" };
    const first = headerValues(record, "x-a");
    first.push("2");
    expect(headerValues(record, "x-a")).toEqual(["1"]);
    expect(headerValues({ "x-a": ["1", "", "2"], "X-A": "3" }, "x-a")).toEqual(["1", "2", "3"]);
    expect(headerValues({ "x-a": [] }, "x-a")).toEqual([]);
    expect(headerValues(new Headers(), "x-a")).toEqual([]);
  });
});

describe("node:crypto's MAC, taken as it is by the engine", () => {
  it("is the MAC the public hmac() returns, which stays a plain Uint8Array", async () => {
    const key = new TextEncoder().encode("key");
    const parts = ["prefix.", new TextEncoder().encode("body")];
    const internal = builtInCalls(nodeCrypto)!.hmac!("SHA-256", key, parts);
    const expected = createHmac("sha256", key).update("prefix.body").digest();
    expect(Buffer.from(internal).equals(expected)).toBe(true);
    const result = nodeCrypto.hmac("SHA-256", key, [new TextEncoder().encode("prefix.body")]);
    expect(Object.getPrototypeOf(result)).toBe(Uint8Array.prototype);
    expect(Buffer.from(result).equals(expected)).toBe(true);
    expect(builtInCalls(webCrypto)?.hmac).toBeUndefined();
    expect(builtInCalls({ ...nodeCrypto })).toBeUndefined();
  });

  it("signs and verifies as before, on every built-in path", async () => {
    const headers = await sign(github, { secret: "s", payload: "body" });
    expect(headers["x-hub-signature-256"]).toBe("sha256=" + createHmac("sha256", "s").update("body").digest("hex"));
    await expect(verify(github, { secret: "s", payload: "body", headers })).resolves.toMatchObject({ secretIndex: 0 });
    expect(verifySync(github, { secret: ["t", "s"], payload: Buffer.from("body"), headers }).secretIndex).toBe(1);
  });
});
