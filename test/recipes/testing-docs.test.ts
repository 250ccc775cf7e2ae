// docs/recipes/testing.md and docs/operations.md show exactly the code their tests run
// (imports from the package and the reader's own modules instead of the source tree).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);

/** What the files import from the source tree and from each other, and what a reader's project imports instead. */
const SPECIFIERS: [string, string][] = [
  ['"../../../src/node.js"', '"hookseal/node"'],
  ['"../../../src/index.js"', '"hookseal"'],
  ['"../apps/hono-stripe.js"', '"./app"'],
  ['"../apps/next-route.js"', '"./app/api/webhooks/github/route"'],
  ['"../apps/express.js"', '"./app"'],
];

export function shownAs(file: string): string {
  let source = readFileSync(new URL(file, ROOT), "utf8");
  for (const [from, to] of SPECIFIERS) source = source.split(from).join(to);
  return source;
}

const page = (path: string) => readFileSync(new URL(path, ROOT), "utf8");

const SHOWN: [page: string, file: string][] = [
  ["docs/recipes/testing.md", "test/recipes/apps/hono-stripe.ts"],
  ["docs/recipes/testing.md", "test/recipes/testing/hono.test.ts"],
  ["docs/recipes/testing.md", "test/recipes/apps/next-route.ts"],
  ["docs/recipes/testing.md", "test/recipes/testing/next-route.test.ts"],
  ["docs/recipes/testing.md", "test/recipes/testing/express-supertest.test.ts"],
  ["docs/operations.md", "test/recipes/operations/opentelemetry.ts"],
  ["docs/operations.md", "test/recipes/operations/prometheus.ts"],
  ["docs/operations.md", "test/recipes/operations/audit-log.ts"],
];

describe("testing and operations docs", () => {
  it.each(SHOWN)("%s shows %s verbatim", (doc, file) => {
    const source = shownAs(file);
    expect(source).not.toContain("src/");
    // Test files import the reader's own modules ("./app"), so the examples check skips them (nocheck): tsc and vitest run them here.
    expect([page(doc).includes("```ts\n" + source + "```"), page(doc).includes("```ts nocheck\n" + source + "```")]).toContain(true);
  });
});
