// Convoy: the convoy() factory against Convoy's published vectors (test/vectors/data), a node:crypto
// oracle written from Convoy's "Signatures" and its signing code, and the conformance checks for
// each mode, hash and encoding.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { convoy, sign, verify, type ConvoyOptions, type VerificationErrorCode } from "../../src/index.js";
import { loadVectors } from "../vectors/load.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

interface ConvoyVector {
  id: string;
  valid: boolean;
  failure_reason?: string;
  convoy: Required<Pick<ConvoyOptions, "mode" | "hash" | "encoding">>;
  now: number;
  tolerance_seconds: number;
  secret_utf8: string;
  payload_utf8: string;
  headers: Record<string, string>;
}

const { vectors } = loadVectors<{ vectors: ConvoyVector[] }>("convoy_signature_vectors.json");
const SECRET = "convoy-endpoint-secret-1f2e3d";
const BODY = '{"event":"charge.success","amount":1000,"currency":"NGN"}';

for (const mode of ["advanced", "simple"] as const) {
  for (const hash of ["SHA-256", "SHA-512"] as const) {
    for (const encoding of ["hex", "base64"] as const) {
      describePreset({ scheme: convoy({ mode, hash, encoding }), secret: SECRET, otherSecret: "another-endpoint-secret", payload: BODY, tolerance: 300 });
    }
  }
}

/** What Convoy sends, from its document and signing code: HMAC of the body, or of "<t>,<body>". */
function oracle(options: ConvoyVector["convoy"], secret: string, body: string, t?: number): string {
  const mac = (content: string) => createHmac(options.hash === "SHA-256" ? "sha256" : "sha512", secret).update(content).digest(options.encoding);
  return options.mode === "simple" ? mac(body) : `t=${t},v1=${mac(`${t},${body}`)}`;
}

const CODES: Record<string, VerificationErrorCode> = {
  signature_mismatch: "no_matching_signature",
  timestamp_too_old: "timestamp_too_old",
  malformed_timestamp: "malformed_header",
  malformed_signature: "malformed_header",
};

describe("convoy: Convoy's published vectors", () => {
  it("has them all (10 valid, 7 must-fail)", () => {
    expect(vectors.filter((v) => v.valid)).toHaveLength(10);
    expect(vectors.filter((v) => !v.valid)).toHaveLength(7);
  });

  it.each(vectors.map((v) => [v.id, v] as const))("%s", async (_, v) => {
    const scheme = convoy(v.convoy);
    const verifying = verify(scheme, { secret: v.secret_utf8, payload: v.payload_utf8, headers: v.headers, now: v.now, tolerance: v.tolerance_seconds });
    if (v.valid) {
      await expect(verifying).resolves.toMatchObject({ scheme: "convoy", secretIndex: 0 });
      // The oracle makes the same signature, so the vector is what the document describes.
      const sent = v.headers["X-Convoy-Signature"]!;
      const t = /t=(\d+)/.exec(sent)?.[1];
      const expected = oracle(v.convoy, v.secret_utf8, v.payload_utf8, t === undefined ? undefined : Number(t));
      const macOf = (header: string) => (v.convoy.mode === "simple" ? header : header.split(",").filter((f) => f.startsWith("v1=")));
      expect(macOf(sent)).toEqual(v.convoy.mode === "simple" ? expected : expect.arrayContaining(macOf(expected) as string[]));
    } else {
      expect(await codeOf(verifying)).toBe(CODES[v.failure_reason!]);
    }
  });
});

describe("convoy: what Convoy sends", () => {
  it("defaults to Convoy's: advanced, SHA-256, hex, X-Convoy-Signature, 300 s", async () => {
    const scheme = convoy();
    expect(scheme).toMatchObject({ name: "convoy", hash: "SHA-256", encoding: "hex", signatureHeader: "x-convoy-signature", multipleSignatures: true });
    expect(scheme.timestamp?.tolerance).toBe(300);
    const options = { mode: "advanced", hash: "SHA-256", encoding: "hex" } as const;
    expect(await sign(scheme, { secret: SECRET, payload: BODY, timestamp: NOW })).toEqual({ "x-convoy-signature": oracle(options, SECRET, BODY, NOW) });
  });

  it("simple mode: the bare signature, no timestamp", async () => {
    for (const hash of ["SHA-256", "SHA-512"] as const) {
      for (const encoding of ["hex", "base64"] as const) {
        const scheme = convoy({ mode: "simple", hash, encoding });
        expect(scheme.timestamp).toBeUndefined();
        expect(await sign(scheme, { secret: SECRET, payload: BODY })).toEqual({ "x-convoy-signature": oracle({ mode: "simple", hash, encoding }, SECRET, BODY) });
      }
    }
  });

  it("advanced mode: t= anywhere, one v1 per secret while rolling, signatures of other versions (v2=) read too; different t= values refused", async () => {
    const scheme = convoy();
    const mac = (secret: string) => createHmac("sha256", secret).update(`${NOW},${BODY}`).digest("hex");
    const at = (value: string) => verify(scheme, { secret: SECRET, payload: BODY, headers: { "X-Convoy-Signature": value }, now: NOW });
    await expect(at(`v1=${mac(SECRET)},t=${NOW}`)).resolves.toBeDefined();
    await expect(at(`t=${NOW},v1=${mac("old")},v1=${mac(SECRET)}`)).resolves.toBeDefined();
    await expect(at(`t=${NOW},v1=${"ab".repeat(64)},v2=${mac(SECRET)}`)).resolves.toBeDefined();
    expect(await codeOf(at(`t=${NOW},t=${NOW + 1},v1=${mac(SECRET)}`))).toBe("malformed_header");
    expect(await codeOf(at(`t=${NOW}.0,v1=${mac(SECRET)}`))).toBe("malformed_header");
    expect(await codeOf(at(`t=${NOW},sig=${mac(SECRET)}`))).toBe("malformed_header");
    // A dot instead of Convoy's comma is another message.
    const dotted = createHmac("sha256", SECRET).update(`${NOW}.${BODY}`).digest("hex");
    expect(await codeOf(at(`t=${NOW},v1=${dotted}`))).toBe("no_matching_signature");
  });

  it("a custom header and tolerance; bad options are TypeError/RangeError", async () => {
    const scheme = convoy({ header: "X-Acme-Signature", tolerance: 60 });
    const headers = await sign(scheme, { secret: SECRET, payload: BODY, timestamp: NOW });
    expect(Object.keys(headers)).toEqual(["x-acme-signature"]);
    expect(await codeOf(verify(scheme, { secret: SECRET, payload: BODY, headers, now: NOW + 61 }))).toBe("timestamp_too_old");
    expect(() => convoy({ mode: "fancy" } as never)).toThrow(TypeError);
    expect(() => convoy({ hash: "SHA-1" } as never)).toThrow(TypeError);
    expect(() => convoy({ encoding: "base64url" } as never)).toThrow(TypeError);
    expect(() => convoy({ header: "bad header" })).toThrow(TypeError);
    expect(() => convoy({ tolerance: -1 })).toThrow(RangeError);
    expect(() => convoy({ tolerance: Number.NaN })).toThrow(RangeError);
    expect(() => convoy(null as never)).toThrow(TypeError);
  });
});
