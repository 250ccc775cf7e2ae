// Checks for the presets whose signature is one HMAC of the raw body in one header (Bitbucket,
// LINE, Razorpay, …): the shared conformance checks, plus an independent node:crypto oracle
// written from the provider's document (what it sends, for any body and secret), and the ways a
// header can be wrong.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sign, verify, type Scheme } from "../../src/index.js";
import { codeOf, describePreset } from "./conformance.js";

export interface BodySignatureCase {
  readonly scheme: Scheme;
  /** What the document names: `createHmac`'s hash, the digest's encoding, and the text before it. */
  readonly hash: "sha1" | "sha256";
  readonly encoding: "hex" | "base64";
  readonly header: string;
  readonly prefix: string;
  /** A secret of the form the provider's dashboard shows, and another one. */
  readonly secret: string;
  readonly otherSecret: string;
  /** A body like the provider's. */
  readonly body: string;
  /** The event id in that body, for a scheme with an `eventId` rule. */
  readonly eventId?: string;
}

/** The header value the provider's document says it sends, computed with node:crypto. */
export const oracle = (c: Pick<BodySignatureCase, "hash" | "encoding" | "prefix">, secret: string | Uint8Array, body: string | Uint8Array): string =>
  c.prefix + createHmac(c.hash, secret).update(body).digest(c.encoding);

export function describeBodySignature(c: BodySignatureCase): void {
  const { scheme } = c;
  describePreset({ scheme, secret: c.secret, otherSecret: c.otherSecret, payload: c.body });

  describe(`${scheme.name}: what the provider's document says it sends`, () => {
    it(`${c.header}: ${c.prefix}<${c.encoding} HMAC-${c.hash.toUpperCase()} of the raw body>, keyed with the secret's UTF-8 bytes`, async () => {
      expect(scheme.signatureHeader).toBe(c.header);
      expect(scheme.timestamp).toBeUndefined();
      expect(await sign(scheme, { secret: c.secret, payload: c.body })).toEqual({ [c.header]: oracle(c, c.secret, c.body) });
      await expect(verify(scheme, { secret: c.secret, payload: c.body, headers: { [c.header]: oracle(c, c.secret, c.body) } })).resolves.toEqual({
        scheme: scheme.name,
        secretIndex: 0,
        ...(c.eventId === undefined ? {} : { eventId: c.eventId }),
      });
    });

    it("agrees with the oracle for any body and secret, and refuses any other body", async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim() === s && s !== ""), fc.uint8Array({ minLength: 1, maxLength: 8 }), async (body, secret, extra) => {
          const headers = { [c.header]: oracle(c, secret, body) };
          await expect(verify(scheme, { secret, payload: body, headers })).resolves.toMatchObject({ secretIndex: 0 });
          expect(await sign(scheme, { secret, payload: body })).toEqual(headers);
          expect(await codeOf(verify(scheme, { secret, payload: Buffer.concat([body, extra]), headers }))).toBe("no_matching_signature");
        }),
        { numRuns: 40 },
      );
    });

    it("a wrong or missing prefix, a truncated or re-encoded signature, or another secret's are refused", async () => {
      const good = oracle(c, c.secret, c.body);
      const mac = good.slice(c.prefix.length);
      const at = (value: string) => codeOf(verify(scheme, { secret: c.secret, payload: c.body, headers: { [c.header]: value } }));
      if (c.prefix !== "") {
        expect(await at(mac)).toBe("malformed_header");
        expect(await at(c.prefix.toUpperCase() === c.prefix ? "x" + good : c.prefix.toUpperCase() + mac)).toBe("malformed_header");
      }
      expect(await at(c.prefix + mac.slice(0, -2))).toBe("malformed_header");
      const otherEncoding = c.encoding === "hex" ? Buffer.from(mac, "hex").toString("base64") : Buffer.from(mac, "base64").toString("hex");
      expect(await at(c.prefix + otherEncoding)).toBe("malformed_header");
      expect(await at(oracle(c, c.otherSecret, c.body))).toBe("no_matching_signature");
    });
  });
}
