// Hostile headers: whatever arrives, verify rejects with a WebhookVerificationError, never
// anything else, and never accepts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WebhookVerificationError } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { verifyWith } from "../../src/engine/verify.js";
import { schemes } from "../arbitraries.js";

const KEY = "whsec_" + Buffer.alloc(32, 1).toString("base64");

// Strings that look like signature headers as well as arbitrary noise.
const headerValue = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme" }),
  fc.stringMatching(/^(t=[0-9]{0,12}|v1=[0-9a-f]{0,70}|v1,[A-Za-z0-9+/=]{0,50}|sha256=[0-9a-fA-F]{0,70}|[ ,=;])*$/),
  fc.array(fc.constantFrom("v1,", "v1=", "t=", "sha256=", ",", " ", "=", "1700000000", "a".repeat(64), "AAAA"), { maxLength: 60 }).map((a) => a.join("")),
);

describe.each(schemes)("$name header parsing", ({ scheme }) => {
  const names = [scheme.signatureHeader, scheme.timestamp?.header, scheme.idHeader].filter((n): n is string => n !== undefined);

  it("never throws anything but WebhookVerificationError, never accepts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(Object.fromEntries(names.map((n) => [n, fc.option(fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 })), { nil: undefined })]))),
        async (headers) => {
          const outcome = await verifyWith(nodeCrypto, scheme, { secret: KEY, payload: "body", headers, now: 1700000000 }).then(
            () => "accepted",
            (error: unknown) => error,
          );
          expect(outcome).toBeInstanceOf(WebhookVerificationError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
