// isSnsCertificateUrl remembers the URL it accepted last (a receiver gets the same one in every
// message): whatever came before, its answer is the full check's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSnsCertificateUrl } from "../../src/schemes/aws-sns-url.js";

const FULL = /^https:\/\/sns\.[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}\.amazonaws\.com(?:\.cn)?\/(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+\.pem$/;
const full = (url: unknown) => typeof url === "string" && url.length <= 512 && FULL.test(url);

const GOOD = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem";
const NEAR = [
  GOOD,
  "https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem",
  "https://sns.cn-north-1.amazonaws.com.cn/a/b.pem",
  GOOD + " ",
  GOOD.replace("https", "http"),
  GOOD.replace(".pem", ".pem?x"),
  "https://sns.us-east-1.amazonaws.com.evil.example/x.pem",
  "https://sns.us-east-1.amazonaws.com/" + "a".repeat(600) + ".pem",
  "",
];

describe("isSnsCertificateUrl", () => {
  it("answers as the full check, whatever it accepted before", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom<unknown>(...NEAR, undefined, null, 42, { toString: () => GOOD }), fc.string({ maxLength: 40 })), { maxLength: 12 }), (urls) => {
        for (const url of urls) expect(isSnsCertificateUrl(url), String(url)).toBe(full(url));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses what is not a string right after accepting a URL", () => {
    expect(isSnsCertificateUrl(GOOD)).toBe(true);
    for (const bad of [undefined, null, "", `${GOOD}\n`, [GOOD], new String(GOOD)]) expect(isSnsCertificateUrl(bad)).toBe(false);
    expect(isSnsCertificateUrl(`${GOOD.slice(0, 20)}${GOOD.slice(20)}`)).toBe(true); // an equal string made anew
  });
});
