// Hostile requests: what refusing an unauthenticated attack costs, next to a valid delivery of
// the same size and one raw HMAC over the body (issue 12: "refusing costs at most a few times
// one HMAC over the body"). Part of `npm run bench`; alone, for a quick look:
//
//   npm run build && node --expose-gc bench/hostile.mjs
//
// Every case is checked first: the valid delivery is accepted, every hostile one refused with
// the code it must get.
import { createHmac, generateKeyPairSync, sign as edSign, verify as edVerify } from "node:crypto";
import { fileURLToPath } from "node:url";
import * as hs from "hookseal/node";
import { MiB } from "./fixtures.mjs";
import { median, time, warmUp } from "./measure.mjs";
import { hostileMarkdown } from "./report.mjs";

const TWILIO_TOKEN = "0123456789abcdef0123456789abcdef";
const TWILIO_URL = "https://example.com/twilio/sms";
const NOW = 1_700_000_000;

/** A form body of `count` parameters, padded to exactly `size` bytes. */
function formBody(count, size) {
  const value = "v".repeat(Math.max(1, Math.floor(size / count) - 9));
  const fields = Array.from({ length: count }, (_, i) => `p${String(i).padStart(6, "0")}=${value}`);
  let body = fields.join("&");
  if (body.length < size) body += "v".repeat(size - body.length);
  return Buffer.from(body.slice(0, size));
}

const refusedWith = (code) => async (fn) => {
  try {
    await fn();
    return `accepted (expected ${code})`;
  } catch (error) {
    return error instanceof hs.WebhookVerificationError && error.code === code ? undefined : `refused with ${error?.code ?? error} (expected ${code})`;
  }
};
const acceptedCheck = async (fn) => {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return `refused with ${error?.code ?? error}`;
  }
};

/** The cases, grouped: each group's ratios are taken against its `raw` case. */
function hostileGroups() {
  // Twilio: HMAC-SHA1 over the URL and the sorted form parameters.
  const twilioValid = formBody(1000, MiB); // the most parameters accepted, 1 MiB
  const twilioHostile = formBody(100_000, MiB); // 100,000 parameters, 1 MiB
  const twilioHeaders = hs.signSync(hs.twilio, { secret: TWILIO_TOKEN, payload: twilioValid, url: TWILIO_URL });
  const bogusTwilio = { "x-twilio-signature": Buffer.alloc(20, 0x5a).toString("base64") };
  const twilioKey = Buffer.from(TWILIO_TOKEN);

  // Standard Webhooks v1a: Ed25519 over "<id>.<timestamp>.<body>".
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const rawPublic = publicKey.export({ format: "der", type: "spki" }).subarray(12);
  const rawSeed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(16);
  const whpk = "whpk_" + rawPublic.toString("base64");
  const whsk = "whsk_" + Buffer.concat([rawSeed, rawPublic]).toString("base64");
  const body = Buffer.alloc(MiB, 0x61);
  const signed = Buffer.concat([Buffer.from(`msg_1.${NOW}.`), body]);
  const v1aHeaders = hs.signSync(hs.standardWebhooks, { secret: whsk, payload: body, id: "msg_1", timestamp: NOW });
  const bogus = Array.from({ length: 32 }, (_, i) => `v1a,${Buffer.alloc(64, i + 1).toString("base64")}`).join(" ");
  const v1aHostile = { ...v1aHeaders, "webhook-signature": bogus };
  const signature = edSign(null, signed, privateKey);
  const hmacKey = Buffer.alloc(32, 7);

  return [
    {
      title: "Twilio, 1 MiB form body",
      cases: [
        { id: "raw", label: "raw createHmac(sha1) over the body (one HMAC)", check: acceptedCheck, fn: () => createHmac("sha1", twilioKey).update(twilioValid).digest() },
        {
          id: "valid",
          label: "verify: valid delivery, 1,000 parameters",
          check: acceptedCheck,
          fn: () => hs.verifySync(hs.twilio, { secret: TWILIO_TOKEN, payload: twilioValid, headers: twilioHeaders, url: TWILIO_URL }),
        },
        {
          id: "bogus-1000",
          label: "verify: 1,000 parameters, well-formed bogus signature (2 URL forms tried)",
          check: refusedWith("no_matching_signature"),
          fn: () => hs.verifySync(hs.twilio, { secret: TWILIO_TOKEN, payload: twilioValid, headers: bogusTwilio, url: TWILIO_URL }),
        },
        {
          id: "hostile",
          label: "verify: 100,000 parameters, well-formed bogus signature",
          check: refusedWith("malformed_header"),
          fn: () => hs.verifySync(hs.twilio, { secret: TWILIO_TOKEN, payload: twilioHostile, headers: bogusTwilio, url: TWILIO_URL }),
        },
      ],
    },
    {
      title: "Standard Webhooks v1a (Ed25519), 1 MiB body",
      cases: [
        { id: "raw", label: "raw createHmac(sha256) over the body (one HMAC)", check: acceptedCheck, fn: () => createHmac("sha256", hmacKey).update(body).digest() },
        {
          id: "raw-ed25519",
          label: "raw node:crypto Ed25519 verify (key object made once)",
          check: async (fn) => ((await fn()) ? undefined : "did not verify"),
          fn: () => edVerify(null, signed, publicKey, signature),
        },
        {
          id: "valid",
          label: "verify: valid v1a delivery",
          check: acceptedCheck,
          fn: () => hs.verifySync(hs.standardWebhooks, { secret: whpk, payload: body, headers: v1aHeaders, now: NOW }),
        },
        {
          id: "hostile",
          label: "verify: 32 bogus v1a entries (4 tried)",
          check: refusedWith("no_matching_signature"),
          fn: () => hs.verifySync(hs.standardWebhooks, { secret: whpk, payload: body, headers: v1aHostile, now: NOW }),
        },
      ],
    },
  ];
}

