// On node:crypto, the direct path (src/engine/direct.ts; verify, verifySync and both prepared
// verifiers) matches hex and base64 signatures as text instead of decoding them. It must say what the engine's steps say (Web Crypto
// takes them, and decodes): the same result or error code for the signature in any case, with
// any one character changed, several signatures in one header, and rotation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webCrypto } from "../../src/crypto/web.js";
import { createVerifier, createVerifierSync, signSync, verify, verifySync } from "../../src/node.js";
import { WebhookVerificationError } from "../../src/engine/errors.js";
import { github } from "../../src/schemes/github.js";
import { githubSha1 } from "../../src/schemes/github-sha1.js";
import { stripe } from "../../src/schemes/stripe.js";
import { standardWebhooks } from "../../src/schemes/standard-webhooks.js";
import type { Scheme } from "../../src/schemes/scheme.js";
import { textMatchOf } from "../../src/engine/direct.js";
import { base64Encoding, hexEncoding } from "../../src/schemes/encodings.js";
import { hexMatches } from "../../src/lib/hex.js";
import { asciiMatches } from "../../src/lib/timing-safe-equal.js";

const NOW = 1_700_000_000;
const outcome = (run: () => unknown): string => {
  try {
    const verified = run() as { secretIndex: number };
    return `ok:${verified.secretIndex}`;
  } catch (error) {
    return error instanceof WebhookVerificationError ? error.code : String(error);
  }
};
const outcomeAsync = (promise: Promise<{ secretIndex: number }>): Promise<string> =>
  promise.then(
    (verified) => `ok:${verified.secretIndex}`,
    (error: unknown) => (error instanceof WebhookVerificationError ? error.code : String(error)),
  );

// The header value with the case of each letter of its hex signatures (runs of 40+ hex digits)
// chosen by `cases`, and at most one character replaced.
function respell(value: string, cases: readonly boolean[], edit: { at: number; by: string } | undefined): string {
  let letter = 0;
  const out = value.replace(/[0-9a-f]{40,}/g, (hex) => [...hex].map((c) => (/[a-f]/.test(c) && cases[letter++ % cases.length] ? c.toUpperCase() : c)).join(""));
  if (edit === undefined) return out;
  const at = edit.at % out.length;
  return out.slice(0, at) + edit.by + out.slice(at + 1);
}

describe("which schemes the direct path matches as text", () => {
  it("every built-in hex or base64 scheme: their codec is the shared one the table knows", () => {
    for (const scheme of [github, githubSha1, stripe, standardWebhooks]) {
      const match = textMatchOf(scheme.codec);
      expect(match, scheme.name).toBeDefined();
      expect(match!.digest).toBe(scheme.codec === hexEncoding ? "binary" : "base64");
    }
    expect(textMatchOf(hexEncoding)?.matches).toBe(hexMatches);
    expect(textMatchOf(base64Encoding)?.matches).toBe(asciiMatches);
    expect(textMatchOf({ decode: hexEncoding.decode, encode: hexEncoding.encode })).toBeUndefined(); // another codec object: decoded
    expect(textMatchOf(undefined)).toBeUndefined();
  });
});

const schemes: ReadonlyArray<readonly [string, Scheme, string]> = [
  ["github", github, "x-hub-signature-256"],
  ["githubSha1", githubSha1, "x-hub-signature"],
  ["stripe", stripe, "stripe-signature"],
  ["standardWebhooks", standardWebhooks, "webhook-signature"],
];

describe.each(schemes)("%s on node:crypto: signatures matched as text say what the steps say", (_name, scheme, header) => {
  it("for any case, any one character changed, and rotation", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/), // a secret (whitespace-only ones are refused)
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.option(fc.record({ at: fc.nat(), by: fc.constantFrom("0", "9", "a", "F", "g", "A", "+", "/", "-", "=", ",", " ", "", "\u00e9", "\ud800") }), { nil: undefined }),
        fc.boolean(),
        async (text, payload, cases, edit, rotate) => {
          // Standard Webhooks' secrets are "whsec_" and the base64 of their key bytes.
          const secretOf = (words: string) => (scheme === standardWebhooks ? `whsec_${Buffer.from(words.padEnd(32, "k")).toString("base64")}` : words);
          const secret = secretOf(text);
          const signed = signSync(scheme, { secret, payload, timestamp: NOW });
          const headers = { ...signed, [header]: respell(signed[header]!, cases, edit) };
          const secrets = rotate ? [secretOf(`${text}-old`), secret] : secret;
          const options = { secret: secrets, payload, headers, now: NOW };
          const direct = outcome(() => verifySync(scheme, options));
          expect(outcome(() => createVerifierSync(scheme, { secret: secrets })({ payload, headers, now: NOW }))).toBe(direct);
          expect(await outcomeAsync(verify(scheme, options))).toBe(direct);
          expect(await outcomeAsync(createVerifier(scheme, { secret: secrets })({ payload, headers, now: NOW }))).toBe(direct);
          expect(await outcomeAsync(verify(scheme, { ...options, crypto: webCrypto }))).toBe(direct);
          if (edit === undefined) expect(direct).toBe(`ok:${rotate ? 1 : 0}`);
        },
      ),
      { numRuns: 300, examples: [["s", "{}", [true], undefined, false], ["s", "{}", [false], { at: 20, by: "0" }, true]] },
    );
  });
});

describe("stripe on node:crypto: several v1 signatures in one header", () => {
  it("any one matching, in any case, is enough: as the steps say", async () => {
    const payload = '{"id":"evt_1"}';
    const header = signSync(stripe, { secret: ["whsec_b", "whsec_a"], payload, timestamp: NOW })["stripe-signature"]!;
    const [t, forB, forA] = header.split(",") as [string, string, string];
    const upper = (entry: string) => `v1=${entry.slice(3).toUpperCase()}`;
    const zeros = `v1=${"0".repeat(64)}`;
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      [header, "whsec_a", "ok:0"],
      [header, "whsec_b", "ok:0"],
      [`${t},${upper(forB)},${upper(forA)}`, "whsec_a", "ok:0"],
      [`${t},${zeros},${upper(forA)}`, "whsec_a", "ok:0"],
      [`${t},${zeros},${upper(forA)}`, "whsec_b", "no_matching_signature"],
      [`${t},${upper(forB)},${zeros}`, "whsec_b", "ok:0"],
      [`${t},${zeros},${zeros}`, "whsec_a", "no_matching_signature"],
      [header, "whsec_c", "no_matching_signature"],
    ];
    for (const [value, secret, expected] of cases) {
      const options = { secret, payload, headers: { "stripe-signature": value }, now: NOW };
      expect(outcome(() => verifySync(stripe, options)), value).toBe(expected);
      expect(await outcomeAsync(verify(stripe, { ...options, crypto: webCrypto })), value).toBe(expected);
    }
  });
});
