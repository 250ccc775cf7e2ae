// Header lookup across the shapes receivers meet, and its bounds on hostile input.
import { describe, expect, it } from "vitest";
import { github, sign, standardWebhooks, verify, WebhookVerificationError } from "../../src/index.node.js";
import { headerValues } from "../../src/lib/headers.js";

const SECRET = "whsec_" + Buffer.alloc(32, 3).toString("base64");

describe("header lookup", () => {
  it("is case-insensitive in every shape", () => {
    const fetchHeaders = new Headers({ "X-Hub-Signature-256": "a" });
    expect(headerValues(fetchHeaders, "x-hub-signature-256")).toEqual(["a"]);
    expect(headerValues({ "X-Hub-Signature-256": "a" }, "x-hub-signature-256")).toEqual(["a"]);
    expect(headerValues([["X-HUB-SIGNATURE-256", "a"]], "x-hub-signature-256")).toEqual(["a"]);
    expect(headerValues(new Map([["X-Hub-Signature-256", "a"]]), "x-hub-signature-256")).toEqual(["a"]);
  });

  it("keeps repeated values, drops empty ones", () => {
    expect(headerValues({ "webhook-signature": ["v1,a", "", "v1,b"] }, "webhook-signature")).toEqual(["v1,a", "v1,b"]);
    expect(headerValues([["a", "1"], ["A", "2"]], "a")).toEqual(["1", "2"]);
    expect(headerValues({ a: undefined }, "a")).toEqual([]);
  });

  it("does not read the prototype chain", () => {
    expect(headerValues({}, "constructor")).toEqual([]);
    expect(headerValues({}, "__proto__")).toEqual([]);
  });

  it("verifies with Headers, records, string[] values and entries alike", async () => {
    const payload = "{}";
    const signed = await sign(standardWebhooks, { secret: SECRET, payload });
    const shapes = [
      new Headers(signed),
      signed,
      Object.entries(signed),
      Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), [v]])),
    ];
    for (const headers of shapes) await expect(verify(standardWebhooks, { secret: SECRET, payload, headers })).resolves.toBeDefined();
  });

  it("accepts a signature spread over several header lines", async () => {
    const payload = "{}";
    const signed = await sign(standardWebhooks, { secret: SECRET, payload });
    const headers = { ...signed, "webhook-signature": ["v1," + Buffer.alloc(32).toString("base64"), signed["webhook-signature"]!] };
    await expect(verify(standardWebhooks, { secret: SECRET, payload, headers })).resolves.toBeDefined();
  });
});

describe("bounded work on hostile headers", () => {
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => "accepted",
      (e: unknown) => (e instanceof WebhookVerificationError ? e.code : String(e)),
    );

  it("an oversized value is refused as malformed_header", async () => {
    const headers = { "x-hub-signature-256": "sha256=" + "a".repeat(1_000_000) };
    expect(await code(verify(github, { secret: SECRET, payload: "", headers }))).toBe("malformed_header");
  });

  it("an absurd number of signatures is refused as malformed_header", async () => {
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "" });
    headers["webhook-signature"] = Array(100).fill(headers["webhook-signature"]).join(" ");
    expect(await code(verify(standardWebhooks, { secret: SECRET, payload: "", headers }))).toBe("malformed_header");
  });

  it("an endless entries iterable is refused, not read forever", async () => {
    function* endless(): Generator<[string, string]> {
      for (;;) yield ["x-other", "1"];
    }
    expect(await code(verify(github, { secret: SECRET, payload: "", headers: endless() }))).toBe("malformed_header");
  });

  it("a record with too many keys is refused", async () => {
    const headers = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`X-${i}`, "1"]));
    expect(await code(verify(github, { secret: SECRET, payload: "", headers }))).toBe("malformed_header");
  });
});
