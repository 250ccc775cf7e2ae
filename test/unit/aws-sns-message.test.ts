// awsSnsMessage reads each field once (src/schemes/aws-sns-message.ts): its errors must be
// those of the plain rule, written out here: every present field a string (the first that is
// not, in AWS's list order), then every required field present (the first missing).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awsSnsMessage } from "../../src/schemes/aws-sns-message.js";

const STRING_FIELDS = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "Subject", "Token", "SubscribeURL", "UnsubscribeURL"];
const REQUIRED = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"];

/** The field checks as two plain passes: the error message, or undefined when they pass. */
function fieldError(fields: Record<string, unknown>): string | undefined {
  for (const name of STRING_FIELDS) if (fields[name] !== undefined && typeof fields[name] !== "string") return `"${name}" is not a string`;
  for (const name of REQUIRED) if (fields[name] === undefined) return `"${name}" is missing`;
  return undefined;
}

const VALID: Record<string, string> = {
  Type: "Notification",
  MessageId: "m",
  TopicArn: "arn:aws:sns:us-east-1:1:t",
  Message: "x",
  Timestamp: "2026-01-01T00:00:00.000Z",
  SignatureVersion: "2",
  Signature: "QQ==",
  SigningCertURL: "https://sns.us-east-1.amazonaws.com/a.pem",
};

describe("awsSnsMessage's field checks", () => {
  it("give the error of the plain two-pass rule, for any mix of missing and mistyped fields", () => {
    const value = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 3 }), fc.constantFrom(1, null, true, [], {}));
    const fields = fc.record(Object.fromEntries(STRING_FIELDS.map((name) => [name, fc.oneof({ weight: 3, arbitrary: fc.constant(VALID[name]) }, value)])), { requiredKeys: [] });
    fc.assert(
      fc.property(fields, (record) => {
        const body = JSON.stringify(record);
        const expected = fieldError(JSON.parse(body) as Record<string, unknown>);
        let message: string | undefined;
        try {
          awsSnsMessage(body);
        } catch (error) {
          message = (error as Error).message;
        }
        if (expected !== undefined) expect(message).toBe(`The body is not an SNS message: ${expected}.`);
        else if (message !== undefined) expect(message).not.toMatch(/is not a string|is missing/);
      }),
      { numRuns: 2000 },
    );
  });
});
