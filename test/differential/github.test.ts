// hookseal's `github` scheme against @octokit/webhooks-methods, in both directions.
import { createHmac } from "node:crypto";
import { sign as octokitSign, verify as octokitVerify, verifyWithFallback } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { github, sign, verify, WebhookVerificationError } from "../../src/index.js";
import { sign as webSign, verify as webVerify } from "../../src/web.js";
import { signSync, verifySync } from "../../src/node.js";
import {
  asForm,
  asciiText,
  bytesForm,
  bytesPayload,
  headerShape,
  NUM_RUNS,
  rejectEverywhere,
  roundTripsUtf8,
  sameBytes,
  sameHmacKey,
  shaped,
  signEverywhere,
  tamper,
  tamperBytes,
  tamperText,
  textPayload,
  unicodeText,
  utf16Text,
  utf8,
  verifyEverywhere,
} from "./helpers.js";

const HEADER = "x-hub-signature-256";

/**
 * GitHub secrets are free text: ASCII, Unicode, lone surrogates, and long ones (not in Web
 * Crypto's key cache). Not only whitespace: hookseal refuses such a secret (invalid_secret),
 * octokit does not.
 */
const secret = fc
  .oneof(
    asciiText({ minLength: 1, maxLength: 64 }),
    unicodeText({ minLength: 1, maxLength: 64 }),
    utf16Text({ minLength: 1, maxLength: 32 }),
    asciiText({ minLength: 513, maxLength: 700 }),
  )
  .filter((text) => text.trim() !== "");

/** Two secrets that are different HMAC keys: their UTF-8 bytes differ (two strings can share bytes when lone surrogates become U+FFFD), and by more than trailing zero bytes (see sameHmacKey). */
const twoSecrets = fc.tuple(secret, secret).filter(([a, b]) => !sameHmacKey(a, b));

