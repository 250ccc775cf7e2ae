// The docs say exactly what each entry point exports, and which export conditions pick which
// build, as the BUILT package and package.json have them.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const names = (text: string) => [...text.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((match) => match[1]!);
const exportsOf = async (file: string) => Object.keys(await import(join(ROOT, "dist", file)));

/** The cell after the first cell `import` of each row in the README's import table. */
function importTable(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of read("README.md").matchAll(/^\| `(hookseal[\w/]*)` \| (.*) \|$/gm)) rows.set(match[1]!, match[2]!);
  return rows;
}

describe.skipIf(!existsSync(join(ROOT, "dist/index.node.js")))("README's import table", () => {
  it("names, for each entry, only what it exports, and for the root what it lacks", async () => {
    const entries = {
      hookseal: await exportsOf("index.node.js"),
      "hookseal/node": await exportsOf("node.js"),
      "hookseal/web": await exportsOf("web.js"),
      "hookseal/jwt": await exportsOf("jwt.node.js"),
    };
    expect(await exportsOf("index.web.js")).toEqual(entries.hookseal); // one root API in every runtime
    const known = new Set(Object.values(entries).flat());
    const rows = importTable();
    expect([...rows.keys()].sort()).toEqual(Object.keys(entries).sort());

    for (const [entry, exported] of Object.entries(entries)) {
      const [has, lacks = ""] = rows.get(entry)!.split("Not here");
      for (const name of names(has!).filter((n) => known.has(n))) expect(exported, `${entry} row names ${name}`).toContain(name);
      for (const name of names(lacks).filter((n) => known.has(n))) expect(exported, `${entry} row says it lacks ${name}`).not.toContain(name);
    }
    // What only the Node or Web entry has is named as missing from the root.
    const lacked = names(rows.get("hookseal")!.split("Not here")[1] ?? "");
    const onlyElsewhere = [...known].filter((name) => !entries.hookseal.includes(name));
    expect([...new Set(lacked.filter((n) => known.has(n)))].sort()).toEqual(onlyElsewhere.sort());
  });
});

describe("docs/runtimes.md's build table", () => {
  it("names only export conditions package.json has for the root entry", () => {
    const manifest = JSON.parse(read("package.json")) as { exports: Record<string, unknown> };
    const conditions = new Set<string>();
    const collect = (target: unknown) => {
      if (target === null || typeof target !== "object") return;
      for (const [key, value] of Object.entries(target)) {
        conditions.add(key);
        collect(value);
      }
    };
    collect(manifest.exports["."]);
    const table = read("docs/runtimes.md").split("## Which build you get")[1]!.split("\n\n").find((block) => block.startsWith("| where"))!;
    const named = table.split("\n").slice(2).flatMap((row) => names(row.split("|")[2] ?? ""));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((condition) => !conditions.has(condition))).toEqual([]);
  });
});
