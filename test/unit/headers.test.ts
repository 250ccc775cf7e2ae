// Header lookup across the shapes receivers meet, and its bounds on hostile input.
import { describe, expect, it } from "vitest";
import { github, sign, standardWebhooks, verify, WebhookVerificationError } from "../../src/index.js";
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
    const inherited = Object.create({ "x-hub-signature-256": "inherited", "X-Hub-Signature-256": "inherited" }) as Record<string, string>;
    inherited["X-HUB-SIGNATURE-256"] = "own";
    expect(headerValues(inherited, "x-hub-signature-256")).toEqual(["own"]);
  });

  it("finds every spelling of a name, however many other keys share its length", () => {
    const record: Record<string, string> = { "x-hub-signature-255": "a", "X-Hub-Signature-256": "b", "x-hub-signature-256": "c", "y-hub-signature-256": "d" };
    expect(headerValues(record, "x-hub-signature-256")).toEqual(["b", "c"]);
  });

  it("counts only own keys towards the bound on entries", () => {
    const inheritedKeys = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`inherited-${i}`, "x"]));
    const ownKeys = (count: number) => {
      const record = Object.create(inheritedKeys) as Record<string, string>;
      for (let i = 0; i < count; i++) record[`own-${i}`] = "x";
      record["x-hub-signature-256"] = "sig";
      return record;
    };
    expect(headerValues(ownKeys(999), "x-hub-signature-256")).toEqual(["sig"]); // 1000 own keys, 1600 in all
    expect(() => headerValues(ownKeys(1000), "x-hub-signature-256")).toThrow(WebhookVerificationError);
    expect(() => headerValues(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`h-${i}`, "x"])), "h-0")).toThrow(/more than 1000 header entries/);
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

describe("header lines joined by fetch Headers", () => {
  it("a repeated signature header appended to Headers keeps every signature", async () => {
    const [a, b] = ["whsec_" + Buffer.alloc(32, 1).toString("base64"), "whsec_" + Buffer.alloc(32, 2).toString("base64")];
    for (const scheme of [standardWebhooks, (await import("../../src/index.js")).stripe]) {
      const byA = await sign(scheme, { secret: a, payload: "p", timestamp: 1_700_000_000, id: "msg_1" });
      const byB = await sign(scheme, { secret: b, payload: "p", timestamp: 1_700_000_000, id: "msg_1" });
      const headers = new Headers();
      for (const [name, value] of Object.entries(byA)) if (name !== scheme.signatureHeader) headers.set(name, value);
      headers.append(scheme.signatureHeader, byA[scheme.signatureHeader]!);
      headers.append(scheme.signatureHeader, byB[scheme.signatureHeader]!);
      for (const secret of [a, b]) {
        await expect(verify(scheme, { secret, payload: "p", headers, now: 1_700_000_000 }), scheme.name).resolves.toBeDefined();
      }
    }
  });

  it("only spaces and tabs are trimmed from values, as in HTTP", async () => {
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "p", id: "msg_1" });
    await expect(verify(standardWebhooks, { secret: SECRET, payload: "p", headers: { ...headers, "webhook-id": " \tmsg_1\t " } })).resolves.toBeDefined();
    const nbsp = { ...headers, "webhook-id": "msg_1\u00a0" };
    await expect(verify(standardWebhooks, { secret: SECRET, payload: "p", headers: nbsp })).rejects.toMatchObject({ code: "no_matching_signature" });
  });
});

describe("bounded work on a header repeated many times", () => {
  it("refuses a string[] value with an absurd number of items before parsing any", async () => {
    const values = Array.from({ length: 200_000 }, () => "sha256=" + "0".repeat(64));
    const outcome = await verify(github, { secret: SECRET, payload: "", headers: { "x-hub-signature-256": values } }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(WebhookVerificationError);
    expect((outcome as WebhookVerificationError).code).toBe("malformed_header");
  });
});
