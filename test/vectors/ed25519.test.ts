// RFC 8032 and Project Wycheproof Ed25519, through each crypto adapter.
import { describe, expect, it } from "vitest";
import { adapters } from "../adapters.js";
import { hexBytes, loadVectors } from "./load.js";

interface Rfc8032 { vectors: { id: string; secret_key_hex: string; public_key_hex: string; message_hex: string; signature_hex: string; valid: boolean }[] }
interface Wycheproof {
  testGroups: { publicKey: { pk: string }; tests: { tcId: number; msg: string; sig: string; result: "valid" | "invalid" }[] }[];
}

const rfc = loadVectors<Rfc8032>("rfc8032_ed25519.json");
const wycheproof = loadVectors<Wycheproof>("wycheproof_ed25519_test.json");

describe.each(adapters)("Ed25519 known answers on the $name adapter", ({ crypto }) => {
  it.each(rfc.vectors)("RFC 8032 $id", async (vector) => {
    const message = [hexBytes(vector.message_hex)];
    const verified = await crypto.ed25519Verify(hexBytes(vector.public_key_hex), hexBytes(vector.signature_hex), message);
    expect(verified).toBe(vector.valid);
    if (vector.valid) {
      const seed = hexBytes(vector.secret_key_hex);
      expect(Buffer.from(await crypto.ed25519PublicKey(seed)).toString("hex")).toBe(vector.public_key_hex);
      // Ed25519 is deterministic: signing reproduces the published signature.
      expect(Buffer.from(await crypto.ed25519Sign(seed, message)).toString("hex")).toBe(vector.signature_hex);
    }
  });

  it("Wycheproof: valid signatures verify, invalid ones do not, and nothing throws", async () => {
    let checked = 0;
    for (const group of wycheproof.testGroups) {
      for (const test of group.tests) {
        const verified = await crypto.ed25519Verify(hexBytes(group.publicKey.pk), hexBytes(test.sig), [hexBytes(test.msg)]);
        expect(verified, `tcId ${test.tcId}`).toBe(test.result === "valid");
        checked++;
      }
    }
    expect(checked).toBe(151);
  });

  it("a public key that is not a key verifies nothing", async () => {
    expect(await crypto.ed25519Verify(new Uint8Array(31), new Uint8Array(64), [new Uint8Array(1)])).toBe(false);
    expect(await crypto.ed25519Verify(new Uint8Array(32).fill(255), new Uint8Array(64), [new Uint8Array(1)])).toBe(false);
  });
});
