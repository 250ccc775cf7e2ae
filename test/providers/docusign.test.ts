// docusign: a node:crypto reference written from DocuSign's "How to validate an HMAC signature"
// (no official SDK verifies Connect messages), numbered headers one per key up to 100, and the
// conformance checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { docusign, sign, verify } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";

const KEY1 = "DocuSignConnectKey1+abc/def0123456789ABCDEFGH=";
const KEY2 = "DocuSignConnectKey2+zyx/wvu9876543210ZYXWVUTS=";
const BODY = '{"event":"envelope-completed","apiVersion":"v2.1","uri":"/restapi/v2.1/accounts/1/envelopes/2","data":{"envelopeId":"2"}}\r\n';
const mac = (key: string, body = BODY) => createHmac("sha256", key).update(body).digest("base64");

// The conformance tamper cases edit the last character: give them a body that ends in one.
describePreset({ scheme: docusign, secret: KEY1, otherSecret: KEY2, payload: BODY.trimEnd() });

describe("docusign: the documented algorithm", () => {
  const at = (headers: Record<string, string>, secret: string | string[] = [KEY1, KEY2], payload = BODY) => verify(docusign, { secret, payload, headers });

  it("X-DocuSign-Signature-1 is the base64 HMAC-SHA256 of the whole body, line endings included", async () => {
    expect(await sign(docusign, { secret: KEY1, payload: BODY })).toEqual({ "x-docusign-signature-1": mac(KEY1) });
    expect(await codeOf(at({ "X-DocuSign-Signature-1": mac(KEY1) }, KEY1, BODY.trimEnd()))).toBe("no_matching_signature");
  });

  it("one numbered header per key: any key matching any header is enough, in any position up to 100", async () => {
    const headers = { "X-DocuSign-Signature-1": mac("a-removed-key"), "X-DocuSign-Signature-2": mac(KEY2) };
    await expect(at(headers)).resolves.toMatchObject({ secretIndex: 1 });
    await expect(at({ "x-docusign-signature-100": mac(KEY1) })).resolves.toMatchObject({ secretIndex: 0 });
    await expect(at({ "x-docusign-signature-7": mac(KEY2) }, KEY2)).resolves.toMatchObject({ secretIndex: 0 });
  });

  it("headers past DocuSign's 100 keys, or not numbered, are not read", async () => {
    expect(await codeOf(at({ "x-docusign-signature-101": mac(KEY1) }))).toBe("missing_header");
    expect(await codeOf(at({ "x-docusign-signature": mac(KEY1) }))).toBe("missing_header");
    expect(await codeOf(at({ "x-docusign-signature-0": mac(KEY1) }))).toBe("missing_header");
  });

  it("a wrong key everywhere is no_matching_signature; an unreadable signature malformed_header", async () => {
    expect(await codeOf(at({ "X-DocuSign-Signature-1": mac("wrong"), "X-DocuSign-Signature-2": mac("also wrong") }))).toBe("no_matching_signature");
    expect(await codeOf(at({ "X-DocuSign-Signature-1": "not base64!" }))).toBe("malformed_header");
  });

  it("more than 32 signatures across the headers is malformed_header, before any HMAC", async () => {
    const headers = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`x-docusign-signature-${i + 1}`, mac(KEY1)]));
    expect(await codeOf(at(headers))).toBe("malformed_header");
  });
});
