// A minimal test harness that runs anywhere (Node, Deno, Bun, browsers, workerd): no imports,
// no globals beyond Promise and console. The portable suite registers checks with `check()`;
// a runner calls `execute()` and prints `summary()`.

/**
 * @returns {{
 *   check(name: string, fn: () => unknown): void,
 *   execute(options?: { log?: (line: string) => void }): Promise<{ passed: number, failed: number, failures: { name: string, error: string }[] }>,
 *   summary(runtime: string, result: { passed: number, failed: number }): string,
 * }}
 */
export function createHarness() {
  /** @type {{ name: string, fn: () => unknown }[]} */
  const checks = [];
  const names = new Set();
  return {
    check(name, fn) {
      if (typeof name !== "string" || typeof fn !== "function") throw new TypeError("check(name, fn)");
      if (names.has(name)) throw new Error(`duplicate check name: ${name}`);
      names.add(name);
      checks.push({ name, fn });
    },
    async execute({ log = () => {} } = {}) {
      let passed = 0;
      const failures = [];
      // One at a time, in order: failures are reproducible and logs read top to bottom.
      for (const { name, fn } of checks) {
        try {
          await fn();
          passed++;
        } catch (error) {
          const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          failures.push({ name, error: text });
          log(`FAIL ${name}: ${text}`);
        }
      }
      return { passed, failed: failures.length, failures };
    },
    summary(runtime, { passed, failed }) {
      return `${runtime}: ${passed} passed, ${failed} failed`;
    },
  };
}
