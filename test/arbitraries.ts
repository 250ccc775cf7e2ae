// fast-check generators shared by the property suites.
import fc from "fast-check";
import { github, standardWebhooks, stripe } from "../src/index.js";

export const schemes = [
  { name: "github", scheme: github },
  { name: "stripe", scheme: stripe },
  { name: "standardWebhooks", scheme: standardWebhooks },
] as const;

/** Raw bodies of every kind a sender might send: text, unicode, bytes, empty. */
export const payload = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.uint8Array({ maxLength: 2048 }),
  fc.constant(""),
  fc.jsonValue().map((value) => JSON.stringify(value)),
);

/** A secret valid for every scheme: "whsec_" + base64 of 24 to 64 random bytes. */
export const secret = fc
  .uint8Array({ minLength: 24, maxLength: 64 })
  .map((bytes) => "whsec_" + Buffer.from(bytes).toString("base64"));

/** Unix seconds between 2001 and 2286. */
export const unixSeconds = fc.integer({ min: 1_000_000_000, max: 9_999_999_999 });

/** Standard Webhooks-style message ids. */
export const messageId = fc.stringMatching(/^msg_[A-Za-z0-9]{1,40}$/);

export const asBytes = (body: string | Uint8Array): Uint8Array =>
  typeof body === "string" ? new TextEncoder().encode(body) : body;
