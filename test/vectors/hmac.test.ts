// RFC 4231 and Project Wycheproof HMAC-SHA256, run through each crypto adapter.
import { describe, expect, it } from "vitest";
import { adapters } from "../adapters.js";
import { hexBytes, loadVectors } from "./load.js";

interface Rfc4231 { vectors: { id: string; key_hex: string; data_hex: string; mac_hex: string; truncated_to_bits?: number }[] }
interface Wycheproof {
  testGroups: { tagSize: number; tests: { tcId: number; key: string; msg: string; tag: string; result: "valid" | "invalid" }[] }[];
}

const rfc = loadVectors<Rfc4231>("rfc4231_hmac_sha256.json");
const wycheproof = loadVectors<Wycheproof>("wycheproof_hmac_sha256_test.json");

describe.each(adapters)("HMAC-SHA256 known answers on the $name adapter", ({ crypto }) => {
  it.each(rfc.vectors)("RFC 4231 $id", async (vector) => {
    const mac = await crypto.hmac("SHA-256", hexBytes(vector.key_hex), [hexBytes(vector.data_hex)]);
    const bytes = (vector.truncated_to_bits ?? 256) / 8;
    expect(Buffer.from(mac.subarray(0, bytes)).toString("hex")).toBe(vector.mac_hex);
  });

  it("Wycheproof: every valid tag reproduces, every invalid one differs", async () => {
    let checked = 0;
    for (const group of wycheproof.testGroups) {
      for (const test of group.tests) {
        const mac = await crypto.hmac("SHA-256", hexBytes(test.key), [hexBytes(test.msg)]);
        const tag = Buffer.from(mac.subarray(0, group.tagSize / 8)).toString("hex");
        expect(tag === test.tag, `tcId ${test.tcId}`).toBe(test.result === "valid");
        checked++;
      }
    }
    expect(checked).toBe(174);
  });

  it("streams parts exactly like one concatenated message", async () => {
    const key = hexBytes("0b".repeat(20));
    const whole = await crypto.hmac("SHA-256", key, [new TextEncoder().encode("Hi There")]);
    const parts = await crypto.hmac("SHA-256", key, [new TextEncoder().encode("Hi "), new TextEncoder().encode("There")]);
    expect(parts).toEqual(whole);
  });
});
