// Portable glue every runtime entry uses: run the suite, print one line per failure and the
// summary line, and hand back the result. Entries decide how to fail (throw, exit code,
// a page global), since runtimes differ in that.
import { createHarness } from "./harness.mjs";
import { run } from "./suite.mjs";

/**
 * @param {string} runtime label printed in the summary line, one word (e.g. "deno")
 * @param {Record<string, object>} lib entry points by name: root, web, node, …
 * @param {object} data the vectors (data.mjs)
 * @param {object} [env] extra checks from the entry, e.g. resolutions
 * @param {(line: string) => void} [log]
 */
export async function runSuite(runtime, lib, data, env = {}, log = (line) => console.log(line)) {
  const t = createHarness();
  const info = await run(lib, t, data, { runtime, ...env });
  const result = await t.execute({ log: (line) => log(`${runtime}: ${line}`) });
  if (info.uncovered.length > 0) log(`${runtime}: note: exports without a runtime check (add one to test/runtimes/suite.mjs): ${info.uncovered.join(", ")}`);
  if (info.extraSchemes.length > 0) log(`${runtime}: note: schemes covered by the generic round trip only: ${info.extraSchemes.join(", ")}`);
  const summary = t.summary(runtime, result);
  log(summary);
  return { ...result, summary, ok: result.failed === 0 && result.passed > 0, providers: info.providers, uncovered: info.uncovered };
}
