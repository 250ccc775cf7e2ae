// The one-call verify()/verifySync() remember their configuration between calls
// (engine/remembered.ts). Whatever is remembered, a call is answered as if nothing were: a
// changed secret, an array of secrets changed in place, other options, bytes changed in place.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verify } from "../../src/index.js";
import { configurationOf, REMEMBERED_PER_SCHEME } from "../../src/engine/remembered.js";
import { github, memoryReplayStore, stripe, WebhookVerificationError } from "../../src/common.js";
import { verifySync } from "../../src/node.js";

const payload = '{"ok":true}';
const githubHeaders = (secret: string | Uint8Array) => ({
  "x-hub-signature-256": "sha256=" + createHmac("sha256", secret).update(payload).digest("hex"),
});
const code = (run: () => unknown): string => {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error instanceof WebhookVerificationError ? error.code : String(error);
  }
};
const fail = (message: string) => new RangeError(message);

describe("remembered configurations", () => {
  it("are reused for the same string secret and options, and only then", () => {
    const first = configurationOf(github, { secret: "remembered-a", payload, headers: {} }, fail);
    expect(configurationOf(github, { secret: "remembered-a", payload: "other", headers: { a: "b" } }, fail)).toBe(first);
    expect(configurationOf(github, { secret: "remembered-b", payload, headers: {} }, fail)).not.toBe(first);
    expect(configurationOf(github, { secret: "remembered-a", tolerance: 10, payload, headers: {} }, fail)).not.toBe(first);
    expect(configurationOf(github, { secret: "remembered-a", replay: memoryReplayStore(), payload, headers: {} }, fail)).not.toBe(first);
    expect(configurationOf(github, { secret: "remembered-a", replayScope: "route", payload, headers: {} }, fail)).not.toBe(first);
    expect(configurationOf(stripe, { secret: "remembered-a", payload, headers: {} }, fail)).not.toBe(first);
  });

  it("never answer an array of secrets changed in place with the old keys", () => {
    const secrets = ["rotated-old", "rotated-new"];
    expect(verifySync(github, { secret: secrets, payload, headers: githubHeaders("rotated-new") }).secretIndex).toBe(1);
    secrets[1] = "rotated-newer";
    expect(code(() => verifySync(github, { secret: secrets, payload, headers: githubHeaders("rotated-new") }))).toBe("no_matching_signature");
    expect(verifySync(github, { secret: secrets, payload, headers: githubHeaders("rotated-newer") }).secretIndex).toBe(1);
    secrets.push("rotated-third");
    expect(verifySync(github, { secret: secrets, payload, headers: githubHeaders("rotated-third") }).secretIndex).toBe(2);
    secrets.length = 1;
    expect(code(() => verifySync(github, { secret: secrets, payload, headers: githubHeaders("rotated-third") }))).toBe("no_matching_signature");
  });

  it("never keep byte secrets: bytes changed in place take effect", () => {
    const secret = new TextEncoder().encode("bytes-secret-1");
    expect(verifySync(github, { secret, payload, headers: githubHeaders("bytes-secret-1") }).secretIndex).toBe(0);
    secret[secret.length - 1] = "2".charCodeAt(0);
    expect(code(() => verifySync(github, { secret, payload, headers: githubHeaders("bytes-secret-1") }))).toBe("no_matching_signature");
    expect(verifySync(github, { secret, payload, headers: githubHeaders("bytes-secret-2") }).secretIndex).toBe(0);
    // An array holding bytes is not remembered either.
    const mixed = ["mixed-string", new TextEncoder().encode("mixed-bytes-1")];
    expect(verifySync(github, { secret: mixed, payload, headers: githubHeaders("mixed-bytes-1") }).secretIndex).toBe(1);
    (mixed[1] as Uint8Array)[12] = "9".charCodeAt(0);
    expect(code(() => verifySync(github, { secret: mixed, payload, headers: githubHeaders("mixed-bytes-1") }))).toBe("no_matching_signature");
  });

  it("are bounded per scheme, and a forgotten one is made again", () => {
    const made = Array.from({ length: REMEMBERED_PER_SCHEME * 3 }, (_, i) => configurationOf(stripe, { secret: `bounded-${i}`, payload, headers: {} }, fail));
    // The last REMEMBERED_PER_SCHEME are still there; the first were replaced.
    const last = REMEMBERED_PER_SCHEME * 3 - 1;
    expect(configurationOf(stripe, { secret: `bounded-${last}`, payload, headers: {} }, fail)).toBe(made[last]);
    const again = configurationOf(stripe, { secret: "bounded-0", payload, headers: {} }, fail);
    expect(again).not.toBe(made[0]);
    expect((again.keys[0] as { bytes: Uint8Array }).bytes).toEqual((made[0]!.keys[0] as { bytes: Uint8Array }).bytes);
  });

  it("remember nothing that failed: the same error every time", async () => {
    for (let i = 0; i < 3; i++) {
      await expect(verify(github, { secret: " \n", payload, headers: githubHeaders("x") })).rejects.toMatchObject({ code: "invalid_secret" });
      await expect(verify(github, { secret: "x", tolerance: -1, payload, headers: githubHeaders("x") })).rejects.toBeInstanceOf(TypeError);
    }
  });

  it("keep the whitespace hint of the secrets as they are now", () => {
    const secrets = ["hint-a", "hint-b"];
    const message = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    };
    expect(message(() => verifySync(github, { secret: secrets, payload, headers: githubHeaders("zzz") }))).not.toMatch(/whitespace/);
    secrets[1] = "hint-b\n";
    expect(message(() => verifySync(github, { secret: secrets, payload, headers: githubHeaders("zzz") }))).toMatch(/Secret #1 has leading or trailing whitespace/);
  });
});
