import { utf8 } from "../lib/bytes.js";
import { headerTokenScheme } from "./header-token.js";
import type { Scheme, SecretRule } from "./scheme.js";

// setWebhook's secret_token: 1-256 characters, only A-Z, a-z, 0-9, _ and -. A bot token
// ("123456:ABC-…") has a colon, so giving it here by mistake is refused as invalid_secret.
const telegramSecretToken: SecretRule = {
  describe: "the setWebhook secret_token: 1 to 256 characters of A-Z, a-z, 0-9, _ and - (not the bot token)",
  decode: (secret) => (/^[A-Za-z0-9_-]{1,256}$/.test(secret) ? utf8(secret) : undefined),
};

/**
 * Telegram Bot API webhooks: `X-Telegram-Bot-Api-Secret-Token: <secret_token>`, the token your bot
 * passed to `setWebhook` (1 to 256 characters of `A-Z`, `a-z`, `0-9`, `_` and `-`), sent as is
 * and compared in constant time. **It does NOT protect the body**: it proves the request came
 * from Telegram (over HTTPS), not that an update is new. The bot token is not this secret.
 *
 * Follows the Telegram Bot API, method `setWebhook` (parameter `secret_token`),
 * https://core.telegram.org/bots/api#setwebhook.
 *
 * @example
 * ```ts
 * await verify(telegram, { secret: process.env.TELEGRAM_WEBHOOK_SECRET!, payload: rawBody, headers: request.headers });
 * ```
 */
export const telegram: Scheme<{ timestamp: false; id: false; url: false }> = /* @__PURE__ */ headerTokenScheme("telegram", "x-telegram-bot-api-secret-token", telegramSecretToken, 256);
