// What a scheme guarantees is in its type (SchemeTraits): results carry exactly the fields the
// scheme always proves, `release` is there whenever a replay store is, and a scheme that signs
// the URL needs `url`. Compile-only, against the BUILT package: `npm run test:types`.
import type { IncomingMessage } from "node:http";
import {
  awsSns,
  createVerifier,
  defineScheme,
  github,
  memoryReplayStore,
  sign,
  square,
  standardWebhooks,
  stripe,
  twilio,
  verify,
  verifyRequest,
  webhookHandler,
  type ReplayStore,
  type Scheme,
  type Verified,
  type VerifiedRequest,
} from "hookseal";
import { signSync, verifyNodeRequest, verifySync, webhookMiddleware } from "hookseal/node";
import { assertType, type Equal } from "./shared.js";

declare const secret: string;
declare const payload: string;
declare const headers: Record<string, string>;
declare const request: Request;
declare const req: IncomingMessage;

export async function github_(): Promise<void> {
  const verified = await verify(github, { secret, payload, headers });
  assertType<Equal<typeof verified.secretIndex, number>>();
  assertType<Equal<typeof verified.scheme, string>>();
  // GitHub signs no timestamp and no id: the result has neither.
  // @ts-expect-error: no timestamp to read
  const seconds: number = verified.timestamp;
  // @ts-expect-error: no message id to read
  const id: string = verified.id;
  // Without a replay store there is nothing to release.
  // @ts-expect-error: no release() without replay
  await verified.release();
  void [seconds, id];
}

export async function stripe_(): Promise<void> {
  const verified = await verify(stripe, { secret, payload, headers });
  assertType<Equal<typeof verified.timestamp, number>>();
  const sync = verifySync(stripe, { secret, payload, headers });
  assertType<Equal<typeof sync.timestamp, number>>();
  const webhook = await verifyRequest(stripe, request, { secret });
  assertType<Equal<typeof webhook.timestamp, number>>();
  const node = await verifyNodeRequest(stripe, req, { secret });
  assertType<Equal<typeof node.timestamp, number>>();
  // @ts-expect-error: Stripe carries no message id
  const id: string = verified.id;
  void [id, sync, webhook, node];
}

export async function standardWebhooks_(): Promise<void> {
  const verified = await verify(standardWebhooks, { secret, payload, headers });
  assertType<Equal<typeof verified.id, string>>();
  assertType<Equal<typeof verified.timestamp, number>>();
  const handle = webhookHandler(standardWebhooks, { secret }, (webhook) => {
    assertType<Equal<typeof webhook.id, string>>();
    return new Response(webhook.id);
  });
  void [handle, verified];
}

export async function replay(store: ReplayStore, maybe: ReplayStore | undefined): Promise<void> {
  const verified = await verify(github, { secret, payload, headers, replay: memoryReplayStore() });
  assertType<Equal<typeof verified.release, () => Promise<void>>>();
  await verified.release(); // no `!`: a call with replay always has it
  const fromRequest = await verifyRequest(standardWebhooks, request, { secret, replay: store });
  await fromRequest.release();
  const sync = verifySync(stripe, { secret, payload, headers, replay: store });
  await sync.release();
  webhookHandler(github, { secret, replay: store }, async (webhook) => {
    await webhook.release();
    return new Response(null, { status: 204 });
  });
  // A store that may be absent: release may be too.
  const perhaps = await verify(github, { secret, payload, headers, replay: maybe });
  assertType<Equal<typeof perhaps.release, (() => Promise<void>) | undefined>>();
  // @ts-expect-error: release may be undefined here
  await perhaps.release();
}

