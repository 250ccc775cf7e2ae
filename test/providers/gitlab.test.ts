// GitLab: X-Gitlab-Token carries the webhook's secret token itself (GitLab's "Webhooks", "Validate
// payloads by using a secret token"): compared in constant time, and never protecting the body.
// GitLab's signing token is Standard Webhooks: verified with standardWebhooks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineScheme, gitlab, memoryReplayStore, sign, standardWebhooks, verify } from "../../src/index.js";
import { nodeCrypto } from "../../src/crypto/node.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const TOKEN = "glpat-webhook-7c2f9a4e1b8d";
const BODY = '{"object_kind":"push","ref":"refs/heads/main","project":{"path_with_namespace":"acme/app"}}';

describePreset({ scheme: gitlab, secret: TOKEN, otherSecret: "another-secret-token", payload: BODY, token: true });

describe("gitlab: the secret token as sent", () => {
  it("X-Gitlab-Token: <token>, any header case; Verified has no timestamp and no id", async () => {
    expect(await sign(gitlab, { secret: TOKEN, payload: BODY })).toEqual({ "x-gitlab-token": TOKEN });
    await expect(verify(gitlab, { secret: TOKEN, payload: BODY, headers: { "X-Gitlab-Token": TOKEN } })).resolves.toEqual({ scheme: "gitlab", secretIndex: 0 });
  });

  it("any other token, a prefix of it, a longer one or another case fails; a missing header is missing_header", async () => {
    for (const sent of ["another-secret-token", TOKEN.slice(0, -1), TOKEN + "x", TOKEN.toUpperCase(), `${TOKEN.slice(0, 4)} ${TOKEN.slice(4)}`]) {
      expect(await codeOf(verify(gitlab, { secret: TOKEN, payload: BODY, headers: { "x-gitlab-token": sent } })), sent).toBe("no_matching_signature");
    }
    expect(await codeOf(verify(gitlab, { secret: TOKEN, payload: BODY, headers: { "x-gitlab-event": "Push Hook" } }))).toBe("missing_header");
  });

  it("compares SHA-256 digests, so the work is the same for a near miss and a far one", async () => {
    let digests = 0;
    const counting = { ...nodeCrypto, digest: (...args: Parameters<typeof nodeCrypto.digest>) => (digests++, nodeCrypto.digest(...args)) };
    await codeOf(verify(gitlab, { secret: TOKEN, payload: BODY, headers: { "x-gitlab-token": "x" }, crypto: counting }));
    const far = digests;
    expect(far).toBeGreaterThan(0);
    digests = 0;
    await codeOf(verify(gitlab, { secret: TOKEN, payload: BODY, headers: { "x-gitlab-token": TOKEN.slice(0, -1) + "!" }, crypto: counting }));
    expect(digests).toBe(far);
  });

  it("a replay store is refused: every request carries the same token", async () => {
    await expect(verify(gitlab, { secret: TOKEN, payload: BODY, headers: { "x-gitlab-token": TOKEN }, replay: memoryReplayStore() })).rejects.toThrow(TypeError);
  });

  it("spreads into a scheme of your own (a renamed self-managed instance), through defineScheme's checks", async () => {
    const selfManaged = defineScheme({ ...gitlab, name: "gitlabSelfManaged" });
    await expect(verify(selfManaged, { secret: TOKEN, payload: BODY, headers: { "x-gitlab-token": TOKEN } })).resolves.toEqual({ scheme: "gitlabSelfManaged", secretIndex: 0 });
    expect(() => defineScheme({ ...gitlab, hash: "SHA-1" } as never)).toThrow(/takes no "hash"/);
  });
});

describe("gitlab's signing token is Standard Webhooks", () => {
  // GitLab (webhook_signing_token): webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256
  // of "<id>.<timestamp>.<body>">, keyed with the whsec_ token's base64-decoded bytes.
  it("a delivery GitLab signs with a whsec_ token verifies with standardWebhooks", async () => {
    const key = Buffer.alloc(32, 7);
    const id = "4a1b2c3d-idempotency-key";
    const mac = createHmac("sha256", key).update(`${id}.${NOW}.${BODY}`).digest("base64");
    const headers = { "webhook-id": id, "webhook-timestamp": String(NOW), "webhook-signature": `v1,${mac}`, "x-gitlab-token": TOKEN };
    await expect(verify(standardWebhooks, { secret: "whsec_" + key.toString("base64"), payload: BODY, headers, now: NOW })).resolves.toMatchObject({ id, timestamp: NOW });
  });
});
