// The checks every preset must pass, on both crypto adapters and the sync driver: a round
// trip, tampering, secrets and rotation, missing and malformed headers, the URL rule, and the
// timestamp window at its boundaries. Provider files add their vectors and cross-checks.
import { describe, expect, it } from "vitest";
import { WebhookVerificationError, type Scheme, type Secret, type SignedHeaders, type VerificationErrorCode } from "../../src/index.js";
import { signSync, verifySync } from "../../src/node.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";

export const NOW = 1_700_000_000;

/** The rejection of a promise (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

/** The code of the WebhookVerificationError a promise rejects with. */
export async function codeOf(promise: Promise<unknown>): Promise<VerificationErrorCode> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return (error as WebhookVerificationError).code;
}

export interface PresetCase {
  readonly scheme: Scheme;
  /** A valid secret, and another valid one that did not sign. */
  readonly secret: Secret;
  readonly otherSecret: Secret;
  /** A body for the round trip; for body-timestamped schemes, a function of the signing time in seconds. */
  readonly payload: string | ((seconds: number) => string);
  /** For schemes that sign the URL. */
  readonly url?: string;
  /** The default tolerance in seconds, for timestamped schemes. */
  readonly tolerance?: number;
  /** `true` for token schemes, whose header carries the secret itself (no MAC, the body is not covered). */
  readonly token?: boolean;
  /** How the scheme writes a timestamp header for these Unix seconds, when not as decimal Unix time (RFC 3339 senders). */
  readonly timestampText?: (seconds: number) => string;
  /** Most seconds a timestamp may lie ahead, for senders that bound that tighter than the tolerance (Box: 0). */
  readonly future?: number;
}

const bodyAt = (c: PresetCase, seconds = NOW) => (typeof c.payload === "string" ? c.payload : c.payload(seconds));

