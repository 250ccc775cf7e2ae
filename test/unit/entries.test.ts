// The node:crypto and Web Crypto flavours of each entry are written twice (each statically
// imports its own default provider); this keeps them from drifting apart.
import { describe, expect, it } from "vitest";
import * as rootNode from "../../src/index.node.js";
import * as rootWeb from "../../src/index.web.js";
import * as jwtNode from "../../src/jwt.node.js";
import * as jwtWeb from "../../src/jwt.web.js";

describe("entry flavours", () => {
  it("export the same names with the same kinds", () => {
    const shape = (module: object) => Object.entries(module).map(([name, value]) => `${name}:${typeof value}`).sort();
    expect(shape(rootWeb)).toEqual(shape(rootNode));
    expect(shape(jwtWeb)).toEqual(shape(jwtNode));
    expect(Object.keys(rootNode).length).toBeGreaterThan(30);
  });
});
