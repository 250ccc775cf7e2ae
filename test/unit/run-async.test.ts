// The async step drivers (engine/steps.ts): runAsync for generators, runAsyncOrDone for the
// node:crypto builds' steps that may be done already.
import { describe, expect, it } from "vitest";
import { Done, runAsync, runAsyncOrDone, type Steps } from "../../src/engine/steps.js";
import type { CryptoProvider } from "../../src/crypto/types.js";

// A provider that must not be asked for anything.
const untouched = new Proxy({} as CryptoProvider, {
  get(_, name) {
    throw new Error(`the provider was asked for ${String(name)}`);
  },
});

describe("steps that are done already", () => {
  it("are answered by runAsyncOrDone with their value, the provider untouched", async () => {
    await expect(runAsyncOrDone(new Done("verified") as unknown as Steps<string>, untouched)).resolves.toBe("verified");
  });

  it("are answered by runAsync too, as any steps (only later): a driver handed them by mistake is still right", async () => {
    await expect(runAsync(new Done("verified") as unknown as Steps<string>, {} as CryptoProvider)).resolves.toBe("verified");
  });

  it("leave generators to the async driver", async () => {
    function* steps(): Steps<number> {
      const bytes = (yield { op: "randomBytes", length: 2 }) as Uint8Array;
      return bytes.length;
    }
    const provider = { randomBytes: (length: number) => new Uint8Array(length) } as unknown as CryptoProvider;
    await expect(runAsyncOrDone(steps(), provider)).resolves.toBe(2);
    await expect(runAsync(steps(), provider)).resolves.toBe(2);
  });
});
