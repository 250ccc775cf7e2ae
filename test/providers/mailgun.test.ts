// mailgun: the signature is in the body (JSON webhooks' `signature` object, or the top-level fields
// of a form-encoded route forward), an HMAC-SHA256 of timestamp + token; the rest of the body is
// not signed. A node:crypto reference written from Mailgun's "Securing Webhooks" builds every
// delivery (Mailgun ships no verifier for Node), on both adapters and the sync driver.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineScheme, mailgun, memoryReplayStore, sign } from "../../src/index.js";
import { verifySync } from "../../src/node.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { codeOf, NOW } from "./conformance.js";

const KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
const OTHER = "key-0000000000000000000000000000000";
const TOKEN = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123";
const mac = (timestamp: string | number, token: string, key = KEY) => createHmac("sha256", key).update(`${timestamp}${token}`).digest("hex");

function jsonBody(fields: Record<string, unknown> = {}, eventData: object = { event: "delivered", id: "CPgfbmQMTCKtHW6uIWtuVe" }): string {
  return JSON.stringify({ signature: { token: TOKEN, timestamp: String(NOW), signature: mac(NOW, TOKEN), ...fields }, "event-data": eventData });
}

const formBody = (fields: Record<string, string> = {}) =>
  new URLSearchParams({ recipient: "bob@example.com", sender: "alice@example.com", subject: "Hi", "body-plain": "Hello & bye", timestamp: String(NOW), token: TOKEN, signature: mac(NOW, TOKEN), ...fields }).toString();