describe("github: @octokit/webhooks-methods signs, hookseal verifies", () => {
  it("accepts octokit's signature on every adapter, header shape and payload representation", async () => {
    await fc.assert(
      fc.asyncProperty(secret, textPayload(1), headerShape, bytesForm, async (key, payload, shape, form) => {
        const signature = await octokitSign(key, payload);
        expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
        const headers = shaped({ [HEADER]: signature }, shape);

        // The payload as the string octokit signed, and as its UTF-8 bytes (what a server reads off the wire).
        expect(await verifyEverywhere(github, { secret: key, payload, headers })).toEqual({ scheme: "github", secretIndex: 0 });
        const bytes = asForm(utf8(payload), form);
        expect(await verifyEverywhere(github, { secret: key, payload: bytes, headers })).toEqual({ scheme: "github", secretIndex: 0 });
        // A byte secret is the string secret's UTF-8 bytes.
        expect(await verifyEverywhere(github, { secret: utf8(key), payload, headers })).toEqual({ scheme: "github", secretIndex: 0 });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rejects a tampered body, as octokit does", async () => {
    await fc.assert(
      fc.asyncProperty(secret, textPayload(1), tamper, async (key, payload, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(tampered !== "" && !sameBytes(tampered, payload)); // octokit refuses an empty payload
        const signature = await octokitSign(key, payload);
        const headers = { [HEADER]: signature };

        expect(await octokitVerify(key, tampered, signature)).toBe(false);
        await rejectEverywhere(github, { secret: key, payload: tampered, headers }, "no_matching_signature");
        await rejectEverywhere(github, { secret: key, payload: utf8(tampered), headers }, "no_matching_signature");
        // Untampered still passes on both sides: the rejection is about the body.
        expect(await octokitVerify(key, payload, signature)).toBe(true);
        await expect(verify(github, { secret: key, payload, headers })).resolves.toMatchObject({ secretIndex: 0 });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("rejects under the wrong secret, as octokit does", async () => {
    await fc.assert(
      fc.asyncProperty(twoSecrets, textPayload(1), async ([right, wrong], payload) => {
        const signature = await octokitSign(right, payload);
        expect(await octokitVerify(wrong, payload, signature)).toBe(false);
        await rejectEverywhere(github, { secret: wrong, payload, headers: { [HEADER]: signature } }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("finds the matching secret among several, like octokit's verifyWithFallback", async () => {
    await fc.assert(
      fc.asyncProperty(twoSecrets, textPayload(1), async ([old, current], payload) => {
        const signature = await octokitSign(current, payload);
        expect(await verifyWithFallback(old, payload, signature, [current])).toBe(true);
        const headers = { [HEADER]: signature };
        expect(await verifyEverywhere(github, { secret: [old, current], payload, headers })).toEqual({ scheme: "github", secretIndex: 1 });
        expect(await verifyEverywhere(github, { secret: [current, old], payload, headers })).toEqual({ scheme: "github", secretIndex: 0 });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("github: secrets that differ only in trailing zero bytes", () => {
  // Why twoSecrets compares HMAC keys, not bytes: such a pair is one key to HMAC (RFC 2104 pads
  // the key with zeros), for octokit and hookseal alike, so it is not a "wrong secret".
  it("are one HMAC key: each verifies the other's signature, and sameHmacKey says so", async () => {
    const payload = '{"zen":"Keep it logically awesome."}';
    const signature = await octokitSign("\x04", payload);
    expect(await octokitVerify("\x04\0", payload, signature)).toBe(true);
    expect(await verifyEverywhere(github, { secret: "\x04\0", payload, headers: { [HEADER]: signature } })).toEqual({ scheme: "github", secretIndex: 0 });
    expect(sameBytes("\x04", "\x04\0")).toBe(false);
    expect(sameHmacKey("\x04", "\x04\0")).toBe(true);
    expect(sameHmacKey("\x04", "\0\x04")).toBe(false);
    expect(sameHmacKey("k".repeat(65), "k".repeat(65) + "\0")).toBe(false); // keys past 64 bytes are hashed first
    await rejectEverywhere(github, { secret: "\0\x04", payload, headers: { [HEADER]: signature } }, "no_matching_signature");
  });
});

describe("github: hookseal signs, @octokit/webhooks-methods verifies", () => {
  it("produces exactly octokit's header, which octokit accepts (string and byte payloads, every adapter)", async () => {
    await fc.assert(
      fc.asyncProperty(secret, textPayload(1), bytesForm, async (key, payload, form) => {
        const expected = await octokitSign(key, payload);

        const fromString = await signEverywhere(github, { secret: key, payload });
        expect(Object.keys(fromString)).toEqual([HEADER]);
        expect(fromString[HEADER]).toBe(expected);
        expect(await octokitVerify(key, payload, fromString[HEADER]!)).toBe(true);

        const fromBytes = await signEverywhere(github, { secret: utf8(key), payload: asForm(utf8(payload), form) });
        expect(fromBytes).toEqual(fromString);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("octokit rejects hookseal's signature on a tampered body", async () => {
    await fc.assert(
      fc.asyncProperty(secret, textPayload(1), tamper, async (key, payload, [how, position, char]) => {
        const tampered = tamperText(payload, how, position, char);
        fc.pre(tampered !== "" && !sameBytes(tampered, payload)); // octokit refuses an empty payload
        const headers = await sign(github, { secret: key, payload });
        expect(await octokitVerify(key, payload, headers[HEADER]!)).toBe(true);
        expect(await octokitVerify(key, tampered, headers[HEADER]!)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("refuses to sign with several secrets (one signature per header)", async () => {
    await fc.assert(
      fc.asyncProperty(twoSecrets, textPayload(1), async ([a, b], payload) => {
        await expect(sign(github, { secret: [a, b], payload })).rejects.toThrow(TypeError);
        await expect(webSign(github, { secret: [a, b], payload })).rejects.toThrow(TypeError);
        expect(() => signSync(github, { secret: [a, b], payload })).toThrow(TypeError);
      }),
      { numRuns: 10 },
    );
  });
});

describe("github: raw bytes octokit cannot take (it accepts strings only)", () => {
  // octokit hashes strings as UTF-8, so for bytes that are not UTF-8 the reference is node:crypto itself.
  it("signs arbitrary bytes like createHmac does, identically on every adapter, and detects a flipped bit", async () => {
    await fc.assert(
      fc.asyncProperty(secret, bytesPayload, bytesForm, fc.nat(), fc.nat(), async (key, bytes, form, position, mask) => {
        const headers = await signEverywhere(github, { secret: key, payload: asForm(bytes, form) });
        expect(headers[HEADER]).toBe("sha256=" + createHmac("sha256", key).update(bytes).digest("hex"));
        if (bytes.length > 0 && roundTripsUtf8(bytes)) {
          // Valid UTF-8: octokit can take it as the decoded string.
          expect(await octokitVerify(key, Buffer.from(bytes).toString("utf8"), headers[HEADER]!)).toBe(true);
        }
        expect(await verifyEverywhere(github, { secret: key, payload: asForm(bytes, form), headers })).toEqual({ scheme: "github", secretIndex: 0 });
        const flipped = tamperBytes(bytes, position, mask);
        await rejectEverywhere(github, { secret: key, payload: asForm(flipped, form), headers }, "no_matching_signature");
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("github: entry points", () => {
  it("the web entry point and the sync variant agree with octokit on one delivery", async () => {
    const payload = JSON.stringify({ zen: "Design for failure.", hook_id: Date.now() });
    const key = `secret-${Math.random()}`;
    const signature = await octokitSign(key, payload);
    const headers = { [HEADER]: signature };
    await expect(webVerify(github, { secret: key, payload, headers })).resolves.toEqual({ scheme: "github", secretIndex: 0 });
    expect(verifySync(github, { secret: key, payload, headers })).toEqual({ scheme: "github", secretIndex: 0 });
    expect(signSync(github, { secret: key, payload })[HEADER]).toBe(signature);
    await expect(webSign(github, { secret: key, payload })).resolves.toEqual({ [HEADER]: signature });
    const error = await verify(github, { secret: key, payload: payload + "\n", headers }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).code).toBe("no_matching_signature");
  });
});
