// svix: the Standard Webhooks rules under svix-* headers, against the `svix` package both ways
// and the shared vector that needs the svix header names.
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { generateSecret, sign, standardWebhooks, svix, verify } from "../../src/index.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { loadVectors, payloadOf } from "../vectors/load.js";
import { codeOf, describePreset } from "./conformance.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const nowSeconds = () => Math.floor(Date.now() / 1000);

describePreset({ scheme: svix, secret: SECRET, otherSecret: generateSecret(), payload: '{"type":"invoice.paid","data":{"id":"in_1"}}', tolerance: 300 });

describe("svix against the svix package", () => {
  const payload = '{"type":"user.created","data":{"id":"u_1"}}';

  it("svix verifies what hookseal signs, under svix-* names", async () => {
    const timestamp = nowSeconds();
    const headers = await sign(svix, { secret: SECRET, payload, id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp });
    expect(Object.keys(headers).sort()).toEqual(["svix-id", "svix-signature", "svix-timestamp"]);
    expect(new Webhook(SECRET).verify(payload, headers)).toEqual(JSON.parse(payload));
  });

  it("hookseal verifies what svix signs", async () => {
    const timestamp = nowSeconds();
    const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const signature = new Webhook(SECRET).sign(id, new Date(timestamp * 1000), payload);
    const headers = { "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": signature };
    await expect(verify(svix, { secret: SECRET, payload, headers })).resolves.toEqual({ scheme: "svix", id, eventId: id, timestamp, secretIndex: 0 });
  });

  it("reuses the Standard Webhooks rules: the same signature, only the header names differ", async () => {
    const options = { secret: SECRET, payload, id: "msg_1", timestamp: 1_700_000_000 };
    const sw = await sign(standardWebhooks, options);
    const sv = await sign(svix, options);
    expect(sv["svix-signature"]).toBe(sw["webhook-signature"]);
    // webhook-* headers are standardWebhooks' business: svix wants its own names.
    expect(await codeOf(verify(svix, { ...options, headers: sw, now: options.timestamp }))).toBe("missing_header");
  });
});

describe.each(adapters)("svix vector on the $name adapter", ({ crypto }) => {
  interface Vector { id: string; valid: boolean; requires?: string[]; secret: string; headers: Record<string, string>; payload_b64: string; now: number }
  const vectors = loadVectors<{ vectors: Vector[] }>("standard_webhooks_generated.json").vectors.filter((v) => v.requires?.includes("svix_header_aliases"));

  it("the vectors that need svix-* header names verify with svix", async () => {
    expect(vectors.length).toBeGreaterThan(0);
    for (const vector of vectors) {
      const attempt = verifyWith(crypto, svix, { secret: vector.secret, payload: payloadOf(vector), headers: vector.headers, now: vector.now });
      if (vector.valid) await expect(attempt, vector.id).resolves.toMatchObject({ scheme: "svix" });
      else await expect(attempt, vector.id).rejects.toThrow();
    }
  });
});
