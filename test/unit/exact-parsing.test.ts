// Stripe's header is read with exact keys and values, and secrets that are (or are wrapped in)
// whitespace are configuration mistakes reported as such, never silently used.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as hookseal from "../../src/index.js";
import { schemesOf } from "../built-in-schemes.js";
import { github, sign, standardWebhooks, stripe, verify, WebhookVerificationError } from "../../src/index.js";

const SECRET = "whsec_test_secret";
const NOW = 1_700_000_000;
const payload = '{"id":"evt_1"}';
const mac = createHmac("sha256", SECRET).update(`${NOW}.${payload}`).digest("hex");

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: unknown) => (error instanceof WebhookVerificationError ? error.code : (error as Error).name),
  );
const stripeWith = (header: string) => verify(stripe, { secret: SECRET, payload, now: NOW, headers: { "stripe-signature": header } });

describe("Stripe-Signature keys and values", () => {
  it("reads t and v1 exactly, as the official library does", async () => {
    expect(await outcome(stripeWith(`t=${NOW},v1=${mac}`))).toBe("accepted");
    expect(await outcome(stripeWith(`t=${NOW},v1 =${mac}`))).toBe("malformed_header"); // "v1 " is not v1
    expect(await outcome(stripeWith(`t=${NOW},v1= ${mac}`))).toBe("malformed_header");
    expect(await outcome(stripeWith(`t=${NOW} ,v1=${mac}`))).toBe("malformed_header"); // "1700000000 " is no timestamp
    expect(await outcome(stripeWith(`t =${NOW},v1=${mac}`))).toBe("malformed_header");
  });

  it("still reads two header lines joined by a Fetch Headers", async () => {
    const headers = new Headers();
    headers.append("stripe-signature", `t=${NOW},v1=${"0".repeat(64)}`);
    headers.append("stripe-signature", `t=${NOW},v1=${mac}`);
    expect(await outcome(verify(stripe, { secret: SECRET, payload, now: NOW, headers }))).toBe("accepted");
  });
});

describe("Stripe-Signature reading in one pass", () => {
  // The reading with keys sliced out, as before the keys were compared in place.
  function slicedReading(value: string) {
    const signatures: string[] = [];
    let timestamp: string | undefined;
    let conflicting = false;
    for (let start = 0; start <= value.length; ) {
      let end = value.indexOf(",", start);
      if (end < 0) end = value.length;
      while (start < end && (value[start] === " " || value[start] === "\t")) start++;
      const equals = value.indexOf("=", start);
      if (equals >= 0 && equals < end) {
        const key = value.slice(start, equals);
        const field = value.slice(equals + 1, end);
        if (key === "v1") signatures.push(field);
        else if (key === "t") {
          if (timestamp !== undefined && timestamp !== field) conflicting = true;
          timestamp = field;
        }
      }
      start = end + 1;
    }
    return timestamp === undefined || conflicting ? { signatures } : { signatures, timestamp };
  }
  const pieces = fc.constantFrom("t", "v1", "v0", "v", "1", "tt", "=", ",", ", ", " ", "\t", "17", "ab", "T", "V1");

  it("reads t and v1 as slicing each key out would", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join("")), (value) => {
        expect(stripe.parse(value)).toEqual(slicedReading(value));
      }),
      { numRuns: 3000 },
    );
    expect(stripe.parse("t=1,v1=ab,v0=cd, v1=ef")).toEqual({ signatures: ["ab", "ef"], timestamp: "1" });
  });
});

describe("webhook-signature entries", () => {
  // The reading the one-pass parser replaced: split at spaces, drop a comma that ends an entry another follows.
  function splitReading(value: string) {
    const signatures: string[] = [];
    const asymmetricSignatures: string[] = [];
    const items = value.split(" ");
    for (let i = 0; i < items.length; i++) {
      let entry = items[i]!;
      if (i < items.length - 1 && entry.endsWith(",")) entry = entry.slice(0, -1);
      if (entry.startsWith("v1,")) signatures.push(entry.slice(3));
      else if (entry.startsWith("v1a,")) asymmetricSignatures.push(entry.slice(4));
    }
    return { signatures, asymmetricSignatures };
  }
  const pieces = fc.constantFrom("v1,", "v1a,", "v1", "v1a", " ", ",", ", ", "a", "QUJD", "=", "v2,", "\t");

  it("reads every entry as splitting at spaces would, in one pass", () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join("")), (value) => {
        const parsed = standardWebhooks.parse(value);
        const expected = splitReading(value);
        expect(parsed.signatures).toEqual(expected.signatures);
        expect(parsed.asymmetricSignatures ?? []).toEqual(expected.asymmetricSignatures);
      }),
      { numRuns: 2000 },
    );
    expect(standardWebhooks.parse("v1,QUJD, v1a,REVG v1,")).toEqual({ signatures: ["QUJD", ""], asymmetricSignatures: ["REVG"] });
  });
});

describe("secrets of whitespace", () => {
  const schemes = schemesOf(hookseal).map(([, scheme]) => scheme);

  it("a secret that is only whitespace is invalid_secret (verify) and a RangeError (sign), for every scheme", async () => {
    expect(schemes.length).toBeGreaterThan(10);
    for (const scheme of schemes) {
      for (const blank of [" ", "\n", " \t\r\n ", "\u00a0"]) {
        const error = await verify(scheme, { secret: blank, payload, headers: {}, url: "https://example.com/" }).catch((e: unknown) => e);
        expect(error, scheme.name).toBeInstanceOf(WebhookVerificationError);
        expect((error as WebhookVerificationError).code, scheme.name).toBe("invalid_secret");
        await expect(sign(scheme, { secret: blank, payload, url: "https://example.com/" }), scheme.name).rejects.toThrow(RangeError);
      }
    }
  });

  it("a Standard Webhooks secret with whitespace around it is invalid_secret, and the message says so", async () => {
    const whsec = "whsec_" + Buffer.alloc(32, 1).toString("base64");
    for (const padded of [whsec + "\n", " " + whsec, whsec + " "]) {
      const error = (await verify(standardWebhooks, { secret: padded, payload, headers: {} }).catch((e: unknown) => e)) as WebhookVerificationError;
      expect(error.code).toBe("invalid_secret");
      expect(error.message).toMatch(/leading or trailing whitespace/);
      expect(error.message).not.toContain(whsec);
      await expect(sign(standardWebhooks, { secret: padded, payload })).rejects.toThrow(/leading or trailing whitespace/);
    }
  });

  it("a Stripe secret is used exactly as given (as the stripe library does); a failed match says it has whitespace around it", async () => {
    const headers = { "stripe-signature": `t=${NOW},v1=${mac}` };
    const error = (await verify(stripe, { secret: [SECRET + "\n", SECRET + "x"], payload, now: NOW, headers }).catch((e: unknown) => e)) as WebhookVerificationError;
    expect(error.code).toBe("no_matching_signature");
    expect(error.message).toMatch(/Secret #0 has leading or trailing whitespace/);
    expect(error.message).not.toContain(SECRET);
    const clean = (await verify(stripe, { secret: SECRET + "x", payload, now: NOW, headers }).catch((e: unknown) => e)) as WebhookVerificationError;
    expect(clean.message).not.toMatch(/whitespace/);
    // GitHub secrets are free text chosen by the user: kept as given.
    await expect(sign(github, { secret: "my secret ", payload })).resolves.toBeDefined();
  });
});
