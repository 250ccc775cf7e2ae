// awsSns({ confirmSubscription: true }): a verified SubscriptionConfirmation is confirmed by one
// GET of its SubscribeURL and answered 200 by handshakeResponse(), webhookHandler() and
// webhookMiddleware() (on a real server on 127.0.0.1), never reaching the user's handler;
// without the option it is an ordinary delivery. Messages are signed here with node:crypto as
// AWS documents, under a self-signed certificate; every fetch is injected (never the network),
// and the URLs are real-looking amazonaws.com ones: the host checks are not weakened for tests.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { awsSns, HandshakeCallbackError, handshakeResponse, memoryReplayStore, webhookErrorStatus, webhookHandler, WebhookVerificationError, type AwsSnsOptions, type ReplayStore } from "../../src/index.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { selfSignedCertificate } from "../keys/certificate-fixture.js";
import { SNS_CERT_URL, snsSigned, type SnsFields } from "../sns-oracle.js";
import { requestOf, viaHandler, viaHandshakeResponse, viaMiddleware, type Exchange } from "../providers/handshake.js";

const aws = generateKeyPairSync("rsa", { modulusLength: 2048 });
const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });
const CERTIFICATE = selfSignedCertificate(aws.publicKey, aws.privateKey);
const CERT_URL = SNS_CERT_URL;
const TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
const TOKEN = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736";
const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${TOKEN}`;
// What SNS answers a confirmation with (a ConfirmSubscriptionResponse).
const CONFIRMED_XML = `<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ConfirmSubscriptionResult><SubscriptionArn>${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`;

type Fields = SnsFields;

const signed = (fields: Fields, key = aws.privateKey): Fields => snsSigned(fields, key);

const confirmation = (extra: Fields = {}, type = "SubscriptionConfirmation"): Fields => ({
  Type: type,
  MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
  Token: TOKEN,
  TopicArn: TOPIC,
  Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
  SubscribeURL: SUBSCRIBE_URL,
  Timestamp: "2012-04-26T20:45:04.751Z",
  ...extra,
});
const notification = (): Fields => ({
  Type: "Notification",
  MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  TopicArn: TOPIC,
  Message: '{"order":42}',
  Timestamp: "2012-05-02T00:54:06.655Z",
});

const exchangeOf = (message: Fields, type = message.Type!): Exchange => ({
  headers: { "x-amz-sns-message-type": type, "x-amz-sns-message-id": message.MessageId!, "x-amz-sns-topic-arn": message.TopicArn!, "content-type": "text/plain; charset=UTF-8" },
  body: JSON.stringify(message),
});

type Answer = (url: string, init?: RequestInit) => Promise<Response> | Response;

/** An injected fetch: the certificate for CERT_URL, `confirm` for anything else; every call recorded. */
function snsServer(confirm: Answer = () => new Response(CONFIRMED_XML, { headers: { "content-type": "text/xml" } })) {
  const certificateCalls: string[] = [];
  const confirmCalls: { url: string; init?: RequestInit }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url === CERT_URL) {
      certificateCalls.push(url);
      return new Response(CERTIFICATE);
    }
    confirmCalls.push({ url, init });
    return confirm(url, init);
  }) as typeof globalThis.fetch;
  return { fetch, certificateCalls, confirmCalls };
}

const ways = [
  ["handshakeResponse", viaHandshakeResponse],
  ["webhookHandler", viaHandler],
  ["webhookMiddleware", viaMiddleware],
] as const;

/** handshakeResponse()'s rejection. */
async function handshakeRejection(scheme: ReturnType<typeof awsSns>, exchange: Exchange, options: object): Promise<unknown> {
  return handshakeResponse(scheme, requestOf(exchange), options).then(
    (answer) => expect.fail(`handshakeResponse answered ${answer?.status}`),
    (error: unknown) => error,
  );
}

describe.each(adapters)("SNS SubscriptionConfirmation on the $name adapter", ({ crypto }) => {
  const options = { secret: [] as string[], crypto };
  const sns = (server: ReturnType<typeof snsServer>, extra: AwsSnsOptions = {}) => awsSns({ fetch: server.fetch, topicArns: [TOPIC], confirmSubscription: true, ...extra });

  it("is confirmed with one GET of its SubscribeURL and answered 200, by all three helpers, never reaching the handler", async () => {
    for (const [how, via] of ways) {
      const server = snsServer();
      const answer = await via(sns(server), exchangeOf(signed(confirmation())), options);
      expect(answer, how).toBeDefined();
      expect(answer!.status, how).toBe(200);
      expect(answer!.body, how).toBe("");
      expect(answer!.handled, how).toBe(false);
      expect(server.confirmCalls.map((call) => call.url), how).toEqual([SUBSCRIBE_URL]);
      expect(server.confirmCalls[0]!.init, how).toMatchObject({ method: "GET", redirect: "error" });
      expect(server.certificateCalls, how).toEqual([CERT_URL]); // verified first
    }
  });

  it("a repeat of a confirmation already done, or two at once, calls SNS once", async () => {
    const server = snsServer();
    const scheme = sns(server);
    const message = signed(confirmation());
    const [first, second] = await Promise.all([viaHandler(scheme, exchangeOf(message), options), viaHandshakeResponse(scheme, exchangeOf(message), options)]);
    expect([first.status, second!.status]).toEqual([200, 200]);
    expect((await viaMiddleware(scheme, exchangeOf(message), options)).status).toBe(200);
    expect(server.confirmCalls).toHaveLength(1);
  });

  it("without confirmSubscription: true nothing is confirmed, and the verified confirmation reaches the handler", async () => {
    for (const extra of [{}, { confirmSubscription: false }] as const) {
      const server = snsServer();
      const scheme = awsSns({ fetch: server.fetch, topicArns: [TOPIC], ...extra });
      expect(scheme.handshake).toBeUndefined();
      const exchange = exchangeOf(signed(confirmation()));
      expect(await viaHandshakeResponse(scheme, exchange, options)).toBeUndefined();
      for (const via of [viaHandler, viaMiddleware]) {
        const answer = await via(scheme, exchange, options);
        expect(answer.handled).toBe(true);
        expect(answer.status).toBe(202);
      }
      expect(server.confirmCalls).toEqual([]);
    }
  });

  it("Notifications and UnsubscribeConfirmations are ordinary deliveries: the handler runs, no SubscribeURL is called", async () => {
    const server = snsServer();
    const scheme = sns(server);
    for (const message of [signed(notification()), signed(confirmation({}, "UnsubscribeConfirmation"))]) {
      expect(await viaHandshakeResponse(scheme, exchangeOf(message), options)).toBeUndefined();
      for (const via of [viaHandler, viaMiddleware]) {
        const answer = await via(scheme, exchangeOf(message), options);
        expect(answer.handled, message.Type).toBe(true);
      }
    }
    expect(server.confirmCalls).toEqual([]);
  });

  it("a signed SubscribeURL that is not SNS's own is refused (403 handshake_refused), and nothing is called", async () => {
    const hostile = [
      "https://evil.com/?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription&Token=1",
      "https://evil.com/sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1",
      "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1",
      "https://user@sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1",
      "https://user:pass@sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com@evil.com/?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com:443/?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com:8443/?Action=ConfirmSubscription&Token=1",
      "https://127.0.0.1/?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com\\@evil.com/?Action=ConfirmSubscription&Token=1",
      "https://sns%2eus-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1",
      "https://SNS.US-EAST-1.AMAZONAWS.COM/?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com./?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com/evil?Action=ConfirmSubscription&Token=1",
      "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x",
      "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1#@evil.com",
      "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1/@evil.com",
      "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1\n",
      "https://sns.xn--us-east-1-ab1c.amazonaws.com/?Action=ConfirmSubscription&Token=1",
      "javascript:alert(1)",
    ];
    const server = snsServer();
    const scheme = sns(server);
    for (const url of hostile) {
      const exchange = exchangeOf(signed(confirmation({ SubscribeURL: url })));
      const error = await handshakeRejection(scheme, exchange, options);
      expect(error, url).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code, url).toBe("handshake_refused");
      expect((error as Error).message).not.toContain(url);
      for (const via of [viaHandler, viaMiddleware]) {
        const answer = await via(scheme, exchange, options);
        expect(answer.handled, url).toBe(false);
        expect(answer.status, url).toBe(403);
        expect(JSON.parse(answer.body), url).toEqual({ error: "handshake_refused" });
      }
    }
    expect(server.confirmCalls).toEqual([]);
  });

  it("a confirmation that fails verification is refused with the verification's code, and nothing is called", async () => {
    const server = snsServer();
    const scheme = sns(server);
    const message = signed(confirmation());
    const cases: [string, Exchange, string][] = [
      ["signed by another key", exchangeOf(signed(confirmation(), attacker.privateKey)), "no_matching_signature"],
      ["a changed SubscribeURL", exchangeOf({ ...message, SubscribeURL: SUBSCRIBE_URL.replace("Token=", "Token=0") }), "no_matching_signature"],
      ["a changed Token", exchangeOf({ ...message, Token: "0" + TOKEN }), "no_matching_signature"],
      ["another topic", exchangeOf(signed(confirmation({ TopicArn: "arn:aws:sns:us-east-1:999999999999:evil" }))), "no_matching_signature"],
      ["a Notification body under the confirmation header", exchangeOf(signed(notification()), "SubscriptionConfirmation"), "malformed_header"],
      ["a certificate URL off AWS", exchangeOf(signed(confirmation({ SigningCertURL: "https://evil.com/cert.pem" }))), "malformed_header"],
      ["not JSON", { headers: { "x-amz-sns-message-type": "SubscriptionConfirmation" }, body: "{" }, "malformed_header"],
    ];
    for (const [what, exchange, code] of cases) {
      const error = await handshakeRejection(scheme, exchange, options);
      expect((error as WebhookVerificationError).code, what).toBe(code);
      for (const via of [viaHandler, viaMiddleware]) {
        const answer = await via(scheme, exchange, options);
        expect(answer.handled, what).toBe(false);
        expect(answer.status, what).toBe(401);
        expect(JSON.parse(answer.body), what).toEqual({ error: code });
      }
    }
    expect(server.confirmCalls).toEqual([]);
  });

  it("a confirmation call that fails is a HandshakeCallbackError (503 handshake_callback_failed), is not remembered, and never names the URL", async () => {
    const failures: [string, Answer][] = [
      ["status 500", () => new Response("oops", { status: 500 })],
      ["status 403 (an expired token)", () => new Response("<ErrorResponse/>", { status: 403 })],
      ["a redirect refused", () => Promise.reject(new TypeError("fetch failed: redirect mode is set to error"))],
      ["a network error", () => Promise.reject(new TypeError("fetch failed"))],
      ["a fetch that throws at once", () => {
        throw new TypeError("boom");
      }],
      ["an answer larger than 64 KiB", () => new Response("x".repeat(100_000))],
      ["an endless answer", () => new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(8192)) }))],
      ["a fetch that ignores its signal and never settles", () => new Promise<Response>(() => {})],
      ["an answer whose body ignores the signal and stalls", () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) }))],
      ["no answer in time", (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))))],
      ["an answer that stalls", (_url, init) => new Response(new ReadableStream({ start: (controller) => init?.signal?.addEventListener("abort", () => controller.error(new Error("aborted"))) }))],
    ];
    for (const [what, answer] of failures) {
      const server = snsServer(answer);
      const scheme = sns(server, { timeoutMs: 50 });
      const exchange = exchangeOf(signed(confirmation()));
      const error = await handshakeRejection(scheme, exchange, options);
      expect(error, what).toBeInstanceOf(HandshakeCallbackError);
      expect((error as Error).name).toBe("HandshakeCallbackError");
      expect((error as Error).message, what).not.toContain(TOKEN);
      expect((error as Error).message, what).not.toContain("amazonaws");
      expect(webhookErrorStatus(error as HandshakeCallbackError)).toBe(503);
      for (const via of [viaHandler, viaMiddleware]) {
        const response = await via(scheme, exchange, options);
        expect(response.handled, what).toBe(false);
        expect(response.status, what).toBe(503);
        expect(JSON.parse(response.body), what).toEqual({ error: "handshake_callback_failed" });
      }
      expect(server.confirmCalls, what).toHaveLength(3); // each try calls again: a failure is not kept
    }
  });

  it("takes no replay claim: a confirmation answered or failed leaves the store untouched", async () => {
    const claims: string[] = [];
    const store = memoryReplayStore();
    const spy: ReplayStore = {
      claim: (key, ttl, owner) => (claims.push(key), store.claim(key, ttl, owner)),
      release: (key, owner) => store.release(key, owner),
    };
    for (const answer of [undefined, () => new Response("", { status: 500 })]) {
      const server = snsServer(answer);
      const scheme = sns(server);
      const handle = webhookHandler(scheme, { ...options, replay: spy }, () => expect.fail("the handler must not see a confirmation"));
      const message = signed(confirmation());
      expect((await handle(requestOf(exchangeOf(message)))).status).toBe(answer === undefined ? 200 : 503);
      expect((await handle(requestOf(exchangeOf(message)))).status).toBe(answer === undefined ? 200 : 503);
    }
    expect(claims).toEqual([]);
    // A notification is claimed as usual, by its MessageId.
    const handle = webhookHandler(sns(snsServer()), { ...options, replay: spy }, () => new Response(null, { status: 204 }));
    expect((await handle(requestOf(exchangeOf(signed(notification()))))).status).toBe(204);
    expect(claims).toEqual(["awsSns:id:22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324"]);
  });

  it("at most 10 confirmation calls a minute: replayed captures of many confirmations cannot make us a fetch amplifier", async () => {
    const server = snsServer(() => new Response("", { status: 500 }));
    const scheme = sns(server);
    for (let i = 0; i < 15; i++) {
      const exchange = exchangeOf(signed(confirmation({ SubscribeURL: `${SUBSCRIBE_URL}${i}`, MessageId: `m-${i}` })));
      expect(await handshakeRejection(scheme, exchange, options)).toBeInstanceOf(HandshakeCallbackError);
    }
    expect(server.confirmCalls).toHaveLength(10);
  });

  it("eventId is the signed MessageId; replayKey: \"event\" claims it", async () => {
    const server = snsServer();
    const scheme = sns(server);
    const message = signed(notification());
    const verify = (replay?: ReplayStore) =>
      verifyWith(crypto, scheme, { secret: [], payload: JSON.stringify(message), headers: exchangeOf(message).headers!, ...(replay ? { replay, replayKey: "event" as const, replayTtl: 3600 } : {}) });
    await expect(verify()).resolves.toMatchObject({ id: message.MessageId, eventId: message.MessageId });
    const replay = memoryReplayStore();
    await verify(replay);
    await expect(verify(replay)).rejects.toMatchObject({ code: "replayed" });
    // Only an id shaped like one (1 to 256 visible ASCII characters) is an event id.
    for (const MessageId of ["has space", "x".repeat(257), "tab\there"]) {
      const odd = signed({ ...notification(), MessageId });
      const verified = await verifyWith(crypto, scheme, { secret: [], payload: JSON.stringify(odd), headers: exchangeOf(odd).headers! });
      expect(verified.id).toBe(MessageId);
      expect(verified.eventId).toBeUndefined();
    }
    // Not read from anything unsigned: a changed MessageId fails verification.
    await expect(verifyWith(crypto, scheme, { secret: [], payload: JSON.stringify({ ...message, MessageId: "other" }), headers: exchangeOf(message).headers! })).rejects.toMatchObject({ code: "no_matching_signature" });
  });
});

describe("awsSns({ confirmSubscription })", () => {
  it("must be a boolean", () => {
    expect(() => awsSns({ confirmSubscription: "yes" as never })).toThrow(TypeError);
    expect(() => awsSns({ confirmSubscription: 1 as never })).toThrow(TypeError);
    expect(awsSns({ confirmSubscription: true }).handshake).toBeDefined();
  });
});
