// The handshake machinery every request helper shares: run a scheme's handshake rule on a
// request, and turn its answer into a Fetch `Response`. Portable (no node:*).
import type { CryptoProvider } from "../crypto/types.js";
import type { Secret, Secrets, Verified } from "../engine/options.js";
import type { HandshakeAnswer, HandshakeContext, HandshakeRequest, HandshakeRule } from "../schemes/scheme.js";

/** What a request's handshake check came to: the answer to send, and the body if it was read on the way. */
export interface HandshakeOutcome {
  readonly answer?: HandshakeAnswer;
  readonly body?: Uint8Array;
}

/**
 * Runs `rule` on a request: its unsigned check first (no body read, nothing verified); then,
 * for a rule with signed checks, reads the body (within the caller's limits) and, when `claims`
 * says the request is one, verifies it with `verify` (the scheme's normal verification without
 * a replay claim) and answers it. Otherwise the request is an ordinary delivery, and the body
 * read here is handed back for its verification: it is read once.
 */
export async function runHandshake(
  rule: HandshakeRule,
  request: HandshakeRequest,
  context: HandshakeContext,
  readBody: () => Promise<Uint8Array>,
  verify: (body: Uint8Array) => Promise<Verified>,
): Promise<HandshakeOutcome> {
  if (rule.unsigned !== undefined) {
    const answer = await rule.unsigned(request, context);
    if (answer !== undefined) return { answer };
  }
  if (rule.claims === undefined) return {};
  const body = await readBody();
  if (!rule.claims(request, body)) return { body };
  const verified = await verify(body);
  return { answer: await rule.answer!(request, body, verified, context), body };
}

/** The configured secrets as a list (none when the option is absent). */
export const secretList = (secret: Secrets | undefined): readonly Secret[] =>
  secret === undefined ? [] : Array.isArray(secret) ? (secret as readonly Secret[]) : [secret as Secret];

/** The context a rule gets: the configured secrets and the call's crypto provider. */
// Public-key schemes take keys as `secret`; none of them has a check that reads it as a shared secret.
export const handshakeContext = (options: { secret?: unknown; crypto?: CryptoProvider }, defaultCrypto: CryptoProvider): HandshakeContext => ({
  secrets: secretList(options.secret as Secrets | undefined),
  crypto: options.crypto ?? defaultCrypto,
});

/** A Fetch `Request` as a rule sees it. */
export function fetchHandshakeRequest(request: { readonly method?: string; readonly url: string; readonly headers: Headers }): HandshakeRequest {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new TypeError("the request URL is not an absolute URL");
  }
  return { method: (request.method ?? "GET").toUpperCase(), path: url.pathname, query: url.searchParams, headers: request.headers };
}

/** The answer as a Fetch `Response`, byte for byte. */
export const answerResponse = (answer: HandshakeAnswer): Response =>
  new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
