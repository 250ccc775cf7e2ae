// A core that costs only what you use: a bundle of one scheme and verify() carries none of
// the modules that only other features need (checked on the module graph, not on sizes).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const web = fileURLToPath(new URL("../../src/web.ts", import.meta.url));

/** A minified browser bundle of `exports` from src/web.ts: its text and its result's module graph. */
async function bundled(exports: string) {
  return build({
    stdin: { contents: `export { ${exports} } from ${JSON.stringify(web)};`, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
}

/** The source files (relative to src/) in the bundle of `exports`. */
async function modulesIn(exports: string): Promise<string[]> {
  const output = Object.values((await bundled(exports)).metafile.outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^.*?src\//, ""));
}

/** The bundle of `exports`, as text. */
async function bundleOf(exports: string): Promise<string> {
  return (await bundled(exports)).outputFiles[0]!.text;
}

describe("bundles carry only what they use", () => {
  it.each(["github", "stripe"])("verify + %s: no definition checks, Ed25519 keys, body timestamps or JWT", async (scheme) => {
    const modules = await modulesIn(`verify, ${scheme}`);
    expect(modules).toContain(`schemes/${scheme}.ts`);
    for (const absent of ["schemes/define-scheme.ts", "schemes/ed25519-keys.ts", "schemes/body-timestamp.ts", "crypto/web-ed25519.ts", "jwt/"]) {
      expect(modules.filter((module) => module.startsWith(absent))).toEqual([]);
    }
  });

  // Each feature is reached through the rules of the schemes that have it (issue 14).
  it("verify + github: no base64 decoding, timestamps, message ids, URL signing, message forms, token paths or string-body probe", async () => {
    const modules = await modulesIn("verify, github");
    for (const absent of ["schemes/header-timestamp.ts", "schemes/id-header.ts", "schemes/message-forms.ts", "engine/token-steps.ts", "engine/text-body.ts", "engine/prepare.ts", "schemes/event-id.ts", "utilities/signed-request.ts"]) {
      expect(modules).not.toContain(absent);
    }
    expect(await modulesIn("verify, github")).toContain("lib/hex.ts");
    // The replay claim's owner token needs only base64Digit: no alphabet, encoder or decoder.
    const source = await bundleOf("verify, github");
    expect(source).not.toContain("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    expect(source).not.toMatch(/Int16Array/); // no base64 decode table
  });

  it.each([
    ["stripe", "schemes/header-timestamp.ts"],
    ["standardWebhooks", "schemes/header-timestamp.ts"],
    ["standardWebhooks", "schemes/id-header.ts"],
    ["linear", "schemes/body-timestamp.ts"],
    ["twilio", "schemes/message-forms.ts"],
    ["square", "schemes/message-forms.ts"],
    ["jwtBearer", "engine/token-steps.ts"],
    ["defineScheme", "engine/text-body.ts"],
  ])("verify + %s brings %s", async (name, module) => {
    expect(await modulesIn(`verify, ${name}`)).toContain(module);
  });

  // Issue 16: each provider's rule modules come with it alone, and one provider brings no other.
  it.each([
    ["zendesk", "schemes/rfc3339-timestamp.ts"],
    ["box", "schemes/rfc3339-timestamp.ts"],
    ["box", "schemes/signature-headers.ts"],
    ["docusign", "schemes/signature-headers.ts"],
    ["mailgun", "engine/token-steps.ts"],
    ["netlify", "jwt/webhook-token.ts"],
  ])("verify + %s brings %s", async (name, module) => {
    expect(await modulesIn(`verify, ${name}`)).toContain(module);
  });

  it.each(["github", "stripe", "mux", "hubspot"])("verify + %s carries no RFC 3339 reader, no multi-header reader and no other provider", async (name) => {
    const modules = await modulesIn(`verify, ${name}`);
    expect(modules).not.toContain("schemes/rfc3339-timestamp.ts");
    expect(modules).not.toContain("schemes/signature-headers.ts");
    const providers = ["mux", "calendly", "workos", "elevenlabs", "sanity", "zendesk", "box", "docusign", "netlify", "hubspot", "trello", "mailgun"];
    expect(modules.filter((module) => providers.some((other) => other !== name && module === `schemes/${other}.ts`))).toEqual([]);
  });

  it("verify + stripe carries no message forms; verify + standardWebhooks carries its base64 encoding", async () => {
    expect(await modulesIn("verify, stripe")).not.toContain("schemes/message-forms.ts");
    expect(await modulesIn("verify, standardWebhooks")).toContain("lib/base64.ts");
  });

  // Handshakes (issue 16): only schemes with a handshake rule carry its code; the list of all
  // schemes only detectScheme().
  it("verify + github / stripe carry no handshake code, no RFC 3339 reader and no list of all schemes", async () => {
    for (const name of ["github", "stripe"]) {
      const modules = await modulesIn(`verify, ${name}`);
      for (const absent of ["handshake/", "receive/handshake.ts", "schemes/rfc3339-timestamp.ts", "schemes/all.ts", "schemes/detect.ts", "schemes/meta.ts", "schemes/twitch.ts"]) {
        expect(modules.filter((module) => module.startsWith(absent)), `${name}: ${absent}`).toEqual([]);
      }
    }
  });

  it.each([
    ["dropbox", "handshake/answers.ts"],
    ["twitch", "schemes/rfc3339-timestamp.ts"],
    ["handshakeResponse", "handshake/run.ts"],
    ["detectScheme", "schemes/all.ts"],
  ])("verify + %s brings %s", async (name, module) => {
    expect(await modulesIn(`verify, ${name}`)).toContain(module);
  });

  // Issue 15: public keys cost nothing to a receiver whose scheme uses none (standardWebhooks'
  // Ed25519 v1a is its own small rule, schemes/ed25519-keys.ts).
  it.each(["github", "stripe", "standardWebhooks"])("verify + %s carries no public-key, certificate, key-set or JWT code", async (name) => {
    const modules = await modulesIn(`verify, ${name}`);
    const publicKeyModules = ["keys/", "jwt/", "crypto/web-signatures.ts", "schemes/public-key-rule.ts", "schemes/jwt-keys.ts", "schemes/aws-sns", "schemes/discord", "schemes/sendgrid.ts", "schemes/google-pubsub.ts", "schemes/plaid.ts", "schemes/fusionauth.ts"];
    expect(modules.filter((module) => publicKeyModules.some((absent) => module.startsWith(absent)))).toEqual([]);
  });

  // Steps that are done already come only from the node:crypto builds' direct path (remembered.ts).
  it.each(["verify, github", "createVerifier, stripe"])("%s carries no runner for steps that are done already", async (exports) => {
    const readable = await build({
      stdin: { contents: `export { ${exports} } from ${JSON.stringify(web)};`, resolveDir: process.cwd(), loader: "js" },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const source = readable.outputFiles[0]!.text;
    expect(source).toContain("function runAsync(");
    expect(source).not.toMatch(/runAsyncOrDone|\bDone\b/);
  });

  it("verify + standardWebhooks brings the Ed25519 rule; defineScheme brings its checks", async () => {
    expect(await modulesIn("verify, standardWebhooks")).toContain("schemes/ed25519-keys.ts");
    expect(await modulesIn("defineScheme")).toContain("schemes/define-scheme.ts");
  });
});
