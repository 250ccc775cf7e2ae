// Programming mistakes get a TypeError that says what to do, at once.
import { describe, expect, it } from "vitest";
import { github, sign, standardWebhooks, stripe, verify } from "../../src/index.js";
import { webCrypto } from "../../src/crypto/web.js";
import { signSync, verifySync } from "../../src/node.js";

const SECRET = "whsec_" + Buffer.alloc(32, 9).toString("base64");

describe("raw body misuse", () => {
  it.each([
    ["a parsed JSON object", { event: "ping" }],
    ["an array", [1, 2]],
    ["null", null],
    ["a number", 42],
    ["a Uint16Array", new Uint16Array(2)],
  ])("verify refuses %s with a TypeError that explains the raw body", async (_label, payload) => {
    const attempt = verify(github, { secret: SECRET, payload: payload as never, headers: {} });
    await expect(attempt).rejects.toBeInstanceOf(TypeError);
    await expect(attempt).rejects.toThrow(/raw body/);
    await expect(attempt).rejects.toThrow(/express\.raw|request\.text/);
  });

  it("sign refuses a parsed body too", async () => {
    await expect(sign(github, { secret: SECRET, payload: { a: 1 } as never })).rejects.toBeInstanceOf(TypeError);
  });
});

describe("timestamps", () => {
  it("a millisecond timestamp is refused, never misread", async () => {
    await expect(sign(stripe, { secret: SECRET, payload: "", timestamp: Date.now() })).rejects.toThrow(/milliseconds/);
    const headers = await sign(stripe, { secret: SECRET, payload: "" });
    await expect(verify(stripe, { secret: SECRET, payload: "", headers, now: Date.now() })).rejects.toThrow(TypeError);
  });

  it("Date, seconds and fractional seconds are accepted", async () => {
    const date = new Date("2024-01-01T00:00:00.750Z");
    const headers = await sign(standardWebhooks, { secret: SECRET, payload: "", timestamp: date, id: "msg_1" });
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(date.getTime() / 1000)));
    await expect(verify(standardWebhooks, { secret: SECRET, payload: "", headers, now: date.getTime() / 1000 + 0.5 })).resolves.toMatchObject({ id: "msg_1" });
  });

  it.each([["NaN", NaN], ["Infinity", Infinity], ["negative", -5], ["string", "1700000000"], ["invalid Date", new Date("x")]])(
    "refuses a %s timestamp",
    async (_label, timestamp) => {
      await expect(sign(stripe, { secret: SECRET, payload: "", timestamp: timestamp as never })).rejects.toBeInstanceOf(TypeError);
    },
  );

  it.each([-1, NaN, Infinity, "300"])("refuses tolerance %s", async (tolerance) => {
    const headers = await sign(stripe, { secret: SECRET, payload: "" });
    await expect(verify(stripe, { secret: SECRET, payload: "", headers, tolerance: tolerance as never })).rejects.toBeInstanceOf(TypeError);
  });
});

describe("other misuse", () => {
  it("several secrets for a one-signature scheme", async () => {
    await expect(sign(github, { secret: [SECRET, SECRET + "x"], payload: "" })).rejects.toThrow(/one secret/);
  });

  it("a secret of the wrong type", async () => {
    await expect(sign(github, { secret: 123 as never, payload: "" })).rejects.toBeInstanceOf(TypeError);
    await expect(verify(github, { secret: { key: 1 } as never, payload: "", headers: {} })).rejects.toBeInstanceOf(TypeError);
  });

  it("a scheme that is not a scheme", async () => {
    await expect(verify("github" as unknown as typeof github, { secret: SECRET, payload: "", headers: {} })).rejects.toThrow(/scheme object/);
  });

  it("headers that are not headers, and options that are not an object", async () => {
    await expect(verify(github, { secret: SECRET, payload: "", headers: "x-hub-signature-256: x" as never })).rejects.toBeInstanceOf(TypeError);
    await expect(verify(github, undefined as never)).rejects.toBeInstanceOf(TypeError);
    await expect(sign(github, null as never)).rejects.toBeInstanceOf(TypeError);
  });

  it("an id that cannot travel in a header", async () => {
    for (const id of ["", "has space", "line\nbreak", "é", "x".repeat(257)]) {
      await expect(sign(standardWebhooks, { secret: SECRET, payload: "", id })).rejects.toBeInstanceOf(RangeError);
    }
  });

  it("the sync variants refuse an asynchronous provider", () => {
    expect(() => signSync(github, { secret: SECRET, payload: "", crypto: webCrypto as never })).toThrow(/asynchronous/);
    const headers = signSync(github, { secret: SECRET, payload: "" });
    expect(() => verifySync(github, { secret: SECRET, payload: "", headers, crypto: webCrypto as never })).toThrow(/asynchronous/);
  });
});

describe("Date timestamps get the same range checks as numbers", () => {
  it.each([new Date(-5000), new Date(8.64e15)])("refuses %s", async (timestamp) => {
    await expect(sign(stripe, { secret: SECRET, payload: "", timestamp })).rejects.toBeInstanceOf(TypeError);
  });
});
