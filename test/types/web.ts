// A browser or worker consumer (moduleResolution bundler, lib DOM, no @types/node): the root
// entry resolves to its Web Crypto build here, and neither it nor hookseal/web may need Node's
// types. Compile-only: `tsc -p test/types/tsconfig.bundler.json`.
import {
  github,
  sign,
  standardWebhooks,
  stripe,
  twilio,
  verify,
  verifyRequest,
  WebhookVerificationError,
  type HeadersLike,
  type ReplayStore,
  type Verified,
} from "hookseal";
import { webCrypto, verify as verifyWeb } from "hookseal/web";
import { accepts, assertType, type Equal } from "./shared.js";

export async function handle(request: Request, env: { SECRET: string }): Promise<Response> {
  accepts<HeadersLike>(request.headers);
  const payload = await request.text();
  try {
    const result = await verify(standardWebhooks, { secret: env.SECRET, payload, headers: request.headers });
    accepts<Verified>(result);
    assertType<Equal<typeof result.id, string>>(); // Standard Webhooks always signs an id
    return new Response(result.id, { status: 204 });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response(error.code, { status: 400 });
    throw error;
  }
}

export async function replayed(request: Request, secret: string, store: ReplayStore): Promise<Response> {
  const webhook = await verifyRequest(stripe, request, { secret, replay: store });
  assertType<Equal<typeof webhook.timestamp, number>>();
  try {
    return new Response(null, { status: 204 });
  } catch (error) {
    await webhook.release(); // always there with a replay store
    throw error;
  }
}

export async function signsUrl(secret: string, payload: string): Promise<void> {
  // @ts-expect-error: twilio signs the request URL: sign needs it
  await sign(twilio, { secret, payload });
  await sign(twilio, { secret, payload, url: "https://example.com/sms" });
}

export async function send(url: string, secret: string): Promise<Response> {
  const body = JSON.stringify({ type: "ping" });
  const headers = await sign(github, { secret, payload: new TextEncoder().encode(body), crypto: webCrypto });
  await verifyWeb(github, { secret, payload: body, headers: Object.entries(headers) });
  return fetch(url, { method: "POST", headers, body });
}
