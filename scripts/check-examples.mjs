#!/usr/bin/env node
// Type-checks every TypeScript example users read: the ```ts blocks of README.md and docs/,
// and the @example blocks of the JSDoc in src/. Each becomes a module compiled against the
// BUILT package (imported by name), so an example that drifts from the API fails CI.
//
// A block that imports nothing gets every export of "hookseal/node" in scope; free variables
// that examples use for "your values" (secret, payload, headers, request, …) are declared in
// PRELUDE. A block whose info string is `ts nocheck` is skipped (none should need it).
//
// It also checks that every export of the built entry points in DOCUMENTED (values, types and
// interfaces alike) has a JSDoc summary and an `@example` with a ```ts block, so the API
// reference never shows a bare name.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "node_modules", ".examples");

const PRELUDE = {
  secret: "string",
  secrets: "string[]",
  payload: "string",
  rawBody: "Buffer",
  body: "string",
  event: "Record<string, unknown>",
  headers: "Record<string, string>",
  request: "Request",
  req: 'import("node:http").IncomingMessage & { body?: unknown }',
  res: 'import("node:http").ServerResponse',
  url: "string",
  token: "string",
  claims: "Record<string, unknown>",
  env: "Record<string, string>",
  app: "any",
  c: "any",
  error: "unknown",
  currentSecret: "string",
  previousSecret: "string",
  receivedToken: "string",
  newSecret: "string",
  oldSecret: "string",
  secret64Bytes: "Uint8Array",
  handle: "(event: unknown) => Promise<void>",
  queue: "{ push(item: unknown): Promise<void> }",
  Deno: "{ serve(handler: (request: Request) => Response | Promise<Response>): unknown; env: { get(name: string): string | undefined } }",
  Bun: "{ serve(options: { port?: number; fetch(request: Request): Response | Promise<Response> }): unknown }",
  expectedToken: "string",
};

function* files(dir, extension) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "api" && name !== "node_modules") yield* files(path, extension);
    } else if (path.endsWith(extension)) yield path;
  }
}

function markdownBlocks(path) {
  const blocks = [];
  const pattern = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;
  for (const match of readFileSync(path, "utf8").matchAll(pattern)) {
    if (!match[2].includes("nocheck")) blocks.push(match[3]);
  }
  return blocks;
}

function jsdocBlocks(path) {
  const blocks = [];
  for (const comment of readFileSync(path, "utf8").matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const text = comment[1].replace(/^[ \t]*\* ?/gm, "");
    if (text.includes("@internal")) continue; // not public: its example is not what users read
    for (const match of text.matchAll(/@example[^\n]*\n```(?:ts|typescript)([^\n]*)\n([\s\S]*?)```/g)) {
      if (!match[1].includes("nocheck")) blocks.push(match[2]);
    }
  }
  return blocks;
}

// Every name "hookseal/node" exports, values and types, read from its declarations.
function exportedNames() {
  const program = ts.createProgram([join(root, "dist/node.d.ts")], { skipLibCheck: true });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(join(root, "dist/node.d.ts")));
  return checker.getExportsOfModule(symbol).map((exported) => exported.name);
}
const nodeExports = exportedNames();

// Entry points whose every export must carry a JSDoc summary and a type-checked `@example`.
// (index.* and jwt.node re-export subsets of these, with the same declarations.)
const DOCUMENTED = ["dist/node.d.ts", "dist/web.d.ts", "dist/jwt.web.d.ts"];

// "Name (what is missing): entry points" for every export of DOCUMENTED that lacks a summary
// or an `@example` holding a ```ts block (the only kind the examples check below compiles).
function undocumentedExports() {
  const program = ts.createProgram(
    DOCUMENTED.map((entry) => join(root, entry)),
    { skipLibCheck: true },
  );
  const checker = program.getTypeChecker();
  const gaps = new Map();
  for (const entry of DOCUMENTED) {
    const source = program.getSourceFile(join(root, entry));
    const module = source && checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`check-examples: cannot read the exports of ${entry}: run \`npm run build\` first`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const missing = [];
      if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === "") missing.push("summary");
      const examples = symbol.getJsDocTags(checker).filter((tag) => tag.name === "example");
      const fenced = /```(ts|typescript)(?![^\n]*nocheck)[^\n]*\n/;
      if (!examples.some((tag) => fenced.test(ts.displayPartsToString(tag.text)))) {
        missing.push(examples.length === 0 ? "@example" : "@example with a ```ts block");
      }
      if (missing.length === 0) continue;
      const kind = symbol.flags & (ts.SymbolFlags.Value & ~ts.SymbolFlags.ValueModule) ? "value" : "type";
      const key = `${exported.name} (${kind}; no ${missing.join(", no ")})`;
      gaps.set(key, [...(gaps.get(key) ?? []), entry]);
    }
  }
  return [...gaps].map(([key, entries]) => `${key}: ${entries.join(", ")}`).sort();
}
const undocumented = undocumentedExports();

function moduleFor(code) {
  const lines = code.split("\n");
  const imports = lines.filter((line) => /^import\s/.test(line));
  const rest = lines.filter((line) => !/^import\s/.test(line)).join("\n");
  const declared = (name) => new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=`).test(rest);
  // Names the block imports itself (`import { env } from "hono/adapter"`) are not declared again.
  const imported = new Set(imports.flatMap((line) => (/\{([^}]*)\}/.exec(line)?.[1] ?? "").split(",").map((item) => item.trim().split(/\s+as\s+/).pop())));
  const prelude = Object.entries(PRELUDE)
    .filter(([name]) => !declared(name) && !imported.has(name))
    .map(([name, type]) => `declare const ${name}: ${type};`);
  const header = imports.length > 0 ? imports : [`import { ${nodeExports.join(", ")} } from "hookseal/node";`];
  // Modules that export stay at top level; the rest run inside an async function (top-level await, shadowing).
  const body = /^export\s/m.test(rest) ? rest : `export async function example() {\n${rest}\n}`;
  return [...header, ...prelude, body, ""].join("\n");
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const sources = [
  ...[join(root, "README.md"), ...files(join(root, "docs"), ".md")].map((path) => [path, markdownBlocks]),
  ...[...files(join(root, "src"), ".ts")].map((path) => [path, jsdocBlocks]),
];
let count = 0;
const origins = {};
for (const [path, extract] of sources) {
  for (const block of extract(path)) {
    const file = `example-${String(++count).padStart(3, "0")}.ts`;
    origins[file] = relative(root, path);
    writeFileSync(join(out, file), moduleFor(block));
  }
}
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowUnusedLabels: false,
    },
    include: ["*.ts"],
  }),
);
let failed = false;
try {
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(out, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
  console.log(`check-examples: ${count} examples type-check against the built package`);
} catch (error) {
  const report = String(error.stdout).replace(/example-\d{3}\.ts/g, (file) => `${file} (from ${origins[file]})`);
  console.error(report);
  console.error(`check-examples: the examples above do not type-check (generated modules in ${relative(root, out)})`);
  failed = true;
}
if (undocumented.length > 0) {
  console.error(`check-examples: ${undocumented.length} public exports lack a JSDoc summary or a \`@example\` with a \`\`\`ts block:`);
  for (const gap of undocumented) console.error(`  - ${gap}`);
  console.error("Document each where it is declared in src/ (the JSDoc is carried into dist/ by the build).");
  failed = true;
} else {
  console.log(`check-examples: every export of ${DOCUMENTED.join(", ")} has a JSDoc summary and an @example`);
}
if (failed) process.exit(1);
