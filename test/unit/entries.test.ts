// src/index.ts and src/jwt.ts are written once; each build picks their default crypto
// provider (`#default-crypto`). In tests, vitest.config.ts does the same: src/web.ts gets the
// Web Crypto flavour, every other importer the node:crypto one.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as rootNode from "../../src/index.js";
import * as jwtNode from "../../src/jwt.js";
import * as web from "../../src/web.js";

const secret = "It's a Secret to Everybody";
const payload = "Hello, World!";

afterEach(() => vi.restoreAllMocks());

describe("entry flavours", () => {
  it("the Web Crypto flavour signs and verifies through crypto.subtle by default", async () => {
    const subtleSign = vi.spyOn(globalThis.crypto.subtle, "sign");
    const headers = await web.sign(web.github, { secret, payload });
    await web.verify(web.github, { secret, payload, headers });
    await web.verifyJwt(await web.signJwt({ sub: "a" }, "k".repeat(32)), "k".repeat(32));
    expect(subtleSign).toHaveBeenCalled();
  });

  it("the node:crypto flavour never calls crypto.subtle by default", async () => {
    const subtleSign = vi.spyOn(globalThis.crypto.subtle, "sign");
    const headers = await rootNode.sign(rootNode.github, { secret, payload });
    await rootNode.verify(rootNode.github, { secret, payload, headers });
    await jwtNode.verifyJwt(await jwtNode.signJwt({ sub: "a" }, "k".repeat(32)), "k".repeat(32));
    expect(subtleSign).not.toHaveBeenCalled();
  });

  it("both flavours export the same API", () => {
    const shape = (module: object) => Object.keys(module).sort();
    expect(shape(web).filter((name) => name !== "webCrypto")).toEqual(shape(rootNode));
    expect(Object.keys(rootNode).length).toBeGreaterThan(30);
  });
});
