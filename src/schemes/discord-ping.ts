// Discord's endpoint check: a signed PING that must be answered with a PONG.
import { asBytes, decoder } from "../lib/bytes.js";


/**
 * The answer to a Discord PING (an interaction of `type` 1), or `undefined` for any other
 * body: Discord checks an interactions endpoint by sending a signed PING and expects the JSON
 * `{"type":1}` (a PONG) back. Call it only on a body `verify(discord, …)` accepted: Discord also
 * sends PINGs with bad signatures, and expects those refused (401).
 *
 * @example
 * ```ts
 * const webhook = await verifyRequest(discord, request, { secret: env.DISCORD_PUBLIC_KEY });
 * const pong = discordPing(webhook.body);
 * if (pong !== undefined) return Response.json(pong);
 * ```
 */
export function discordPing(body: string | Uint8Array | ArrayBuffer): { readonly type: 1 } | undefined {
  const bytes = typeof body === "string" ? undefined : asBytes(body);
  if (typeof body !== "string" && bytes === undefined) throw new TypeError("discordPing(body) takes the raw body: a string, Uint8Array or ArrayBuffer");
  const text = typeof body === "string" ? body : decoder.decode(bytes);
  let interaction: unknown;
  try {
    interaction = JSON.parse(text);
  } catch {
    return undefined;
  }
  return interaction !== null && typeof interaction === "object" && (interaction as { type?: unknown }).type === 1 ? { type: 1 } : undefined;
}
