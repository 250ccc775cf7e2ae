// The published package, not the source: `npm pack`, unpack into a scratch project with no
// other dependency, and load every entry point as ESM and as CJS in a child Node process.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "hookseal-pack-"));
  // --ignore-scripts: pack the dist/ `npm test` built; "prepare" would rebuild it under the
  // other test files that read it (fresh-clone.test.ts checks the build on pack).
  const tarball = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", project], { cwd: root, encoding: "utf8" }).trim().split("\n").pop()!;
  const target = join(project, "node_modules", "hookseal");
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", join(project, tarball), "-C", target, "--strip-components=1"]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

const run = (file: string, source: string): unknown => {
  writeFileSync(join(project, file), source);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8" }));
};

// The same round trip in every entry point and module system.
const roundTrip = (load: string) => `
${load}
const out = {};
for (const [entry, api] of Object.entries(entries)) {
  const secret = api.generateSecret();
  const results = [];
  for (const scheme of [api.github, api.stripe, api.standardWebhooks]) {
    const headers = await api.sign(scheme, { secret, payload: "hello" });
    const verified = await api.verify(scheme, { secret, payload: "hello", headers });
    const rejected = await api.verify(scheme, { secret, payload: "hellO", headers }).then(() => "accepted", (e) => e.code);
    results.push([verified.scheme, rejected]);
  }
  out[entry] = { results, sync: typeof api.verifySync, node: typeof api.nodeCrypto, web: typeof api.webCrypto };
}
console.log(JSON.stringify(out));
`;

const expected = {
  results: [["github", "no_matching_signature"], ["stripe", "no_matching_signature"], ["standardWebhooks", "no_matching_signature"]],
};

describe("the packed package", () => {
  it("ships dist only, with zero dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(project, "node_modules/hookseal/package.json"), "utf8"));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.sideEffects).toBe(false);
    const listing = execFileSync("tar", ["-tzf", join(project, execFileSync("ls", [project], { encoding: "utf8" }).split("\n").find((f) => f.endsWith(".tgz"))!)], { encoding: "utf8" });
    expect(listing).toContain("package/dist/index.web.js");
    expect(listing).not.toContain("package/src/");
    expect(listing).not.toContain("package/test/");
  });

  it("loads and round-trips as ESM from every entry point", () => {
    const out = run(
      "esm.mjs",
      roundTrip(`import * as root from "hookseal"; import * as node from "hookseal/node"; import * as web from "hookseal/web";
const entries = { root, node, web };`),
    ) as Record<string, object>;
    expect(out.root).toMatchObject({ ...expected, sync: "undefined" });
    expect(out.node).toMatchObject({ ...expected, sync: "function", node: "object" });
    expect(out.web).toMatchObject({ ...expected, sync: "undefined", web: "object" });
  });

  it("loads and round-trips as CJS from every entry point", () => {
    const out = run(
      "cjs.cjs",
      `(async () => {${roundTrip(`const entries = { root: require("hookseal"), node: require("hookseal/node"), web: require("hookseal/web") };`)}})();`,
    ) as Record<string, object>;
    expect(out.root).toMatchObject(expected);
    expect(out.node).toMatchObject({ ...expected, sync: "function" });
    expect(out.web).toMatchObject({ ...expected, web: "object" });
  });

  it("hookseal/jwt signs and verifies as ESM and CJS, and matches the root's JWT helpers", () => {
    const check = `
      const secret = "0123456789abcdef0123456789abcdef";
      const token = await jwt.signJwt({ event: "ping" }, secret, { now: 1700000000, expiresIn: 60 });
      const { payload } = await root.verifyJwt(token, secret, { now: 1700000010 });
      const refused = await jwt.verifyJwt(token, secret, { now: 1700000100 }).then(() => "accepted", (e) => e.code);
      console.log(JSON.stringify({ event: payload.event, refused, same: jwt.JwtError === root.JwtError }));`;
    const esm = run("jwt.mjs", `import * as jwt from "hookseal/jwt"; import * as root from "hookseal";${check}`);
    const cjs = run("jwt.cjs", `(async () => { const jwt = require("hookseal/jwt"); const root = require("hookseal");${check} })();`);
    for (const out of [esm, cjs]) expect(out).toEqual({ event: "ping", refused: "expired", same: true });
  });

  it("under Node the root entry resolves to the node:crypto build", () => {
    const out = run("resolve.mjs", `console.log(JSON.stringify([import.meta.resolve("hookseal"), import.meta.resolve("hookseal/web")]));`) as string[];
    expect(out[0]).toMatch(/dist\/index\.node\.js$/);
    expect(out[1]).toMatch(/dist\/web\.js$/);
  });
});
