// Every scheme has one shape: the same fields in the same order, those it does not declare
// undefined (resolve.ts). The engine reads `scheme.*` on every call; with a shape per scheme, a
// receiver of several providers turned those reads megamorphic (~15% per verification).
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web.js";
import { defineScheme } from "../../src/schemes/define-scheme.js";
import { schemesOf } from "../built-in-schemes.js";

const fieldsOf = (scheme: object) => Object.keys(scheme).join(",");

describe("scheme objects share one shape", () => {
  const reference = fieldsOf(root.github);

  it("lists every field, declared or not", () => {
    expect(reference.split(",")).toEqual(expect.arrayContaining(["name", "timestamp", "asymmetric", "token", "publicKey", "handshake", "macBytes"]));
    expect(root.github.timestamp).toBeUndefined();
  });

  it.each([...schemesOf(root), ...schemesOf(web)])("built-in %s", (_, scheme) => {
    expect(fieldsOf(scheme)).toBe(reference);
  });

  it("schemes made by a factory or by defineScheme()", () => {
    const made = [
      root.awsSns({ topicArns: ["arn:aws:sns:us-east-1:123456789012:topic"] }),
      root.staticToken({ header: "x-token" }),
      defineScheme({ ...root.stripe, name: "stripe-copy" }),
      defineScheme({ ...root.gitlab, name: "gitlab-copy" }),
      defineScheme({ name: "mine", hash: "SHA-256", encoding: "hex", signatureHeader: "x-sig", parse: (value) => ({ signatures: [value] }), format: ({ signatures }) => signatures[0]!, content: ({ body }) => [body] }),
    ];
    for (const scheme of made) expect(fieldsOf(scheme)).toBe(reference);
  });

  it("a field set to undefined reads as absent, so a spread scheme is defined again", () => {
    expect(() => defineScheme({ ...root.gitlab, name: "self-hosted", codec: undefined })).not.toThrow();
    expect(() => defineScheme({ ...root.github, name: "x", typo: 1 } as never)).toThrow(/unknown property "typo"/);
  });
});
