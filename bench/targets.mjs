// The targets of issue 5, evaluated against one run's results. Times are each case's fastest
// round (see run.mjs); a ratio is of two such times.
// Targets are stated as the issue states them; a miss is reported, never re-defined away.
import { KiB, MiB, SIZES, sizeLabel } from "./fixtures.mjs";

const SCHEMES = ["github", "stripe", "standardWebhooks"];

const fmt = (ratio) => `${ratio.toFixed(2)}×`;

/** Each target with its measured value and `pass: true | false | null` (null: not measured). */
export function evaluateTargets(cases) {
  const find = (id, size) => cases.find((c) => c.id === id && (size === undefined || c.size === size));
  const time = (id, size) => find(id, size)?.ns?.best;
  /** f of the cases' times, or undefined when one was not measured. */
  const of = (ids, f) => {
    const times = ids.map(([id, size]) => time(id, size));
    return times.some((t) => t === undefined) ? undefined : f(...times);
  };
  const ratio = (id, base, size) => of([[id, size], [base, size]], (a, b) => a / b);
  const targets = [];
  const add = (t) => targets.push({ ...t, pass: t.measured === undefined ? null : t.pass(t.measured) });

  for (const [size, limit] of [
    [KiB, 1.1],
    [MiB, 1.03],
  ]) {
    for (const scheme of SCHEMES) {
      const sameContent = scheme === "github" ? undefined : ratio(`hookseal-node-${scheme}`, "raw-node-prefix", size);
      add({
        group: "node adapter",
        name: `verify, ${scheme}, ${sizeLabel(size)}: ≤ ${limit.toFixed(2)}× raw node:crypto`,
        limit,
        measured: ratio(`hookseal-node-${scheme}`, "raw-node", size),
        detail:
          `verifySync ${fmt(ratio(`hookseal-sync-${scheme}`, "raw-node", size) ?? NaN)}` +
          (sameContent === undefined ? "" : `; against raw node:crypto with a "<prefix>." update too: ${fmt(sameContent)}`),
        pass: (m) => m <= limit,
      });
    }
  }

  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      const sameContent = scheme === "github" ? undefined : ratio(`hookseal-web-${scheme}`, "raw-web-prefix", size);
      add({
        group: "web adapter",
        name: `verify, ${scheme}, ${sizeLabel(size)}: ≤ 1.10× raw Web Crypto (cached key)`,
        limit: 1.1,
        measured: ratio(`hookseal-web-${scheme}`, "raw-web", size),
        detail: sameContent === undefined ? "" : `against raw Web Crypto joining "<prefix>." and the body too: ${fmt(sameContent)}`,
        pass: (m) => m <= 1.1,
      });
    }
  }
  add({
    group: "web adapter",
    name: "github, 1 KiB: ≥ 2.5× faster than @octokit/webhooks-methods' web build",
    limit: 2.5,
    measured: ratio("octokit-web", "hookseal-web-github", KiB),
    unit: "× faster",
    detail: "",
    pass: (m) => m >= 2.5,
  });
  add({
    group: "web adapter",
    name: "stripe, 1 KiB: ≥ 2.5× faster than stripe's async path (constructEventAsync with its SubtleCryptoProvider)",
    limit: 2.5,
    measured: ratio("stripe-async-subtle", "hookseal-web-stripe", KiB),
    unit: "× faster",
    detail: `with its default node:crypto provider instead: ${fmt(ratio("stripe-async", "hookseal-web-stripe", KiB) ?? NaN)}`,
    pass: (m) => m >= 2.5,
  });

  const jwt = find("jwt-hookseal-node");
  add({
    group: "JWT",
    name: "verifyJwt HS256 (node adapter): ≤ 1.50× the raw baseline",
    limit: 1.5,
    measured: jwt?.ns === undefined ? undefined : ratio("jwt-hookseal-node", "jwt-raw-node"),
    detail:
      jwt?.ns === undefined
        ? jwt?.skip ?? "not measured"
        : `jose (Uint8Array secret) is ${fmt(ratio("jwt-jose-buffer", "jwt-hookseal-node"))} slower than hookseal; the issue expects ≈ 9×`,
    pass: (m) => m <= 1.5,
  });

  for (const [adapter, single, raw] of [
    ["node", "hookseal-node-github", "raw-node"],
    ["web", "hookseal-web-github", "raw-web"],
    ["sync", "hookseal-sync-github", "raw-node"],
  ]) {
    const measured = of(
      [
        [`rotation-hookseal-${adapter}`, KiB],
        [single, KiB],
        [raw, KiB],
      ],
      (three, one, hmac) => (three - one) / 2 / hmac,
    );
    add({
      group: "rotation",
      name: `${adapter === "sync" ? "verifySync" : `verify (${adapter} adapter)`}, 3 secrets (last matches), 1 KiB: each extra secret costs one HMAC, no more`,
      limit: 1.1,
      measured,
      unit: `× one raw ${raw === "raw-web" ? "Web Crypto" : "node:crypto"} HMAC per extra secret`,
      detail: "pass when an extra secret costs at most 1.10× one raw HMAC (the noise allowance of the other 1 KiB targets)",
      pass: (m) => m <= 1.1,
    });
  }

  for (const id of SCHEMES.flatMap((scheme) => [`hookseal-node-${scheme}`, `hookseal-sync-${scheme}`])) {
    const bytes = find(id, MiB)?.alloc?.bytesPerCall;
    add({
      group: "memory",
      name: `${find(id, MiB)?.label ?? id}, 1 MiB: does not copy the body (allocates < 64 KiB per call)`,
      limit: 64 * KiB,
      measured: bytes,
      unit: "bytes per call",
      detail: `${find(id, KiB)?.alloc?.bytesPerCall?.toFixed(0) ?? "?"} bytes per call at 1 KiB`,
      pass: (m) => m < 64 * KiB,
    });
  }
  return targets;
}
