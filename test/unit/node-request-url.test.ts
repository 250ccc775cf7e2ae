// The URL that URL-signing schemes (Square, Twilio) sign, as verifyNodeRequest rebuilds it from
// a framework's request: Express 4's req.host has no port, Express 5's and Fastify's do.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sign, square, verifyNodeRequest } from "../../src/node.js";

const SECRET = "square-signature-key";
const BODY = '{"event_id":"e1"}';

/** A request shaped like Express's: a readable body stream plus the framework's own fields. */
function expressLike(fields: { host: string; hostHeader: string; protocol?: string }, headers: Record<string, string>) {
  return Object.assign(Readable.from([Buffer.from(BODY)]), {
    headers: { ...headers, host: fields.hostHeader },
    protocol: fields.protocol ?? "http",
    host: fields.host,
    hostname: fields.host.replace(/:[0-9]*$/, ""),
    originalUrl: "/webhooks/square?x=1",
    url: "/square?x=1",
  });
}

describe("verifyNodeRequest: the URL of a framework request", () => {
  it("keeps the port under Express 4, whose req.host is the bare host name", async () => {
    const url = "http://hooks.example.com:8443/webhooks/square?x=1";
    const headers = await sign(square, { secret: SECRET, payload: BODY, url });
    const express4 = expressLike({ host: "hooks.example.com", hostHeader: "hooks.example.com:8443" }, headers);
    await expect(verifyNodeRequest(square, express4, { secret: SECRET })).resolves.toMatchObject({ scheme: "square" });
    // The same with an IPv6 literal and a host name in other case.
    const v6 = "http://[::1]:3000/webhooks/square?x=1";
    const v6Headers = await sign(square, { secret: SECRET, payload: BODY, url: v6 });
    await expect(verifyNodeRequest(square, expressLike({ host: "[::1]", hostHeader: "[::1]:3000" }, v6Headers), { secret: SECRET })).resolves.toBeDefined();
    const mixed = await sign(square, { secret: SECRET, payload: BODY, url: "http://Hooks.Example.com:8443/webhooks/square?x=1" });
    await expect(verifyNodeRequest(square, expressLike({ host: "hooks.example.com", hostHeader: "Hooks.Example.com:8443" }, mixed), { secret: SECRET })).resolves.toBeDefined();
  });

  it("uses the framework's host when it carries a port (Express 5, Fastify) or names another host (a trusted proxy)", async () => {
    const url = "https://hooks.example.com:8443/webhooks/square?x=1";
    const headers = await sign(square, { secret: SECRET, payload: BODY, url });
    const express5 = expressLike({ host: "hooks.example.com:8443", hostHeader: "10.0.0.7:8080", protocol: "https" }, headers);
    await expect(verifyNodeRequest(square, express5, { secret: SECRET })).resolves.toBeDefined();
    // X-Forwarded-Host under trust proxy: the public name wins over the internal Host header.
    const publicUrl = "https://hooks.example.com/webhooks/square?x=1";
    const proxied = await sign(square, { secret: SECRET, payload: BODY, url: publicUrl });
    const behindProxy = expressLike({ host: "hooks.example.com", hostHeader: "10.0.0.7:8080", protocol: "https" }, proxied);
    await expect(verifyNodeRequest(square, behindProxy, { secret: SECRET })).resolves.toBeDefined();
  });
});