/** `fn` for timing: a refusal is its expected outcome, not an error. */
const timed = (fn) => () => {
  try {
    return fn();
  } catch {
    return false;
  }
};

/** Checks, then times every case; returns the groups with `ns` (fastest round's p50) and ratios. */
export async function runHostile({ rounds = 6, budgetMs = 40 } = {}) {
  const groups = hostileGroups();
  const broken = [];
  for (const group of groups) for (const c of group.cases) {
    const problem = await c.check(c.fn);
    if (problem !== undefined) broken.push(`${group.title} / ${c.id}: ${problem}`);
  }
  if (broken.length > 0) throw new Error(`hostile bench: cases failed their check:\n  ${broken.join("\n  ")}`);
  for (const group of groups) for (const c of group.cases) c.timed = timed(c.fn);
  for (const group of groups) for (const c of group.cases) await warmUp(c.timed, 50);
  const perRound = new Map(groups.flatMap((g) => g.cases.map((c) => [c, []])));
  for (let round = 0; round < rounds; round++) {
    for (const group of groups) {
      globalThis.gc?.();
      for (const c of round % 2 === 0 ? group.cases : [...group.cases].reverse()) perRound.get(c).push((await time(c.timed, budgetMs)).p50);
    }
  }
  return groups.map((group) => {
    const best = (c) => Math.min(...perRound.get(c));
    const raw = best(group.cases.find((c) => c.id === "raw"));
    const valid = best(group.cases.find((c) => c.id === "valid"));
    return {
      title: group.title,
      cases: group.cases.map((c) => ({
        id: c.id,
        label: c.label,
        ns: best(c),
        medianOfRounds: median(perRound.get(c)),
        xRawHmac: best(c) / raw,
        xValid: best(c) / valid,
      })),
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const groups = await runHostile({ rounds: process.argv.includes("--quick") ? 3 : 6 });
  console.log(hostileMarkdown(groups));
}
