// Telegram: X-Telegram-Bot-Api-Secret-Token carries setWebhook's secret_token itself (Bot API,
// setWebhook): 1-256 characters of A-Z, a-z, 0-9, _ and -, compared in constant time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sign, telegram, verify, WebhookVerificationError } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";

const TOKEN = "tg_Secret-Token_0123456789abcdef";
const BODY = '{"update_id":10000,"message":{"message_id":1365,"date":1441645532,"chat":{"id":1111111,"type":"private"},"text":"/start"}}';

describePreset({ scheme: telegram, secret: TOKEN, otherSecret: "another_secret_token", payload: BODY, token: true });

describe("telegram: the secret_token as sent", () => {
  it("X-Telegram-Bot-Api-Secret-Token: <secret_token>", async () => {
    expect(await sign(telegram, { secret: TOKEN, payload: BODY })).toEqual({ "x-telegram-bot-api-secret-token": TOKEN });
    await expect(verify(telegram, { secret: TOKEN, payload: BODY, headers: { "X-Telegram-Bot-Api-Secret-Token": TOKEN } })).resolves.toEqual({ scheme: "telegram", secretIndex: 0 });
  });

  it("any token setWebhook accepts verifies itself and no other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{1,256}$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,256}$/), async (token, other) => {
        fc.pre(token !== other);
        await expect(verify(telegram, { secret: token, payload: BODY, headers: { "x-telegram-bot-api-secret-token": token } })).resolves.toBeDefined();
        expect(await codeOf(verify(telegram, { secret: token, payload: BODY, headers: { "x-telegram-bot-api-secret-token": other } }))).toBe("no_matching_signature");
      }),
      { numRuns: 50 },
    );
  });

  it("a configured secret setWebhook would refuse is invalid_secret, without the secret in the message: the bot token, 257 characters, other characters", async () => {
    for (const secret of ["123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "a".repeat(257), "with space", "ünïcode"]) {
      const error = await verify(telegram, { secret, payload: BODY, headers: { "x-telegram-bot-api-secret-token": "x" } }).catch((e: unknown) => e);
      expect(error, secret).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code).toBe("invalid_secret");
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).toMatch(/not the bot token/);
    }
    await expect(sign(telegram, { secret: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", payload: BODY })).rejects.toThrow(RangeError);
  });

  it("the header's value is compared whole (around it, HTTP's optional whitespace is not part of it): an empty one is missing_header", async () => {
    expect(await codeOf(verify(telegram, { secret: TOKEN, payload: BODY, headers: { "x-telegram-bot-api-secret-token": "" } }))).toBe("missing_header");
    await expect(verify(telegram, { secret: TOKEN, payload: BODY, headers: { "x-telegram-bot-api-secret-token": ` ${TOKEN}\t` } })).resolves.toBeDefined();
    expect(await codeOf(verify(telegram, { secret: TOKEN, payload: BODY, headers: { "x-telegram-bot-api-secret-token": TOKEN + "_" } }))).toBe("no_matching_signature");
  });
});