export async function urls(url: string): Promise<void> {
  await verify(twilio, { secret, payload, headers, url });
  await sign(twilio, { secret, payload, url });
  signSync(square, { secret, payload, url });
  verifySync(square, { secret, payload, headers, url });
  // @ts-expect-error: twilio signs the request URL, so verify needs it
  await verify(twilio, { secret, payload, headers });
  // @ts-expect-error: and so does sign
  await sign(twilio, { secret, payload });
  // @ts-expect-error: square signs the URL too
  signSync(square, { secret, payload });
  // @ts-expect-error: verifySync as well
  verifySync(square, { secret, payload, headers });
  // The request helpers derive the URL from the request: optional there.
  await verifyRequest(twilio, request, { secret });
  await verifyNodeRequest(square, req, { secret });
}

export async function defined(url: string): Promise<void> {
  // defineScheme() infers the traits from the definition.
  const acme = defineScheme({
    name: "acme",
    hash: "SHA-256",
    encoding: "hex",
    signatureHeader: "acme-signature",
    parse: (value) => ({ signatures: [value] }),
    format: ({ signatures }) => signatures[0]!,
    timestamp: { header: "acme-timestamp" },
    idHeader: "acme-id",
    content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
  });
  assertType<Equal<typeof acme, Scheme<{ timestamp: true; id: true; url: false }>>>();
  const verified = await verify(acme, { secret, payload, headers });
  assertType<Equal<typeof verified.id | typeof verified.timestamp, string | number>>();
  const signed = defineScheme({
    name: "signed",
    hash: "SHA-256",
    encoding: "base64",
    signatureHeader: "x-signed",
    parse: (value) => ({ signatures: [value] }),
    format: ({ signatures }) => signatures[0]!,
    signsUrl: true,
    content: ({ url, body }) => [url, body],
  });
  assertType<Equal<typeof signed, Scheme<{ timestamp: false; id: false; url: true }>>>();
  await sign(signed, { secret, payload, url });
  // @ts-expect-error: signsUrl: true makes url required
  await sign(signed, { secret, payload });
  // Spreading a scheme keeps its traits.
  assertType<Equal<typeof verified, Verified<{ timestamp: true; id: true; url: false }, undefined>>>();
  const forgejo = defineScheme({ ...github, name: "forgejo" });
  assertType<Equal<typeof forgejo, typeof github>>();
  void [verified, forgejo];
}

export async function plain(routes: Record<string, { scheme: Scheme; secret: string }>, path: string, url: string): Promise<Verified> {
  // A plain Scheme (a route table) still works, with the loose result.
  const route = routes[path]!;
  const verified = await verify(route.scheme, { secret: route.secret, payload, headers, url });
  assertType<Equal<typeof verified.timestamp, number | undefined>>();
  assertType<Equal<typeof verified.id, string | undefined>>();
  const webhook: VerifiedRequest = await verifyRequest(route.scheme, request, { secret: route.secret });
  // A union of schemes keeps what they share.
  const either = await verify(path === "/stripe" ? stripe : github, { secret, payload, headers });
  assertType<Equal<typeof either.timestamp, number | undefined>>();
  // Every narrowed result is still a Verified.
  const results: Verified[] = [verified, webhook, either, await verify(stripe, { secret, payload, headers })];
  return results[0]!;
}

export async function keyless(): Promise<void> {
  // awsSns takes its key from the certificate AWS names: every receiver may leave `secret` out.
  const sns = awsSns();
  const verified = await verify(sns, { payload, headers, replay: memoryReplayStore() });
  assertType<Equal<typeof verified.id, string>>();
  await verified.release(); // the replay store's type still flows through
  await verifyRequest(sns, request, {});
  await verifyNodeRequest(sns, req, {});
  verifySync(sns, { payload, headers }); // once its certificate is cached
  createVerifier(sns, {});
  webhookHandler(sns, {}, async () => new Response(null, { status: 204 }));
  webhookMiddleware(sns, {});
  // A scheme that needs a secret still requires it.
  // @ts-expect-error: github needs its secret
  await verify(github, { payload, headers });
  // @ts-expect-error: github needs its secret
  webhookMiddleware(github, {});
}
