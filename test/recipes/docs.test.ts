// The recipe pages show exactly the code the recipe tests run (imports from the package
// instead of the source tree), the README links every page, and every relative link in the
// README and docs/ leads to a file that exists.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { docsPage, recipeSource } from "./helpers.js";

const RECIPES: [page: string, app: string][] = [
  ["express.md", "express.ts"],
  ["fastify.md", "fastify.ts"],
  ["hono.md", "hono.ts"],
  ["node-http.md", "node-http.ts"],
  ["fetch.md", "fetch-handler.ts"],
  ["public-keys.md", "public-keys.ts"],
];

describe("recipe docs", () => {
  it.each(RECIPES)("docs/recipes/%s shows test/recipes/apps/%s verbatim", (page, app) => {
    const source = recipeSource(app);
    expect(source).not.toContain("src/");
    expect(docsPage(page)).toContain("```ts\n" + source + "```");
  });

  it("the README links every recipe page", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const [page] of RECIPES) expect(readme).toContain(`(docs/recipes/${page})`);
  });
});

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** README.md and every Markdown file under docs/, as paths from the repository root. */
function markdownFiles(): string[] {
  const found = ["README.md", "CHANGELOG.md"];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) found.push(path);
    }
  };
  walk("docs");
  return found;
}

/** The relative link targets of a Markdown text (no scheme, no pure #anchor), without their #anchor. */
const relativeLinks = (text: string): string[] =>
  [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(target)).map((target) => target.split("#")[0]!);

describe("links in the README and docs/", () => {
  it.each(markdownFiles())("every relative link in %s leads to a file", (file) => {
    const links = relativeLinks(readFileSync(join(ROOT, file), "utf8"));
    const broken = links.filter((target) => !existsSync(join(ROOT, dirname(file), target)));
    expect(broken.map((target) => `${file} -> ${relative(ROOT, join(ROOT, dirname(file), target))}`)).toEqual([]);
  });

  it("finds the links it checks", () => {
    expect(relativeLinks("[a](docs/x.md#y) [b](https://e.example) [c](#z) [d](../e.ts)")).toEqual(["docs/x.md", "../e.ts"]);
    expect(relativeLinks(readFileSync(join(ROOT, "README.md"), "utf8")).length).toBeGreaterThan(50);
  });
});