export function describePreset(c: PresetCase): void {
  const { scheme } = c;
  const url = c.url;
  const timestamped = scheme.timestamp !== undefined;
  const inBody = scheme.timestamp?.bodyField !== undefined;

  describe.each(adapters)(`${scheme.name} on the $name adapter`, ({ crypto }) => {
    const sign = (options: Partial<Parameters<typeof signWith>[2]> = {}) =>
      signWith(crypto, scheme, { secret: c.secret, payload: bodyAt(c), timestamp: NOW, url, ...options });
    const verify = (headers: SignedHeaders | Record<string, string | string[]>, options: Partial<Parameters<typeof verifyWith>[2]> = {}) =>
      verifyWith(crypto, scheme, { secret: c.secret, payload: bodyAt(c), headers, now: NOW, url, ...options });

    it("signs, and verifies what it signed", async () => {
      const headers = await sign();
      expect(Object.keys(headers)).toContain(scheme.signatureHeader);
      for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase());
      const verified = await verify(headers);
      expect(verified.scheme).toBe(scheme.name);
      expect(verified.secretIndex).toBe(0);
      if (timestamped) expect(verified.timestamp).toBe(NOW);
      else expect(verified.timestamp).toBeUndefined();
    });

    it("takes the payload as a string, bytes or an ArrayBuffer alike", async () => {
      const headers = await sign();
      const bytes = new TextEncoder().encode(bodyAt(c));
      await expect(verify(headers, { payload: bytes })).resolves.toBeDefined();
      await expect(verify(headers, { payload: Buffer.from(bytes) })).resolves.toBeDefined();
      await expect(verify(headers, { payload: bytes.buffer.slice(0) as ArrayBuffer })).resolves.toBeDefined();
    });

    if (!c.token) it("a changed body fails with no_matching_signature", async () => {
      const headers = await sign();
      const body = bodyAt(c);
      for (const tampered of [body + " ", body.slice(0, -1), body.replace(/.$/, (last) => (last === "}" ? "]" : "}"))]) {
        expect(await codeOf(verify(headers, { payload: tampered })), JSON.stringify(tampered)).toBe("no_matching_signature");
      }
    });

    if (c.token) it("a changed body still verifies: a token does not protect the body", async () => {
      const headers = await sign();
      await expect(verify(headers, { payload: bodyAt(c) + "tampered" })).resolves.toBeDefined();
    });

    it("a different secret fails with no_matching_signature; rotation reports the secret that matched", async () => {
      const headers = await sign();
      expect(await codeOf(verify(headers, { secret: c.otherSecret }))).toBe("no_matching_signature");
      await expect(verify(headers, { secret: [c.otherSecret, c.secret] })).resolves.toMatchObject({ secretIndex: 1 });
    });

    it("several signing secrets: one signature each where the header holds several, a TypeError otherwise", async () => {
      const signing = sign({ secret: [c.secret, c.otherSecret] });
      if (!scheme.multipleSignatures) {
        await expect(signing).rejects.toThrow(TypeError);
        return;
      }
      const headers = await signing;
      await expect(verify(headers)).resolves.toMatchObject({ secretIndex: 0 });
      await expect(verify(headers, { secret: c.otherSecret })).resolves.toMatchObject({ secretIndex: 0 });
    });

    it("a missing or empty signature header is missing_header; an unreadable one malformed_header", async () => {
      const headers = await sign();
      const without = { ...headers };
      delete without[scheme.signatureHeader];
      expect(await codeOf(verify(without))).toBe("missing_header");
      expect(await codeOf(verify({ ...headers, [scheme.signatureHeader]: "" }))).toBe("missing_header");
      if (!c.token) expect(await codeOf(verify({ ...headers, [scheme.signatureHeader]: "not a signature!" }))).toBe("malformed_header");
      expect(await codeOf(verify({ ...headers, [scheme.signatureHeader]: "x".repeat(10_000) }))).toBe("malformed_header");
    });

    it("header names are matched case-insensitively, in a Headers object and as entries", async () => {
      const headers = await sign();
      const upper = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
      await expect(verify(upper)).resolves.toBeDefined();
      await expect(verifyWith(crypto, scheme, { secret: c.secret, payload: bodyAt(c), headers: new Headers(headers), now: NOW, url })).resolves.toBeDefined();
      await expect(verifyWith(crypto, scheme, { secret: c.secret, payload: bodyAt(c), headers: Object.entries(headers), now: NOW, url })).resolves.toBeDefined();
    });

    it("an empty secret is invalid_secret when verifying and a RangeError when signing", async () => {
      const headers = await sign();
      expect(await codeOf(verify(headers, { secret: "" }))).toBe("invalid_secret");
      await expect(sign({ secret: "" })).rejects.toThrow(RangeError);
    });

    if (scheme.signsUrl === true) it("the URL is signed: required, absolute, and any change fails", async () => {
      const headers = await sign();
      await expect(verify(headers, { url: undefined })).rejects.toThrow(TypeError);
      await expect(verify(headers, { url: "/webhooks" })).rejects.toThrow(/full URL/);
      await expect(sign({ url: undefined })).rejects.toThrow(TypeError);
      expect(await codeOf(verify(headers, { url: url + "x" }))).toBe("no_matching_signature");
      expect(await codeOf(verify(headers, { url: url!.replace("https://", "http://") }))).toBe("no_matching_signature");
    });

    if (timestamped && !inBody) {
      const tolerance = c.tolerance!;
      it(`timestamps: ±${tolerance} s accepted, one second more refused, both ways; the tolerance option wins`, async () => {
        expect(scheme.timestamp?.tolerance ?? 300).toBe(tolerance);
        const headers = await sign();
        await expect(verify(headers, { now: NOW + tolerance })).resolves.toBeDefined();
        const ahead = c.future ?? tolerance;
        await expect(verify(headers, { now: NOW - ahead })).resolves.toBeDefined();
        expect(await codeOf(verify(headers, { now: NOW + tolerance + 1 }))).toBe("timestamp_too_old");
        expect(await codeOf(verify(headers, { now: NOW - ahead - 1 }))).toBe("timestamp_too_new");
        await expect(verify(headers, { now: NOW + tolerance + 100, tolerance: tolerance + 100 })).resolves.toBeDefined();
        expect(await codeOf(verify(headers, { now: NOW + 2, tolerance: 1 }))).toBe("timestamp_too_old");
      });

      it("timestamps: a changed one fails, a missing one is missing_header, a malformed one malformed_header", async () => {
        const headers = await sign();
        const header = scheme.timestamp!.header;
        const withTimestamp = (value: string | undefined): Record<string, string> => {
          const copy: Record<string, string> = { ...headers };
          if (header !== undefined) {
            if (value === undefined) delete copy[header];
            else copy[header] = value;
          } else {
            const signature = copy[scheme.signatureHeader]!;
            copy[scheme.signatureHeader] = value === undefined ? signature.replace(new RegExp(`\\w+=${NOW}`), "") : signature.replace(String(NOW), value);
          }
          return copy;
        };
        // Another valid timestamp in the scheme's own form (an RFC 3339 date-time for Twitch), a
        // second earlier where the sender refuses future timestamps (Box), so only the signature can fail.
        const changed = c.future === undefined ? NOW + 1 : NOW - 1;
        const text = c.timestampText ?? (scheme.timestamp!.unit === "rfc3339" ? (seconds: number) => new Date(seconds * 1000).toISOString() : String);
        expect(await codeOf(verify(withTimestamp(text(changed))))).toBe("no_matching_signature");
        expect(await codeOf(verify(withTimestamp(undefined)))).toBe(header === undefined ? "malformed_header" : "missing_header");
        for (const bad of ["-1", "1700000000.5", "17e8", "0x65"]) {
          expect(await codeOf(verify(withTimestamp(bad))), bad).toBe("malformed_header");
        }
      });

      it("timestamps: a millisecond number is a TypeError, a Date is seconds", async () => {
        await expect(sign({ timestamp: NOW * 1000 })).rejects.toThrow(/milliseconds/);
        const headers = await sign({ timestamp: new Date(NOW * 1000 + 999) });
        await expect(verify(headers)).resolves.toMatchObject({ timestamp: NOW });
      });
    }

    if (inBody) {
      const tolerance = c.tolerance!;
      it(`timestamps in the signed body: ±${tolerance} s accepted, one second more refused, both ways`, async () => {
        const headers = await sign();
        await expect(verify(headers, { now: NOW + tolerance })).resolves.toMatchObject({ timestamp: NOW });
        const ahead = c.future ?? tolerance;
        await expect(verify(headers, { now: NOW - ahead })).resolves.toBeDefined();
        expect(await codeOf(verify(headers, { now: NOW + tolerance + 1 }))).toBe("timestamp_too_old");
        expect(await codeOf(verify(headers, { now: NOW - ahead - 1 }))).toBe("timestamp_too_new");
        await expect(verify(headers, { now: NOW + 3600, tolerance: 3601 })).resolves.toBeDefined();
      });

      it("timestamps in the signed body: refused only after the signature matched; absent ones are malformed_header", async () => {
        const body = bodyAt(c);
        const headers = await sign();
        // A forged body with a fresh timestamp is a signature failure, not a timestamp one.
        const forged = bodyAt(c, NOW + 10);
        expect(await codeOf(verify(headers, { payload: forged, now: NOW + 10 }))).toBe("no_matching_signature");
        const untimed = body.replace(/"webhookTimestamp":\d+,?/, "");
        await expect(sign({ payload: untimed })).rejects.toThrow(/timestamp from the body/);
        await expect(sign({ payload: "not json" })).rejects.toThrow(TypeError);
      });
    }
  });

  describe(`${scheme.name} sync driver`, () => {
    it("signSync / verifySync agree with the async API", async () => {
      const options = { secret: c.secret, payload: bodyAt(c), timestamp: NOW, url };
      const headers = signSync(scheme, options);
      const asyncHeaders = await signWith(adapters[1].crypto, scheme, options);
      if (scheme.idHeader === undefined) expect(asyncHeaders).toEqual(headers);
      expect(verifySync(scheme, { secret: c.secret, payload: bodyAt(c), headers, now: NOW, url })).toMatchObject({ scheme: scheme.name, secretIndex: 0 });
    });
  });
}
