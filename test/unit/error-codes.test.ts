// One test per error code verify() can produce today, and no message that leaks.
import { describe, expect, it } from "vitest";
import { github, sign, standardWebhooks, stripe, verify, WebhookVerificationError, type Scheme } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";

const SECRET = "whsec_" + Buffer.alloc(32, 9).toString("base64");
const OTHER = "whsec_" + Buffer.alloc(32, 8).toString("base64");
const NOW = 1_700_000_000;
const BODY = '{"event":"ping"}';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect((error as Error).name).toBe("WebhookVerificationError");
  return (error as WebhookVerificationError).code;
}

const signed = (scheme: Scheme, timestamp = NOW) => sign(scheme, { secret: SECRET, payload: BODY, timestamp });

describe("error codes", () => {
  it("missing_header: no signature header, or an empty one", async () => {
    expect(await codeOf(verify(github, { secret: SECRET, payload: BODY, headers: {} }))).toBe("missing_header");
    expect(await codeOf(verify(stripe, { secret: SECRET, payload: BODY, headers: { "stripe-signature": "  " }, now: NOW }))).toBe("missing_header");
    const headers = await signed(standardWebhooks);
    delete headers["webhook-id"];
    expect(await codeOf(verify(standardWebhooks, { secret: SECRET, payload: BODY, headers, now: NOW }))).toBe("missing_header");
  });

  it("a repeated identical t= is fine, conflicting ones are not", async () => {
    const headers = await signed(stripe);
    const value = headers["stripe-signature"]!;
    const t = value.split(",")[0]!;
    await expect(verify(stripe, { secret: SECRET, payload: BODY, headers: { "stripe-signature": `${t},${value}` }, now: NOW })).resolves.toBeDefined();
    const conflicting = { "stripe-signature": `t=${NOW + 1},${value}` };
    expect(await codeOf(verify(stripe, { secret: SECRET, payload: BODY, headers: conflicting, now: NOW }))).toBe("malformed_header");
  });

  it("malformed_header: unreadable signature, timestamp or id", async () => {
    expect(await codeOf(verify(github, { secret: SECRET, payload: BODY, headers: { "x-hub-signature-256": "sha1=abc" } }))).toBe("malformed_header");
    expect(await codeOf(verify(stripe, { secret: SECRET, payload: BODY, headers: { "stripe-signature": "v1=" + "a".repeat(64) }, now: NOW }))).toBe("malformed_header");
    const headers = await signed(standardWebhooks);
    for (const timestamp of ["-1", "1700000000.0", "17 00", "1e9", "0x10", "17000000000000", "１７"]) {
      const outcome = await codeOf(verify(standardWebhooks, { secret: SECRET, payload: BODY, headers: { ...headers, "webhook-timestamp": timestamp }, now: NOW }));
      expect(outcome, timestamp).toBe("malformed_header");
    }
    const twoIds = { ...headers, "webhook-id": ["a", "b"] };
    expect(await codeOf(verify(standardWebhooks, { secret: SECRET, payload: BODY, headers: twoIds, now: NOW }))).toBe("malformed_header");
  });

  it("no_matching_signature: wrong secret or changed body", async () => {
    const headers = await signed(stripe);
    expect(await codeOf(verify(stripe, { secret: OTHER, payload: BODY, headers, now: NOW }))).toBe("no_matching_signature");
    expect(await codeOf(verify(stripe, { secret: SECRET, payload: BODY + " ", headers, now: NOW }))).toBe("no_matching_signature");
  });

  it("timestamp_too_old and timestamp_too_new, both ways, boundary included", async () => {
    for (const scheme of [stripe, standardWebhooks]) {
      const headers = await signed(scheme);
      const at = (now: number, tolerance?: number) => verify(scheme, { secret: SECRET, payload: BODY, headers, now, tolerance });
      await expect(at(NOW + 300)).resolves.toBeDefined();
      await expect(at(NOW - 300)).resolves.toBeDefined();
      expect(await codeOf(at(NOW + 301))).toBe("timestamp_too_old");
      expect(await codeOf(at(NOW - 301))).toBe("timestamp_too_new");
      expect(await codeOf(at(NOW + 11, 10))).toBe("timestamp_too_old");
      await expect(at(NOW + 10, 10)).resolves.toBeDefined();
    }
  });

  it("the timestamp is checked before any HMAC is computed", async () => {
    const headers = await signed(stripe);
    let macs = 0;
    const counting = { ...nodeCrypto, hmac: (...args: Parameters<typeof nodeCrypto.hmac>) => (macs++, nodeCrypto.hmac(...args)) };
    expect(await codeOf(verify(stripe, { secret: SECRET, payload: BODY, headers, now: NOW + 3600, crypto: counting }))).toBe("timestamp_too_old");
    expect(macs).toBe(0);
    await verify(stripe, { secret: SECRET, payload: BODY, headers, now: NOW, crypto: counting }); // the control: a fresh one costs one
    expect(macs).toBe(1);
  });

  it("invalid_secret: empty, too short, undecodable, or an empty list", async () => {
    const headers = await signed(standardWebhooks);
    const check = (secret: unknown) =>
      codeOf(verify(standardWebhooks, { secret: secret as string, payload: BODY, headers, now: NOW }));
    expect(await check("")).toBe("invalid_secret");
    expect(await check("whsec_")).toBe("invalid_secret");
    expect(await check("whsec_" + Buffer.alloc(23).toString("base64"))).toBe("invalid_secret");
    expect(await check("whsec_not base64!")).toBe("invalid_secret");
    expect(await check([])).toBe("invalid_secret");
    expect(await check([SECRET, ""])).toBe("invalid_secret");
    expect(await check(new Uint8Array(10))).toBe("invalid_secret");
    expect(await codeOf(verify(github, { secret: "", payload: BODY, headers: await signed(github) }))).toBe("invalid_secret");
  });

  it("sign refuses the same bad secrets with RangeError", async () => {
    for (const secret of ["", "whsec_", "whsec_" + Buffer.alloc(23).toString("base64"), "whsec_***"]) {
      await expect(sign(standardWebhooks, { secret, payload: BODY })).rejects.toBeInstanceOf(RangeError);
    }
    await expect(sign(github, { secret: [], payload: BODY })).rejects.toBeInstanceOf(RangeError);
  });
});

