// hook0: Hook0's published conformance vectors, a node:crypto reference written from Hook0's
// "Verifying Signatures" docs, the v0/v1 downgrade refusal, covered headers (tamper, missing,
// malformed h= lists) and the conformance checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hook0, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";
import { loadVectors } from "../vectors/load.js";

const SECRET = "a-hook0-subscription-secret";
const OTHER = "another-hook0-subscription-secret";
const BODY = '{"event_type":"user.account.created","payload":{"id":1}}';

interface Hook0Vector {
  readonly name: string;
  readonly secret: string;
  readonly payload: string;
  readonly headers: [string, string][];
  readonly signature: string;
  readonly current_time: number;
  readonly tolerance_seconds: number;
  readonly verdict: "accepted" | "refused";
  readonly refusal?: "code_not_hexadecimal" | "header_not_delivered" | "code_mismatch" | "outside_tolerance";
}
const { vectors } = loadVectors<{ vectors: Hook0Vector[] }>("hook0_signature_vectors.json");

// Hook0's refusal names, as hookseal's error codes.
const CODES = {
  code_not_hexadecimal: ["malformed_header"],
  header_not_delivered: ["missing_header"],
  code_mismatch: ["no_matching_signature"],
  outside_tolerance: ["timestamp_too_old", "timestamp_too_new"],
} as const;

/** The reference, written from the docs: v1 = HMAC(t.names.values.body), v0 = HMAC(t.body), hex. */
function reference(secret: string, t: number | string, body: string, covered?: [string, string][]): string {
  const message = covered === undefined ? `${t}.${body}` : `${t}.${covered.map(([n]) => n).join(" ")}.${covered.map(([, v]) => v).join(".")}.${body}`;
  return createHmac("sha256", secret).update(message).digest("hex");
}

describePreset({ scheme: hook0, secret: SECRET, otherSecret: OTHER, payload: BODY, tolerance: 300 });

describe("hook0: Hook0's conformance vectors", () => {
  it.each(vectors.map((vector) => [vector.name, vector] as const))("%s", async (_, vector) => {
    const headers = Object.fromEntries([...vector.headers, ["x-hook0-signature", vector.signature]]);
    const at = verify(hook0, { secret: vector.secret, payload: vector.payload, headers, now: vector.current_time, tolerance: vector.tolerance_seconds });
    if (vector.verdict === "accepted") await expect(at).resolves.toMatchObject({ scheme: "hook0" });
    else expect(CODES[vector.refusal!]).toContain(await codeOf(at));
  });

  it("every accepted vector's deciding code is the reference's", () => {
    for (const vector of vectors.filter((v) => v.verdict === "accepted")) {
      const fields = Object.fromEntries(vector.signature.split(",").map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)]));
      const covered = fields.v1 === undefined ? undefined : fields.h!.split(" ").map((n): [string, string] => [n, vector.headers.find(([k]) => k === n)![1]]);
      expect(fields.v1 ?? fields.v0, vector.name).toBe(reference(vector.secret, fields.t!, vector.payload, covered));
    }
  });
});

describe("hook0: the documented algorithm", () => {
  const covered: [string, string][] = [["x-event-id", "evt-1"], ["content-type", "application/json"]];
  const v1 = (list = covered, t = NOW) => `t=${t},h=${list.map(([n]) => n).join(" ")},v1=${reference(SECRET, t, BODY, list)}`;
  const at = (signature: string, extra: Record<string, string> = Object.fromEntries(covered), now = NOW) =>
    verify(hook0, { secret: SECRET, payload: BODY, headers: { ...extra, "X-Hook0-Signature": signature }, now });

  it("sign() writes t=<t>,v1=<hex HMAC of \"<t>...<body>\"> (no covered header)", async () => {
    const headers = await sign(hook0, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "x-hook0-signature": `t=${NOW},v1=${reference(SECRET, NOW, BODY, [])}` });
  });

  it("v1 over covered headers verifies; v0 alone verifies", async () => {
    await expect(at(v1())).resolves.toMatchObject({ timestamp: NOW, secretIndex: 0 });
    await expect(at(`t=${NOW},v0=${reference(SECRET, NOW, BODY)}`)).resolves.toBeDefined();
  });

  it("v1 alone decides: a right v0 beside a wrong v1 is refused (no downgrade)", async () => {
    const wrongV1 = `t=${NOW},h=x-event-id content-type,v0=${reference(SECRET, NOW, BODY)},v1=${reference(OTHER, NOW, BODY, covered)}`;
    expect(await codeOf(at(wrongV1))).toBe("no_matching_signature");
    // and in the other order of fields
    const reordered = `v1=${reference(OTHER, NOW, BODY, covered)},v0=${reference(SECRET, NOW, BODY)},h=x-event-id content-type,t=${NOW}`;
    expect(await codeOf(at(reordered))).toBe("no_matching_signature");
  });

  it("a changed value of a covered header fails; an uncovered header may change", async () => {
    expect(await codeOf(at(v1(), { "x-event-id": "evt-2", "content-type": "application/json" }))).toBe("no_matching_signature");
    await expect(at(v1(), { ...Object.fromEntries(covered), "x-other": "anything" })).resolves.toBeDefined();
  });

  it("a covered header the request lacks is missing_header", async () => {
    expect(await codeOf(at(v1(), { "x-event-id": "evt-1" }))).toBe("missing_header");
  });

  it("malformed h= lists are malformed_header", async () => {
    const mac = reference(SECRET, NOW, BODY, covered);
    for (const h of ["X-Event-Id", "x-event-id  content-type", "x-event-id\tcontent-type", "x-event-id;content-type", "bad@name", "x:y", "é", Array.from({ length: 21 }, (_, i) => `x-h${i}`).join(" ")]) {
      expect(await codeOf(at(`t=${NOW},h=${h},v1=${mac}`)), h).toBe("malformed_header");
    }
    // 20 names is the bound, and is read
    const twenty = Array.from({ length: 20 }, (_, i): [string, string] => [`x-h${i}`, `v${i}`]);
    await expect(at(v1(twenty), Object.fromEntries(twenty))).resolves.toBeDefined();
  });

  it("no t=, a bad t=, two signature headers, a short code are malformed_header", async () => {
    expect(await codeOf(at(`v1=${reference(SECRET, NOW, BODY, [])}`))).toBe("malformed_header");
    expect(await codeOf(at(`t=-1,v0=${reference(SECRET, -1, BODY)}`))).toBe("malformed_header");
    expect(await codeOf(at(`t=${NOW},v0=abcd`))).toBe("malformed_header");
    const twice = verify(hook0, { secret: SECRET, payload: BODY, headers: { "x-hook0-signature": [v1(), v1()] }, now: NOW });
    expect(await codeOf(twice)).toBe("malformed_header");
  });

  it("the window is 300 seconds either way", async () => {
    await expect(at(v1(covered, NOW - 300))).resolves.toBeDefined();
    expect(await codeOf(at(v1(covered, NOW - 301)))).toBe("timestamp_too_old");
    await expect(at(v1(covered, NOW + 300))).resolves.toBeDefined();
    expect(await codeOf(at(v1(covered, NOW + 301)))).toBe("timestamp_too_new");
  });
});
