// Failure paths found in review: each must end in a typed error, never a hang or a leak.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { defineScheme, generateSecret, github, sign, square, verify } from "../../src/index.js";
import { verifyNodeRequest } from "../../src/node.js";

const secret = generateSecret();

describe("hardening", () => {
  it("a crypto option that is not a provider is a TypeError, not a crash inside", async () => {
    const headers = await sign(github, { secret, payload: "x" });
    await expect(verify(github, { secret, payload: "x", headers, crypto: {} as never })).rejects.toThrow(/CryptoProvider/);
    await expect(sign(github, { secret, payload: "x", crypto: {} as never })).rejects.toThrow(/CryptoProvider/);
  });

  it("defineScheme never echoes a string it was given (it might be a secret)", () => {
    const leaked = "whsec_THIS-IS-A-SECRET-VALUE";
    let message = "";
    try {
      defineScheme({ ...github, name: "oops", secret: leaked as never });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/TypeError/);
    expect(message).not.toContain("THIS-IS-A-SECRET");
  });

  it("a request stream that was destroyed before reading rejects at once instead of hanging", async () => {
    const headers = await sign(github, { secret, payload: "gone" });
    const stream = Object.assign(Readable.from([Buffer.from("gone")]), { headers });
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(verifyNodeRequest(github, stream, { secret })).rejects.toThrow(/aborted or closed/);
  });

  it("URL-signing schemes do not take the host from an absolute-form target, and a bad Host is a typed error", async () => {
    const url = "https://hooks.example.com/square";
    const headers = await sign(square, { secret, payload: "{}", url });
    const request = (target: string, host: string) =>
      Object.assign(Readable.from([Buffer.from("{}")]), { headers: { ...headers, host }, url: target, protocol: "https" });
    // The client names hooks.example.com in the target, but the server is other.example.com.
    await expect(verifyNodeRequest(square, request(url, "other.example.com"), { secret })).rejects.toMatchObject({ code: "no_matching_signature" });
    await expect(verifyNodeRequest(square, request("/square", "hooks.example.com"), { secret })).resolves.toMatchObject({ scheme: "square" });
    await expect(verifyNodeRequest(square, request("/square", "bad host!"), { secret })).rejects.toMatchObject({ code: "malformed_header" });
  });
});
