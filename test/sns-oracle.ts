// An SNS sender written from AWS's "Verifying the signatures of Amazon SNS messages", apart
// from src/: the canonical string of each message type, signed with node:crypto. The tests of
// awsSns sign their messages here, so the receiver is checked against an independent signer.
import { createSign, type KeyObject } from "node:crypto";

/** An SNS message as JSON fields. */
export type SnsFields = Record<string, string>;

/** The certificate URL the tests sign under (a fetch served locally answers it). */
export const SNS_CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem";

/** AWS's string to sign: each present field's name and value, one per line, in the type's order. */
export function snsStringToSign(message: SnsFields): string {
  const names = message.Type === "Notification" ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  return names.filter((name) => message[name] !== undefined).map((name) => `${name}\n${message[name]}\n`).join("");
}

/** `fields` signed with `key` (SignatureVersion 2: RSA-SHA256, 1: RSA-SHA1), under `certUrl`. */
export function snsSigned(fields: SnsFields, key: KeyObject, { version = "2", certUrl = SNS_CERT_URL }: { version?: "1" | "2"; certUrl?: string } = {}): SnsFields {
  const message: SnsFields = { SignatureVersion: version, SigningCertURL: certUrl, ...fields };
  // node:crypto signs the UTF-8 of the string (a lone surrogate as EF BF BD, as a receiver decodes it).
  message.Signature = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256").update(snsStringToSign(message)).sign(key, "base64");
  return message;
}
