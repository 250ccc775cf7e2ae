// Shared by the framework recipe tests: one secret for every scheme, signed and hostile
// deliveries sent with real fetch() over 127.0.0.1, and the recipe sources as the docs show them.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { generateSecret, sign, type Scheme } from "../../src/node.js";

/** One `whsec_…` secret works for every scheme; the recipe apps read it from these variables. */
export const SECRET = generateSecret();
for (const name of ["GITHUB_WEBHOOK_SECRET", "STRIPE_WEBHOOK_SECRET", "WEBHOOK_SECRET"]) process.env[name] = SECRET;

export const MiB = 1024 * 1024;

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: response.status, body, headers: response.headers };
}

/** POSTs `body` with `headers` (and a JSON content type) and reads the answer. */
export async function post(url: string, body: BodyInit, headers: Record<string, string>): Promise<Answer> {
  const init = { method: "POST", headers: { "content-type": "application/json", ...headers }, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) };
  return answer(await fetch(url, init as RequestInit));
}

/** Headers signing `payload` under the shared secret. */
export const signed = (scheme: Scheme, payload: string) => sign(scheme, { secret: SECRET, payload });

/** A chunked body (no Content-Length) of up to `total` bytes, counting what the client had to produce. */
export function streamedBody(total: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
    },
  });
  return { stream, state };
}

export const EVENT = JSON.stringify({ type: "invoice.paid", action: "opened", data: { id: "in_123" } });

/**
 * The cases every recipe passes: a signed delivery accepted, a tampered one refused with 401
 * and the code, an oversized one refused with 413 (by Content-Length, and while streaming).
 */
export async function expectRecipeBehaviour(
  url: string,
  scheme: Scheme,
  accepted: Record<string, unknown>,
  {
    oversized = (a: Answer) => expect(a).toMatchObject({ status: 413, body: { error: "payload_too_large" } }),
    // Node's server stops taking the upload once the answer is out; Deno and Bun drain it (unkept).
    senderStopsEarly = true,
  }: { oversized?: (answer: Answer) => void; senderStopsEarly?: boolean } = {},
) {
  const headers = await signed(scheme, EVENT);
  expect(await post(url, EVENT, headers)).toMatchObject({ status: 200, body: accepted });

  const tampered = EVENT.replace("in_123", "in_999");
  expect(await post(url, tampered, headers)).toMatchObject({ status: 401, body: { error: "no_matching_signature" } });
  expect(await post(url, EVENT, {})).toMatchObject({ status: 401, body: { error: "missing_header" } });

  // 5 MiB with Content-Length: refused on the header, before the body is read.
  oversized(await post(url, new Uint8Array(5 * MiB).fill(0x20), headers));
  // Up to 64 MiB, chunked: refused once the limit is passed, long before the sender is done.
  const { stream, state } = streamedBody(64 * MiB);
  oversized(await post(url, stream, headers));
  if (senderStopsEarly) expect(state.pulled).toBeLessThan(32 * MiB);

  // Still serving after the refusals.
  expect(await post(url, EVENT, await signed(scheme, EVENT))).toMatchObject({ status: 200 });
}

// ——— recipes as the docs show them ——————————————————————————————————————————————————————

const ROOT = new URL("../../", import.meta.url);

/** What the apps import from the source tree, and what a user imports instead. */
const SPECIFIERS: [string, string][] = [
  ['"../../../src/node.js"', '"hookseal/node"'],
  ['"../../../src/index.js"', '"hookseal"'],
];

/** A recipe app's source as users see it: imports from the package, not the source tree. */
export function recipeSource(app: string): string {
  let source = readFileSync(new URL(`test/recipes/apps/${app}`, ROOT), "utf8");
  for (const [from, to] of SPECIFIERS) source = source.split(from).join(to);
  return source;
}

export const docsPage = (page: string) => readFileSync(new URL(`docs/recipes/${page}`, ROOT), "utf8");
