// Compiler messages name the public types: the built declarations keep every export's own name
// (no chunk alias such as `Verified as d`), so a user's mistake reads `Promise<Verified<…>>`, and
// where TypeScript must qualify a name it writes `import("…/dist/index.node").Verified`.
// Needs the build (`npm run build`); compiles small files against it with the TypeScript API.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const dist = join(root, "dist");
const declarations = readdirSync(dist).filter((file) => /\.d\.c?ts$/.test(file));

/** The diagnostics of one in-memory file inside the package (so "hookseal" resolves to itself). */
function diagnosticsOf(fileName: string, source: string): string[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    types: ["node"],
  };
  const file = join(root, "test/types", fileName);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

// A chunk alias is one or two letters after a qualified import: import("…").d
const CHUNK_ALIAS = /\)\.[A-Za-z$]{1,2}\b/;

describe("declaration files", () => {
  it("exist for every entry point, with no shared chunk", () => {
    expect(declarations.sort()).toEqual(
      ["index.node", "index.web", "jwt.node", "jwt.web", "node", "web"].flatMap((entry) => [`${entry}.d.cts`, `${entry}.d.ts`]).sort(),
    );
  });

  it("export every name as declared, never renamed", () => {
    for (const file of declarations) {
      const text = readFileSync(join(dist, file), "utf8");
      const renamed = [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap(([, list]) =>
        list!.split(",").map((item) => item.trim().replace(/^type\s+/, "")).filter((item) => / as /.test(item) && item.split(/\s+as\s+/)[0] !== item.split(/\s+as\s+/)[1]),
      );
      expect({ file, renamed }).toEqual({ file, renamed: [] });
      expect(text).not.toMatch(/from ['"]\.\/[^'"]*-[A-Za-z0-9_]{8}(\.js)?['"]/); // no import from a hashed chunk
    }
  });
});

describe("compiler messages of usual mistakes", () => {
  it("a forgotten await names Promise<Verified<…>>", () => {
    const messages = diagnosticsOf(
      "forgotten-await.ts",
      `import { github, verify } from "hookseal";
export async function f(headers: Record<string, string>) {
  const verified = verify(github, { secret: "s", payload: "x", headers });
  return verified.secretIndex;
}`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Property 'secretIndex' does not exist on type 'Promise<Verified<\{ timestamp: false; id: false; url: false; \}, undefined>>'/);
  });

  it("a user's own type of the same name is told apart by the public name, in ESM and CommonJS", () => {
    const source = (from: string) => `import { generateKeyPair } from "${from}";
interface KeyPair { secretKey: string; publicKey: string; createdAt: Date }
export async function f(): Promise<KeyPair> {
  return await generateKeyPair();
}`;
    for (const [fileName, from, entry] of [
      ["shadow.ts", "hookseal", "index.node"],
      ["shadow-node.ts", "hookseal/node", "node"],
      ["shadow-web.ts", "hookseal/web", "web"],
      ["shadow.cts", "hookseal", "index.node"],
    ] as const) {
      const messages = diagnosticsOf(fileName, source(from));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(`Property 'createdAt' is missing in type 'import("${dist}/${entry}"`);
      expect(messages[0]).toMatch(/\)\.KeyPair' but required in type 'KeyPair'/);
      expect(messages[0]).not.toMatch(CHUNK_ALIAS);
    }
  });

  it("a result assigned to a user's type names Verified", () => {
    const messages = diagnosticsOf(
      "shadow-verified.ts",
      `import { stripe, verify } from "hookseal";
interface Verified { scheme: string; delivered: boolean }
export async function f(headers: Record<string, string>): Promise<Verified> {
  return await verify(stripe, { secret: "s", payload: "x", headers });
}`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/type '(import\("[^"]*"[^)]*\)\.)?Verified<\{ timestamp: true; id: false; url: false; \}, undefined>'/);
    expect(messages[0]).not.toMatch(CHUNK_ALIAS);
  });

  it("a JWT mistake names VerifiedJwt", () => {
    const messages = diagnosticsOf(
      "jwt-await.ts",
      `import { verifyJwt } from "hookseal/jwt";
interface VerifiedJwt { claims: string[] }
export async function f(token: string): Promise<VerifiedJwt> {
  return await verifyJwt(token, "a secret of at least thirty-two bytes");
}`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/\)\.VerifiedJwt'/);
    expect(messages[0]).not.toMatch(CHUNK_ALIAS);
  });
});
