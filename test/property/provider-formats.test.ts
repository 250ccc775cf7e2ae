// Properties of the parsers issue 16's schemes share: RFC 3339 date-times (Zendesk, Box) read
// with any offset and fraction give the instant Date gives; `t=…,vN=…` headers (Mux, Calendly,
// WorkOS, ElevenLabs, Sanity) read back what they write, whatever the spacing, and never throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rfc3339Seconds, writeRfc3339 } from "../../src/schemes/rfc3339-timestamp.js";
import { timestampedFormat, timestampedParse } from "../../src/schemes/formats.js";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

describe("RFC 3339 date-times", () => {
  it("any instant written with any offset and fraction reads back as that instant's whole seconds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 253_402_300_799 }), // 1970 … 9999-12-31T23:59:59Z
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
        (seconds, offset, fraction) => {
          const local = new Date((seconds + offset * 60) * 1000);
          if (local.getUTCFullYear() < 1 || local.getUTCFullYear() > 9999) return;
          const zone = offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
          const text =
            `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
            `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction === undefined ? "" : "." + fraction}${zone}`;
          expect(rfc3339Seconds(text)).toBe(seconds);
          // Date keeps milliseconds of the fraction: its whole seconds are the same instant's.
          expect(Math.floor(Date.parse(text) / 1000)).toBe(seconds);
        },
      ),
    );
  });

  it("what sign() writes reads back exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (seconds) => {
        expect(rfc3339Seconds(writeRfc3339(seconds))).toBe(seconds);
      }),
    );
  });

  it("never throws, and accepts only text of the RFC 3339 shape", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const seconds = rfc3339Seconds(text);
        if (seconds !== undefined) expect(text).toMatch(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/);
      }),
    );
  });
});

describe("t=…,vN=… headers", () => {
  const token = fc.stringMatching(/^[0-9a-zA-Z_-]{1,64}$/);
  it("read back what they write, with any spaces after the commas, for every key", () => {
    fc.assert(
      fc.property(fc.constantFrom("v0", "v1"), fc.stringMatching(/^[0-9]{1,15}$/), fc.array(token, { minLength: 1, maxLength: 4 }), fc.constantFrom(",", ", ", " ,  "), (key, timestamp, signatures, separator) => {
        const value = timestampedFormat(key, separator)({ signatures, asymmetricSignatures: [], timestamp });
        expect(timestampedParse(key)(value)).toEqual({ signatures, timestamp });
      }),
    );
  });

  it("never throw, and report no timestamp when two t= differ", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        timestampedParse("v1")(value);
      }),
    );
    expect(timestampedParse("v1")("t=1,t=2,v1=ab")).toEqual({ signatures: ["ab"] });
  });
});