describe("messages are safe to log", () => {
  it("no error message, String(error) or JSON of it contains the secret or the expected signature", async () => {
    for (const scheme of [github, stripe, standardWebhooks]) {
      const good = await signed(scheme);
      const expected = good[scheme.signatureHeader]!;
      const macText = expected.replace(/^sha256=/, "").replace(/^t=\d+,v1=/, "").replace(/^v1,/, "");
      const attempts = [
        () => verify(scheme, { secret: SECRET, payload: BODY + "x", headers: good, now: NOW }),
        () => verify(scheme, { secret: [OTHER, SECRET.slice(0, 10)], payload: BODY, headers: good, now: NOW }),
        () => verify(scheme, { secret: SECRET, payload: BODY, headers: { [scheme.signatureHeader]: "garbage" }, now: NOW }),
        () => verify(scheme, { secret: SECRET.slice(0, 8), payload: BODY, headers: good, now: NOW }),
      ];
      if (scheme.timestamp) attempts.push(() => verify(scheme, { secret: SECRET, payload: BODY, headers: good, now: NOW + 9999 }));
      for (const attempt of attempts) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error).toBeInstanceOf(Error);
        const texts = [error!.message, String(error), JSON.stringify(error), error!.stack ?? ""];
        for (const text of texts) {
          expect(text).not.toContain(SECRET);
          expect(text).not.toContain(SECRET.slice(6)); // the base64 key alone
          expect(text).not.toContain(SECRET.slice(0, 8));
          expect(text).not.toContain(macText);
          expect(text).not.toContain(BODY);
        }
      }
    }
  });
});
