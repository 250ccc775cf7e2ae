// A fresh clone has no dist/: `npm pack` (and so `npm publish` and `npm install github:…`, which
// runs "prepare" in its clone) must build it. The clone is the files git would commit from this
// working tree (tracked, or untracked and not ignored), copied to a scratch folder, with this
// checkout's node_modules linked in instead of a second `npm ci`.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const inGit = existsSync(join(ROOT, ".git"));
if (!inGit) {
  // Outside a git checkout there is no "clone" to imitate; CI always has one.
  if (process.env.CI) throw new Error("test/dist/fresh-clone.test.ts needs a git checkout");
  console.warn("[dist] SKIPPING the fresh-clone pack test: not a git checkout");
}
let clone: string | undefined;
afterAll(() => void (clone && rmSync(clone, { recursive: true, force: true })));

interface PackResult {
  files: Array<{ path: string }>;
}

describe.skipIf(!inGit)("a fresh clone", () => {
  it("packs dist/ (built by the prepare script), not just the manifest and the docs", () => {
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter((file) => file !== "" && file !== "node_modules" && existsSync(join(ROOT, file)));
    expect(files).not.toContain("dist/index.web.js"); // dist/ is ignored: a clone has none
    clone = mkdtempSync(join(tmpdir(), "hookseal-clone-"));
    for (const file of files) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(ROOT, file), join(clone, file));
    }
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(clone, "node_modules"), "dir");

    const output = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: clone, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [packed] = JSON.parse(output) as PackResult[];
    const paths = packed!.files.map((file) => file.path);
    for (const entry of ["dist/index.node.js", "dist/index.node.cjs", "dist/index.web.js", "dist/index.web.d.ts", "dist/node.js", "dist/web.js", "dist/jwt.web.js", "dist/cli.js"]) {
      expect(paths, `npm pack of a fresh clone lacks ${entry}`).toContain(entry);
    }
    expect(paths.filter((path) => path.startsWith("src/") || path.startsWith("test/"))).toEqual([]);
  }, 180_000);
});
