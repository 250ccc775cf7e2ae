// hubspot: a node:crypto reference written from HubSpot's "Validating requests" (v3): HMAC-SHA256
// of method + URI + body + timestamp (ms), base64; the URI-decoding table; the 5-minute window;
// and the conformance checks. (@hubspot/api-client is not a dev dependency; its Signature.isValid
// computes the same string without the decoding step.)
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hubspot, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const OTHER = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz";
const URL = "https://www.example.com/webhook_uri";
const BODY = '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const MS = NOW * 1000;
const mac = (text: string, secret = SECRET) => createHmac("sha256", secret).update(text).digest("base64");

describePreset({ scheme: hubspot, secret: SECRET, otherSecret: OTHER, payload: BODY, url: URL, tolerance: 300, timestampText: (seconds) => String(seconds * 1000) });

describe("hubspot: the documented v3 algorithm", () => {
  const at = (url: string, signedUri: string, payload = BODY) =>
    verify(hubspot, { secret: SECRET, payload, url, now: NOW, headers: { "X-HubSpot-Signature-v3": mac(`POST${signedUri}${payload}${MS}`), "X-HubSpot-Request-Timestamp": String(MS) } });

  it("X-HubSpot-Signature-v3 is base64(HMAC-SHA256(secret, method + URI + body + timestamp)), timestamp in ms", async () => {
    const headers = await sign(hubspot, { secret: SECRET, payload: BODY, url: URL, timestamp: NOW });
    expect(headers).toEqual({ "x-hubspot-request-timestamp": String(MS), "x-hubspot-signature-v3": mac(`POST${URL}${BODY}${MS}`) });
    await expect(verify(hubspot, { secret: SECRET, payload: BODY, url: URL, headers, now: NOW })).resolves.toEqual({ scheme: "hubspot", timestamp: NOW, secretIndex: 0 });
  });

  it("decodes the characters of HubSpot's table in the URI, in either case, and nothing else", async () => {
    const encoded = "https://www.example.com/webhook_uri?redirect=https%3A%2F%2Fa.example%2Fx%3Fq%40%21%24%27%28%29%2A%2C%3B";
    const decoded = "https://www.example.com/webhook_uri?redirect=https://a.example/x?q@!$'()*,;";
    await expect(at(encoded, decoded)).resolves.toMatchObject({ timestamp: NOW });
    await expect(at(encoded.toLowerCase().replace("https://www", "https://www"), decoded.toLowerCase())).resolves.toBeDefined();
    // %20 and %26 are not in the table: they stay encoded.
    await expect(at(`${URL}?a=b%20c%26d`, `${URL}?a=b%20c%26d`)).resolves.toBeDefined();
    expect(await codeOf(at(`${URL}?a=b%20c`, `${URL}?a=b c`))).toBe("no_matching_signature");
    // Signing the URI without the decoding is not HubSpot's rule.
    expect(await codeOf(at(encoded, encoded))).toBe("no_matching_signature");
  });

  it("the method is POST: a signature over GET is refused", async () => {
    const headers = { "X-HubSpot-Signature-v3": mac(`GET${URL}${MS}`), "X-HubSpot-Request-Timestamp": String(MS) };
    expect(await codeOf(verify(hubspot, { secret: SECRET, payload: "", url: URL, headers, now: NOW }))).toBe("no_matching_signature");
  });

  it("a timestamp in seconds instead of milliseconds is refused as stale; five minutes is the window", async () => {
    const seconds = { "X-HubSpot-Signature-v3": mac(`POST${URL}${BODY}${NOW}`), "X-HubSpot-Request-Timestamp": String(NOW) };
    expect(await codeOf(verify(hubspot, { secret: SECRET, payload: BODY, url: URL, headers: seconds, now: NOW }))).toBe("timestamp_too_old");
    const headers = await sign(hubspot, { secret: SECRET, payload: BODY, url: URL, timestamp: NOW });
    await expect(verify(hubspot, { secret: SECRET, payload: BODY, url: URL, headers, now: NOW + 300 })).resolves.toBeDefined();
    expect(await codeOf(verify(hubspot, { secret: SECRET, payload: BODY, url: URL, headers, now: NOW + 301 }))).toBe("timestamp_too_old");
  });
});