describe.each(adapters)("mailgun on the $name adapter", ({ crypto }) => {
  const verify = (payload: string | Uint8Array, options: { secret?: string | string[]; now?: number; tolerance?: number; replay?: ReturnType<typeof memoryReplayStore> } = {}) =>
    verifyWith(crypto, mailgun, { secret: options.secret ?? KEY, payload, headers: {}, now: options.now ?? NOW, ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }), ...(options.replay ? { replay: options.replay } : {}) });

  it("a JSON webhook verifies: Verified.timestamp is its timestamp, Verified.id its token", async () => {
    await expect(verify(jsonBody())).resolves.toEqual({ scheme: "mailgun", timestamp: NOW, id: TOKEN, secretIndex: 0 });
    await expect(verify(new TextEncoder().encode(jsonBody()))).resolves.toMatchObject({ id: TOKEN });
    await expect(verify(jsonBody({ timestamp: NOW }))).resolves.toMatchObject({ timestamp: NOW });
  });

  it("a form-encoded route forward verifies from its top-level fields", async () => {
    await expect(verify(formBody())).resolves.toEqual({ scheme: "mailgun", timestamp: NOW, id: TOKEN, secretIndex: 0 });
  });

  it("THE BODY IS NOT SIGNED: changed event data still verifies (use a replay store keyed on the token)", async () => {
    await expect(verify(jsonBody({}, { event: "failed", severity: "permanent" }))).resolves.toMatchObject({ id: TOKEN });
    await expect(verify(formBody({ subject: "Changed" }))).resolves.toMatchObject({ id: TOKEN });
  });

  it("with a replay store, the token can be used once: other event data under a captured signature is refused", async () => {
    const replay = memoryReplayStore();
    await expect(verify(jsonBody(), { replay })).resolves.toMatchObject({ id: TOKEN });
    expect(await codeOf(verify(jsonBody({}, { event: "complained" }), { replay }))).toBe("replayed");
  });

  it("a changed timestamp, token or signature, or another key, is no_matching_signature; rotation reports the key", async () => {
    expect(await codeOf(verify(jsonBody({ timestamp: String(NOW + 1) })))).toBe("no_matching_signature");
    expect(await codeOf(verify(jsonBody({ token: TOKEN.replace("e0", "e1") })))).toBe("no_matching_signature");
    expect(await codeOf(verify(jsonBody({ signature: mac(NOW, TOKEN, OTHER) })))).toBe("no_matching_signature");
    expect(await codeOf(verify(jsonBody(), { secret: OTHER }))).toBe("no_matching_signature");
    await expect(verify(jsonBody(), { secret: [OTHER, KEY] })).resolves.toMatchObject({ secretIndex: 1 });
  });

  it("a subaccount's delivery verifies under the parent account's key through parent-signature", async () => {
    const body = jsonBody({ signature: mac(NOW, TOKEN, "subaccount-key"), "parent-signature": mac(NOW, TOKEN, OTHER) });
    await expect(verify(body, { secret: OTHER })).resolves.toMatchObject({ id: TOKEN });
    await expect(verify(body, { secret: "subaccount-key" })).resolves.toMatchObject({ id: TOKEN });
    expect(await codeOf(verify(body))).toBe("no_matching_signature");
  });

  it("timestamps: ±300 s accepted by default, a second more refused both ways; the tolerance option wins", async () => {
    await expect(verify(jsonBody(), { now: NOW + 300 })).resolves.toBeDefined();
    await expect(verify(jsonBody(), { now: NOW - 300 })).resolves.toBeDefined();
    expect(await codeOf(verify(jsonBody(), { now: NOW + 301 }))).toBe("timestamp_too_old");
    expect(await codeOf(verify(jsonBody(), { now: NOW - 301 }))).toBe("timestamp_too_new");
    await expect(verify(jsonBody(), { now: NOW + 3600, tolerance: 3600 })).resolves.toBeDefined();
  });

  it("no signature is missing_header; a body that is not Mailgun's is malformed_header", async () => {
    expect(await codeOf(verify(JSON.stringify({ signature: { timestamp: String(NOW), token: TOKEN } })))).toBe("missing_header");
    expect(await codeOf(verify(formBody().replace(/&signature=[0-9a-f]+/, "")))).toBe("missing_header");
    const malformed = [
      JSON.stringify({ "event-data": {} }),
      JSON.stringify({ signature: "abc" }),
      jsonBody({ timestamp: "17e8" }),
      jsonBody({ timestamp: -1 }),
      jsonBody({ timestamp: "1700000000.5" }),
      jsonBody({ token: "" }),
      jsonBody({ token: "has space" }),
      jsonBody({ token: "x".repeat(257) }),
      jsonBody({ signature: "not hex" }),
      jsonBody({ signature: mac(NOW, TOKEN).slice(2) }),
      "{ not json",
      `${formBody()}&token=${TOKEN}`,
      "--boundary\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n--boundary--",
      `${"a=1&".repeat(1000)}${formBody()}`,
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ];
    for (const body of malformed) expect(await codeOf(verify(body)), String(body).slice(0, 60)).toBe("malformed_header");
  });

  it("the multipart refusal says how to verify instead, and no message repeats the signature", async () => {
    const error = await verify("--b\r\n\r\n--b--").catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/URLSearchParams/);
    const wrong = await verify(jsonBody(), { secret: OTHER }).catch((e: unknown) => e as Error);
    expect((wrong as Error).message).not.toContain(mac(NOW, TOKEN));
    expect((wrong as Error).message).not.toContain(KEY);
  });

  it("sign() cannot write a signature into the body: a TypeError (a RangeError first for a blank secret)", async () => {
    await expect(sign(mailgun, { secret: KEY, payload: jsonBody() })).rejects.toThrow(TypeError);
    await expect(sign(mailgun, { secret: " ", payload: jsonBody() })).rejects.toThrow(RangeError);
    expect(await codeOf(verify(jsonBody(), { secret: "" }))).toBe("invalid_secret");
  });
});

describe("mailgun: the sync driver and defineScheme's checks", () => {
  it("verifySync agrees", () => {
    expect(verifySync(mailgun, { secret: KEY, payload: jsonBody(), headers: {}, now: NOW })).toEqual({ scheme: "mailgun", timestamp: NOW, id: TOKEN, secretIndex: 0 });
  });

  it("the built-in is what defineScheme makes of it", () => {
    // textContent aside: defineScheme() gives every HMAC scheme one; a token rule reads the body's bytes.
    expect({ ...defineScheme({ ...mailgun }), textContent: undefined }).toEqual({ ...mailgun, textContent: undefined });
  });
});
