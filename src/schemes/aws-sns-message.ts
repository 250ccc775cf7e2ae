// An SNS message as delivered to an HTTP(S) endpoint: its JSON fields, read strictly and
// bounded, and the canonical string AWS signs ("Verifying the signatures of Amazon SNS messages").
import { WebhookVerificationError } from "../engine/errors.js";
import { fatalDecoder } from "../lib/bytes.js";

/**
 * The message types SNS sends to an endpoint.
 *
 * @example
 * ```ts
 * const type: AwsSnsMessageType = awsSnsMessage(rawBody).Type; // after verify(awsSns(), …)
 * ```
 */
export type AwsSnsMessageType = "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";

/**
 * The fields of an SNS message. Read them from a message `verify(awsSns(), …)` accepted.
 *
 * @example
 * ```ts
 * const message: AwsSnsMessage = awsSnsMessage(rawBody);
 * if (message.Type === "Notification") handle(JSON.parse(message.Message));
 * ```
 */
export interface AwsSnsMessage {
  readonly Type: AwsSnsMessageType;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: "1" | "2";
  readonly Signature: string;
  readonly SigningCertURL: string;
  readonly Subject?: string;
  readonly Token?: string;
  readonly SubscribeURL?: string;
  readonly UnsubscribeURL?: string;
}

/** Largest body read: SNS messages are at most 256 KiB, plus the envelope. */
export const MAX_SNS_BODY_BYTES = 524_288; // 512 KiB

const malformed = (why: string) => new WebhookVerificationError("malformed_header", `The body is not an SNS message: ${why}.`);

const STRING_FIELDS = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "Subject", "Token", "SubscribeURL", "UnsubscribeURL"] as const;
/** The first fields of STRING_FIELDS, in the same order (awsSnsMessage counts on it). */
const REQUIRED = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"] as const;


/**
 * The message in a raw SNS body; `malformed_header` for anything else (not JSON, a field
 * missing or not a string, an unknown type or signature version). It proves nothing: verify first.
 *
 * @example
 * ```ts
 * await verify(awsSns(), { payload: rawBody, headers });
 * const { Type, Message } = awsSnsMessage(rawBody);
 * ```
 */
export function awsSnsMessage(body: string | Uint8Array): AwsSnsMessage {
  let text: string;
  if (typeof body === "string") text = body;
  else {
    if (body.byteLength > MAX_SNS_BODY_BYTES) throw malformed(`it is larger than ${MAX_SNS_BODY_BYTES} bytes`);
    try {
      text = fatalDecoder.decode(body);
    } catch {
      throw malformed("it is not UTF-8");
    }
  }
  if (text.length > MAX_SNS_BODY_BYTES) throw malformed(`it is larger than ${MAX_SNS_BODY_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed("it is not JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw malformed("it is not a JSON object");
  const fields = parsed as Record<string, unknown>;
  // Each field read once: REQUIRED is the start of STRING_FIELDS, so the required ones present
  // are counted here, and the list is looked through (for the first one missing) only when short.
  let present = 0;
  for (let i = 0; i < STRING_FIELDS.length; i++) {
    const value = fields[STRING_FIELDS[i]!];
    if (value === undefined) continue;
    if (typeof value !== "string") throw malformed(`"${STRING_FIELDS[i]}" is not a string`);
    if (i < REQUIRED.length) present++;
  }
  if (present < REQUIRED.length) for (const name of REQUIRED) if (fields[name] === undefined) throw malformed(`"${name}" is missing`);
  const type = fields.Type;
  if (type !== "Notification" && type !== "SubscriptionConfirmation" && type !== "UnsubscribeConfirmation") throw malformed('"Type" is not one SNS sends');
  if (fields.SignatureVersion !== "1" && fields.SignatureVersion !== "2") throw malformed('"SignatureVersion" is not "1" or "2"');
  if (type !== "Notification" && (fields.Token === undefined || fields.SubscribeURL === undefined)) throw malformed(`a ${type} has no "Token" or "SubscribeURL"`);
  return fields as unknown as AwsSnsMessage;
}

/**
 * The string AWS signs: `name\nvalue\n` for each signed field, in this order. Notification:
 * Message, MessageId, Subject (only if present), Timestamp, TopicArn, Type. Subscription and
 * unsubscribe confirmations: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
 */
export function canonicalString(message: AwsSnsMessage): string {
  const names =
    message.Type === "Notification"
      ? (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const)
      : (["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const);
  let text = "";
  for (const name of names) {
    const value = message[name];
    if (value !== undefined) text += `${name}\n${value}\n`;
  }
  return text;
}
