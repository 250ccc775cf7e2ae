// Built-in schemes skip defineScheme()'s run-time checks (they are trusted data, and a GitHub
// receiver's bundle should not carry them). This test is what makes that safe (API.md): every
// built-in, from every entry point, passes the full checks and probes, and defineScheme()
// makes the very scheme the built-in is.
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web.js";
import { defineScheme } from "../../src/schemes/define-scheme.js";
import { placedText } from "../../src/schemes/resolve.js";
import { schemesOf } from "../built-in-schemes.js";

// staticToken() is not among them: it takes a caller's options, so it calls defineScheme() itself.
const builtIns = [...schemesOf(root), ...schemesOf(web)];

describe("every built-in scheme passes defineScheme's checks", () => {
  it("finds the built-ins", () => {
    expect(schemesOf(root).map(([name]) => name)).toEqual(expect.arrayContaining(["github", "stripe", "standardWebhooks", "svix", "twilio", "linear", "jwtBearer", "fusionauth"]));
  });

  it.each(builtIns)("%s", (_, scheme) => {
    const defined = defineScheme({ ...scheme });
    // One field differs by design: a built-in's content() only places the body, so a string
    // body takes its place as is (placedText); defineScheme() cannot know that of a content().
    expect({ ...defined, textContent: undefined }).toEqual({ ...scheme, textContent: undefined });
    if (scheme.textContent !== undefined) {
      expect(scheme.textContent).toBe(placedText);
      // …and both give the same parts for a string body.
      const args = ["bödy \ud800", "1700000000", "msg_1", "https://example.com/hook", new Uint8Array(32)] as const;
      expect(scheme.textContent(scheme, ...args)).toEqual(defined.textContent!(defined, ...args));
    }
    expect(Object.isFrozen(scheme)).toBe(true);
    if (scheme.timestamp !== undefined) expect(Object.isFrozen(scheme.timestamp)).toBe(true);
    if (scheme.asymmetric !== undefined) expect(Object.isFrozen(scheme.asymmetric)).toBe(true);
  });
});
