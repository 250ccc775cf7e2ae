// defineScheme refuses a content under which one signature covers two ids: an id and a body
// joined with no delimiter, so a byte can move from one to the other.
import { describe, expect, it } from "vitest";
import * as hookseal from "../../src/index.js";
import { schemesOf } from "../built-in-schemes.js";
import { defineScheme, sign, verify, type Scheme } from "../../src/index.js";

const base = {
  name: "acme",
  hash: "SHA-256",
  encoding: "hex",
  signatureHeader: "acme-signature",
  idHeader: "acme-id",
  parse: (value: string) => ({ signatures: [value] }),
  format: ({ signatures }: { signatures: readonly string[] }) => signatures[0]!,
} as const;

describe("defineScheme: the boundary between the id and the body", () => {
  it("refuses [id, body] and [body, id] with a TypeError that names the fix", () => {
    for (const content of [({ id, body }: { id: string; body: Uint8Array }) => [id, body], ({ id, body }: { id: string; body: Uint8Array }) => [body, id]]) {
      const error = (() => {
        try {
          defineScheme({ ...base, content } as never);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/delimiter/);
      expect((error as Error).message).toContain("`${id}.`");
    }
  });

  it("what it prevents: the same signature for another id", async () => {
    // Built by hand (the scheme below skips defineScheme's probes) to show the replay.
    const accepting = { ...defineScheme({ ...base, content: ({ id, body }) => [`${id}.`, body] }), content: ({ id, body }: { id?: string; body: Uint8Array }) => [id!, body] } as Scheme;
    const headers = await sign(accepting, { secret: "s", payload: "{}", id: "msg_1" });
    const moved = { ...headers, "acme-id": "msg_1{" };
    await expect(verify(accepting, { secret: "s", payload: "}", headers: moved })).resolves.toMatchObject({ id: "msg_1{" });
  });

  it("accepts a delimiter, and every built-in scheme still defines", () => {
    expect(() => defineScheme({ ...base, content: ({ id, body }) => [`${id}.`, body] })).not.toThrow();
    expect(() => defineScheme({ ...base, content: ({ id, body }) => [body, `.${id}`] })).not.toThrow();
    const builtIns = schemesOf(hookseal).map(([, scheme]) => scheme);
    expect(builtIns.length).toBeGreaterThan(10);
    for (const scheme of builtIns) expect(() => defineScheme({ ...scheme })).not.toThrow();
  });
});
