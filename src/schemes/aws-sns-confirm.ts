// The SNS subscription handshake (awsSns({ confirmSubscription: true })): a verified
// SubscriptionConfirmation is confirmed by a GET of its SubscribeURL, as AWS documents ("Step 3:
// Confirm your Amazon SNS subscription"), and answered 200. Only awsSns bundles this; only
// schemes made with the option run it.
import { handshakeRefused } from "../handshake/answers.js";
import { HandshakeCallbackError } from "../handshake/callback-error.js";
import { headerValues } from "../lib/headers.js";
import type { HandshakeAnswer, HandshakeRule } from "./scheme.js";
import { callOnce, calls, readBounded } from "./aws-sns-calls.js";
import { awsSnsMessage } from "./aws-sns-message.js";
import { isSnsSubscribeUrl } from "./aws-sns-url.js";

/** Longest answer of the SubscribeURL read (AWS's is a few hundred bytes of XML). */
const MAX_ANSWER_BYTES = 65_536; // 64 KiB
/** How long a confirmed URL is remembered, in ms: AWS's confirmation tokens live 2 to 3 days. */
const CONFIRMED_TTL_MS = 259_200_000; // 3 days

const failed = (message: string, cause?: unknown) => new HandshakeCallbackError(`The SNS subscription was not confirmed: ${message}.`, { cause });

/** GETs `url` once: status 200, its answer read within a bound, all within `timeoutMs`. */
async function callSubscribeUrl(fetchImpl: typeof fetch | undefined, url: string, timeoutMs: number): Promise<void> {
  const call = fetchImpl ?? globalThis.fetch;
  if (typeof call !== "function") throw failed("no fetch() is available: pass awsSns({ fetch })");
  const controller = new AbortController();
  const call200 = async (): Promise<void> => {
    // No redirect may take the call off SNS's host; no body, no credentials.
    const response = await call(url, { method: "GET", signal: controller.signal, redirect: "error" });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw failed(`SNS answered status ${response.status}`);
    }
    await readBounded(response, MAX_ANSWER_BYTES, "SNS's answer", failed);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The deadline holds even for a fetch that ignores its signal: the race never hangs.
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(failed(`SNS did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const work = call200();
  work.catch(() => {}); // lost the race: its late failure is nobody's
  try {
    await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof HandshakeCallbackError) throw error;
    // The message never carries the URL: it holds the subscription's token.
    throw failed("the call to its SubscribeURL failed", error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The handshake rule of `awsSns({ confirmSubscription: true })`. `claims`: the message type
 * header says `SubscriptionConfirmation` (the verification then holds the header to the signed
 * `Type`). `answer`: the verified `SubscribeURL`, if it is SNS's own
 * (`https://sns.<region>.amazonaws.com[.cn]/?Action=ConfirmSubscription&…`, else
 * `handshake_refused` and nothing is called), is called once; a repeat of a confirmation already
 * done (or under way) is answered without a second call.
 */
export function snsConfirmation(fetchImpl: typeof fetch | undefined, timeoutMs: number): HandshakeRule {
  const confirmed = calls<void>();
  return {
    claims: ({ headers }) => headerValues(headers, "x-amz-sns-message-type")[0] === "SubscriptionConfirmation",
    async answer(_request, body): Promise<HandshakeAnswer> {
      const message = awsSnsMessage(body); // verified, so well formed
      const url = message.SubscribeURL;
      if (message.Type !== "SubscriptionConfirmation" || !isSnsSubscribeUrl(url)) {
        throw handshakeRefused("SNS's SubscriptionConfirmation was refused: its SubscribeURL is not on SNS's own host.");
      }
      await callOnce(confirmed, url, CONFIRMED_TTL_MS, () => callSubscribeUrl(fetchImpl, url, timeoutMs), () => failed("too many confirmations in the last minute"));
      return { status: 200, headers: { "content-type": "text/plain" }, body: "" };
    },
  };
}
