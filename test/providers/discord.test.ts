// discord: Ed25519 over timestamp + body, against discord-interactions' verifyKey (the official
// helper) both ways, a node:crypto reference written from Discord's docs, every key form, and
// the usual failures, on both adapters.
import { generateKeyPairSync, sign as nodeSign, webcrypto } from "node:crypto";
import { verifyKey } from "discord-interactions";
import { describe, expect, it } from "vitest";
import { discord, discordPing, handshakeResponse, webhookHandler, WebhookVerificationError } from "../../src/index.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { codeOf, NOW } from "./conformance.js";

const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519");
const hexKey = (key = publicKey) => Buffer.from(key.export({ format: "jwk" }).x!, "base64url").toString("hex");
const PRIVATE_PEM = privateKey.export({ format: "pem", type: "pkcs8" }) as string;
const BODY = '{"type":2,"id":"786008729715212338","application_id":"775799577604522054","data":{"name":"ping"}}';
const referenceHeaders = (body: string, timestamp: string, key = privateKey) => ({
  "x-signature-ed25519": nodeSign(null, Buffer.from(timestamp + body), key).toString("hex"),
  "x-signature-timestamp": timestamp,
});

describe.each(adapters)("discord on the $name adapter", ({ crypto }) => {
  const verify = (headers: Record<string, string>, options: Record<string, unknown> = {}) =>
    verifyWith(crypto, discord, { secret: hexKey(), payload: BODY, headers, now: NOW, ...options } as never);

  it("verifies a signature made as Discord documents it, with every form of the public key", async () => {
    const headers = referenceHeaders(BODY, String(NOW));
    const cryptoKey = await webcrypto.subtle.importKey("jwk", publicKey.export({ format: "jwk" }), "Ed25519", true, ["verify"]);
    for (const secret of [hexKey(), hexKey().toUpperCase(), publicKey.export({ format: "pem", type: "spki" }), publicKey.export({ format: "jwk" }), publicKey, cryptoKey]) {
      await expect(verify(headers, { secret })).resolves.toEqual({ scheme: "discord", secretIndex: 0, timestamp: NOW });
    }
  });

  it("signs what discord-interactions' verifyKey accepts, and verifies what it signed", async () => {
    for (const secret of [PRIVATE_PEM, privateKey.export({ format: "jwk" }), privateKey]) {
      const headers = await signWith(crypto, discord, { secret, payload: BODY, timestamp: NOW } as never);
      expect(Object.keys(headers).sort()).toEqual(["x-signature-ed25519", "x-signature-timestamp"]);
      expect(await verifyKey(BODY, headers["x-signature-ed25519"]!, headers["x-signature-timestamp"]!, hexKey())).toBe(true);
      expect(await verifyKey(BODY + " ", headers["x-signature-ed25519"]!, headers["x-signature-timestamp"]!, hexKey())).toBe(false);
      await expect(verify(headers)).resolves.toMatchObject({ timestamp: NOW });
    }
  });

  it("rotation: any configured key may match; secretIndex says which", async () => {
    const headers = referenceHeaders(BODY, String(NOW));
    await expect(verify(headers, { secret: [hexKey(other.publicKey), hexKey()] })).resolves.toMatchObject({ secretIndex: 1 });
    expect(await codeOf(verify(headers, { secret: [hexKey(other.publicKey)] }))).toBe("no_matching_signature");
  });

  it("tampering with the body, the timestamp or the signature fails", async () => {
    const headers = referenceHeaders(BODY, String(NOW));
    expect(await codeOf(verify(headers, { payload: BODY + "\n" }))).toBe("no_matching_signature");
    expect(await codeOf(verify({ ...headers, "x-signature-timestamp": String(NOW - 1) }))).toBe("no_matching_signature");
    const flipped = headers["x-signature-ed25519"].replace(/^./, (c) => (c === "0" ? "1" : "0"));
    expect(await codeOf(verify({ ...headers, "x-signature-ed25519": flipped }))).toBe("no_matching_signature");
  });

  it("stale, future, missing and malformed headers have their codes", async () => {
    expect(await codeOf(verify(referenceHeaders(BODY, String(NOW - 301))))).toBe("timestamp_too_old");
    expect(await codeOf(verify(referenceHeaders(BODY, String(NOW + 301))))).toBe("timestamp_too_new");
    await expect(verify(referenceHeaders(BODY, String(NOW - 301)), { tolerance: 600 })).resolves.toBeDefined();
    const headers = referenceHeaders(BODY, String(NOW));
    expect(await codeOf(verify({ "x-signature-timestamp": String(NOW) }))).toBe("missing_header");
    expect(await codeOf(verify({ "x-signature-ed25519": headers["x-signature-ed25519"] }))).toBe("missing_header");
    for (const bad of ["zz", headers["x-signature-ed25519"].slice(2), headers["x-signature-ed25519"] + "00", "x".repeat(100_000)]) {
      expect(await codeOf(verify({ ...headers, "x-signature-ed25519": bad }))).toBe("malformed_header");
    }
  });

  it("a key of another type, a private key or a malformed key is refused as invalid_secret; a small RSA key is a RangeError", async () => {
    const headers = referenceHeaders(BODY, String(NOW));
    const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
    for (const secret of [p256.export({ format: "pem", type: "spki" }), p256, PRIVATE_PEM, privateKey, privateKey.export({ format: "jwk" }), hexKey().slice(1), "not a key"]) {
      expect(await codeOf(verify(headers, { secret }))).toBe("invalid_secret");
    }
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    await expect(verify(headers, { secret: small })).rejects.toBeInstanceOf(RangeError);
    await expect(verify(headers, { secret: 42 })).rejects.toBeInstanceOf(TypeError);
    const error = await verify(headers, { secret: PRIVATE_PEM }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(PRIVATE_PEM.slice(40, 60));
  });

  it("sign() refuses a public key", async () => {
    await expect(signWith(crypto, discord, { secret: hexKey(), payload: BODY } as never)).rejects.toBeInstanceOf(RangeError);
  });
});

describe("discordPing", () => {
  it("recognises a PING and answers the PONG Discord documents", () => {
    expect(discordPing('{"type":1,"id":"1","application_id":"2"}')).toEqual({ type: 1 });
    expect(discordPing(new TextEncoder().encode('{"type":1}'))).toEqual({ type: 1 });
    for (const other of [BODY, "{", "[]", "null", '{"type":"1"}', "x".repeat(10)]) expect(discordPing(other)).toBeUndefined();
    expect(WebhookVerificationError).toBeDefined();
  });
});

describe("Discord's PING through the helpers", () => {
  const PING = '{"type":1,"id":"1","application_id":"2"}';
  const now = () => String(Math.floor(Date.now() / 1000));
  const request = (body: string, headers: Record<string, string>) => new Request("https://example.com/interactions", { method: "POST", headers, body });

  it("handshakeResponse and webhookHandler answer a signed PING with the PONG, without calling the handler", async () => {
    const timestamp = now();
    const handler = webhookHandler(discord, { secret: hexKey() }, () => expect.fail("the handler must not see a PING"));
    for (const answer of [
      await handshakeResponse(discord, request(PING, referenceHeaders(PING, timestamp)), { secret: hexKey() }),
      await handler(request(PING, referenceHeaders(PING, timestamp))),
    ]) {
      expect(answer?.status).toBe(200);
      expect(answer?.headers.get("content-type")).toBe("application/json");
      expect(await answer?.json()).toEqual({ type: 1 });
    }
  });

  it("a PING with a bad signature is refused with 401, as Discord's own check expects", async () => {
    const timestamp = now();
    const forged = referenceHeaders(PING, timestamp, other.privateKey);
    const handler = webhookHandler(discord, { secret: hexKey() }, () => expect.fail("the handler must not run"));
    const answer = await handler(request(PING, forged));
    expect(answer.status).toBe(401);
    const error = await handshakeResponse(discord, request(PING, forged), { secret: hexKey() }).then(
      () => expect.fail("a forged PING must be refused"),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code).toBe("no_matching_signature");
  });

  it("an ordinary interaction is not a handshake: handshakeResponse resolves undefined and the handler runs", async () => {
    const timestamp = now();
    expect(await handshakeResponse(discord, request(BODY, referenceHeaders(BODY, timestamp)), { secret: hexKey() })).toBeUndefined();
    const handler = webhookHandler(discord, { secret: hexKey() }, (webhook) => Response.json(webhook.json()));
    const answer = await handler(request(BODY, referenceHeaders(BODY, timestamp)));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(JSON.parse(BODY));
  });
});
