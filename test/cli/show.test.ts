// How `send` and `listen` show bodies: JSON indented exactly as JSON.stringify(…, null, 2)
// would (the oracle) but with the sender's own tokens, text as is, binary summarized, bounded,
// and nothing that could drive a terminal.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indentJson, printable, SHOWN_CHARS, showBody } from "../../src/cli/show.js";

const bytes = (text: string) => new TextEncoder().encode(text);
// eslint-disable-next-line no-control-regex -- what must never reach the terminal
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("showBody", () => {
  it("indents any JSON as JSON.stringify(value, null, 2) does", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, spaced) => {
        const sent = spaced ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        expect(indentJson(sent, Infinity)).toEqual({ shown: JSON.stringify(value, null, 2), complete: true });
      }),
    );
  });

  it("keeps the sender's tokens: big numbers, exponents and escapes as written", () => {
    const sent = '{"id":12345678901234567890,"f":1.0e+2,"s":"a\\u00e9\\"b","dup":1,"dup":2}';
    expect(showBody(bytes(sent))).toBe('{\n  "id": 12345678901234567890,\n  "f": 1.0e+2,\n  "s": "a\\u00e9\\"b",\n  "dup": 1,\n  "dup": 2\n}');
  });

  it("shows other text as is, and binary (or NUL-bearing) bodies by size and SHA-256", () => {
    expect(showBody(bytes("a=1&b=two words\n"))).toBe("a=1&b=two words");
    expect(showBody(bytes("{not json"))).toBe("{not json");
    expect(showBody(new Uint8Array())).toBe("(empty body)");
    for (const body of [Uint8Array.of(0xff, 0xfe, 0x00), bytes("text\u0000more")]) {
      expect(showBody(body)).toBe(`(binary body: ${body.byteLength} bytes, sha256 ${createHash("sha256").update(body).digest("hex")})`);
    }
  });

  it("escapes every character that could drive a terminal, in text and in JSON strings", () => {
    expect(showBody(bytes("\u001b[2J\u001b]0;title\u0007 \r\u009b\u202e"))).toBe("\\u001b[2J\\u001b]0;title\\u0007 \\r\\u009b\\u202e");
    expect(showBody(bytes('{"s":"\u009b31m\u202e"}'))).toBe('{\n  "s": "\\u009b31m\\u202e"\n}');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 100 }), (raw, text) => {
        for (const body of [raw, bytes(text), bytes(JSON.stringify({ text }))]) expect(showBody(body)).not.toMatch(UNSAFE);
      }),
    );
    expect(printable("tab\tand\nnewline")).toBe("tab\tand\nnewline");
  });

  it("shows at most about SHOWN_CHARS of a body, and says how large it was", () => {
    const text = "x".repeat(SHOWN_CHARS * 2);
    const shown = showBody(bytes(text));
    expect(shown.length).toBeLessThan(SHOWN_CHARS + 100);
    expect(shown).toMatch(new RegExp(`\\(${SHOWN_CHARS * 2} bytes in all; the rest is not shown\\)$`));
    // Deep nesting costs neither the stack nor unbounded indentation.
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const nested = showBody(bytes(deep));
    expect(nested.length).toBeLessThan(SHOWN_CHARS + 100);
    expect(indentJson(JSON.stringify({ a: [1, { b: {} }] }), 10)).toEqual({ shown: '{\n  "a": [', complete: false });
  });
});
