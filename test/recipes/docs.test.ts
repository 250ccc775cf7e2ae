// The recipe pages show exactly the code the recipe tests run (imports from the package
// instead of the source tree), and the README links every page.
import { readFileSync } from "node:fs";
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
