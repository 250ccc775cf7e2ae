// awsSns: messages signed here with node:crypto exactly as AWS documents ("Verifying the
// signatures of Amazon SNS messages"), under a self-signed certificate made in the test and
// served by an injected fetch (never the network); the certificate URL check against hostile
// URLs; fetch failures fail closed with KeySetError; caching; topicArns; both adapters.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { awsSns, awsSnsMessage, isSnsSubscribeUrl, memoryReplayStore, type AwsSnsOptions } from "../../src/index.js";
import { KeySetError } from "../../src/keys/key-set-error.js";
import { signWith } from "../../src/engine/sign.js";
import { verifyWith } from "../../src/engine/verify.js";
import { adapters } from "../adapters.js";
import { nodeCrypto, verifySync } from "../../src/node.js";
import { selfSignedCertificate } from "../keys/certificate-fixture.js";
import { codeOf, rejectionOf } from "./conformance.js";
import { SNS_CERT_URL, snsSigned, type SnsFields } from "../sns-oracle.js";

const aws = generateKeyPairSync("rsa", { modulusLength: 2048 });
const attacker = generateKeyPairSync("rsa", { modulusLength: 2048 });
const CERTIFICATE = selfSignedCertificate(aws.publicKey, aws.privateKey);
const CERT_URL = SNS_CERT_URL;
const TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";

type Fields = SnsFields;

const signed = (fields: Fields, version: "1" | "2" = "2", key = aws.privateKey): Fields => snsSigned(fields, key, { version });

const notification = (extra: Fields = {}) => ({
  Type: "Notification",
  MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  TopicArn: TOPIC,
  Subject: "My First Message",
  Message: 'Hello world! {"order":42}\nwith a newline',
  Timestamp: "2012-05-02T00:54:06.655Z",
  UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:orders:c9135db0",
  ...extra,
});
const confirmation = (type = "SubscriptionConfirmation") => ({
  Type: type,
  MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
  Token: "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
  TopicArn: TOPIC,
  Message: "You have chosen to subscribe to the topic arn:aws:sns:us-east-1:123456789012:orders.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
  SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:orders&Token=2336412f37",
  Timestamp: "2012-04-26T20:45:04.751Z",
});

/** A fetch that serves `body` for the certificate URL and counts its calls. */
function certificateServer(answer: (url: string, init?: RequestInit) => Promise<Response> | Response = () => new Response(CERTIFICATE)) {
  const calls: string[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(String(url));
    return answer(String(url), init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const headersFor = (message: Fields) => ({ "x-amz-sns-message-type": message.Type!, "x-amz-sns-message-id": message.MessageId!, "content-type": "text/plain; charset=UTF-8" });

describe.each(adapters)("awsSns on the $name adapter", ({ crypto }) => {
  const check = (scheme: ReturnType<typeof awsSns>, message: Fields, options: Record<string, unknown> = {}) =>
    verifyWith(crypto, scheme, { secret: [], payload: JSON.stringify(message), headers: headersFor(message), ...options } as never);
  const fresh = (options: AwsSnsOptions = {}) => {
    const server = certificateServer();
    return { scheme: awsSns({ fetch: server.fetch, ...options }), server };
  };

  it("verifies Notifications (with and without Subject) and both confirmations, SignatureVersion 1 and 2", async () => {
    const { scheme, server } = fresh();
    const { Subject: _, ...withoutSubject } = notification();
    for (const version of ["1", "2"] as const) {
      for (const fields of [notification(), withoutSubject, confirmation(), confirmation("UnsubscribeConfirmation")]) {
        const message = signed(fields, version);
        await expect(check(scheme, message)).resolves.toEqual({ scheme: "awsSns", secretIndex: 0, id: fields.MessageId, eventId: fields.MessageId, timestamp: Math.floor(Date.parse(fields.Timestamp) / 1000) });
      }
    }
    expect(server.calls).toEqual([CERT_URL]); // fetched once, then cached
  });

  it("a change to any signed field, the signature, or a signature by another key fails", async () => {
    const { scheme } = fresh();
    const message = signed(notification());
    for (const field of ["Message", "MessageId", "Subject", "Timestamp", "TopicArn"]) {
      expect(await codeOf(check(scheme, { ...message, [field]: message[field] + "x" }))).toBe("no_matching_signature");
    }
    expect(await codeOf(check(scheme, { ...message, SignatureVersion: "1" }))).toBe("no_matching_signature");
    expect(await codeOf(check(scheme, signed(notification(), "2", attacker.privateKey)))).toBe("no_matching_signature");
    const { Subject: _, ...stripped } = message;
    expect(await codeOf(check(scheme, stripped))).toBe("no_matching_signature");
    // a Notification re-labelled as a confirmation signs other fields
    expect(await codeOf(check(scheme, { ...signed(confirmation()), Type: "UnsubscribeConfirmation" }))).toBe("no_matching_signature");
  });

  it("only https://sns.<region>.amazonaws.com[.cn]/….pem is ever fetched", async () => {
    const { scheme, server } = fresh();
    const hostile = [
      "https://sns.us-east-1.amazonaws.com.evil.com/cert.pem",
      "https://evil.com/sns.us-east-1.amazonaws.com/cert.pem",
      "https://evil.com/?u=https://sns.us-east-1.amazonaws.com/cert.pem",
      "http://sns.us-east-1.amazonaws.com/cert.pem",
      "https://user@sns.us-east-1.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com@evil.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com:443/cert.pem",
      "https://sns.us-east-1.amazonaws.com:8443/cert.pem",
      "https://sns.xn--us-east-1-ab1c.amazonaws.com/cert.pem",
      "https://sns.us-east-1.xn--amazonaws-4l1d.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com\\@evil.com/cert.pem",
      "https:\\\\sns.us-east-1.amazonaws.com\\cert.pem",
      "https://sns%2eus-east-1.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws%2Ecom/cert.pem",
      "https://sns.us-east-1.amazonaws.com/cert%2epem",
      "https://sns.us-east-1.amazonaws.com/../evil.pem",
      "https://sns.us-east-1.amazonaws.com/cert.pem?x=1",
      "https://sns.us-east-1.amazonaws.com/cert.pem#x",
      "https://sns.us-east-1.amazonaws.com/cert.txt",
      "https://SNS.US-EAST-1.AMAZONAWS.COM/cert.pem",
      "https://sns.us-east-1.amazonaws.com./cert.pem",
      "https://sqs.us-east-1.amazonaws.com/cert.pem",
      "https://sns.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com.cn.evil.com/cert.pem",
      " https://sns.us-east-1.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com/cert.pem\n",
      "https://sns.us-east-1.amazonaws.com/" + "a".repeat(600) + ".pem",
    ];
    for (const url of hostile) {
      expect(await codeOf(check(scheme, signed({ ...notification(), SigningCertURL: url })))).toBe("malformed_header");
    }
    expect(server.calls).toEqual([]);
    // The real forms: regions, the .cn partition, GovCloud.
    for (const url of ["https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem", "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-2.pem", "https://sns.ap-southeast-2.amazonaws.com/x/SimpleNotificationService-3.pem"]) {
      await expect(check(scheme, signed({ ...notification(), SigningCertURL: url }))).resolves.toBeDefined();
    }
    expect(server.calls).toHaveLength(3);
  });

  it("topicArns: another topic is refused before any fetch", async () => {
    const { scheme, server } = fresh({ topicArns: ["arn:aws:sns:us-east-1:123456789012:other"] });
    expect(await codeOf(check(scheme, signed(notification())))).toBe("no_matching_signature");
    expect(server.calls).toEqual([]);
    await expect(check(awsSns({ fetch: server.fetch, topicArns: [TOPIC] }), signed(notification()))).resolves.toBeDefined();
  });

  it("a certificate that cannot be had fails closed with KeySetError, and is not cached", async () => {
    const answers: [string, (url: string, init?: RequestInit) => Promise<Response> | Response][] = [
      ["status 500", () => new Response("oops", { status: 500 })],
      ["status 404", () => new Response("", { status: 404 })],
      ["network error", () => Promise.reject(new TypeError("fetch failed"))],
      ["garbage", () => new Response("not a certificate")],
      ["a huge answer", () => new Response("-----BEGIN CERTIFICATE-----\n" + "A".repeat(100_000))],
      ["a huge answer without a length", () => new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(8192).fill(65)) }))],
      ["a certificate of garbage DER", () => new Response("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n")],
      ["a DER bomb", () => new Response(`-----BEGIN CERTIFICATE-----\n${Buffer.from(Array.from({ length: 4000 }, () => [0x30, 0x80]).flat()).toString("base64")}\n-----END CERTIFICATE-----\n`)],
      ["a certificate with an EC key", () => new Response(selfSignedCertificate(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey, aws.privateKey))],
      ["a certificate with a 1024-bit key", () => new Response(selfSignedCertificate(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey, aws.privateKey))],
      ["too slow", (_, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))))],
    ];
    for (const [what, answer] of answers) {
      const server = certificateServer(answer);
      const scheme = awsSns({ fetch: server.fetch, timeoutMs: 50 });
      const error = await rejectionOf(check(scheme, signed(notification())));
      expect(error, what).toBeInstanceOf(KeySetError);
      await rejectionOf(check(scheme, signed(notification())));
      expect(server.calls, what).toHaveLength(2); // a failure is not remembered
    }
  });

  it("at most 10 certificate fetches a minute: a flood of new URLs cannot make us a fetch amplifier", async () => {
    const server = certificateServer(() => new Response("", { status: 404 }));
    const scheme = awsSns({ fetch: server.fetch });
    for (let i = 0; i < 30; i++) {
      const url = `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${i}.pem`;
      await expect(check(scheme, signed({ ...notification(), SigningCertURL: url }))).rejects.toBeInstanceOf(KeySetError);
    }
    expect(server.calls).toHaveLength(10);
  });

  it("malformed bodies and headers are malformed_header; the type header must match", async () => {
    const { scheme, server } = fresh();
    const message = signed(notification());
    const at = (payload: string, headers: Record<string, string> = headersFor(message)) => verifyWith(crypto, scheme, { secret: [], payload, headers } as never);
    for (const payload of ["", "{", "[]", "null", '"x"', JSON.stringify({ ...message, Type: "Other" }), JSON.stringify({ ...message, SignatureVersion: "3" }), JSON.stringify({ ...message, Message: 42 }), JSON.stringify({ ...message, Signature: "!!" }), JSON.stringify({ ...message, MessageId: undefined })]) {
      expect(await codeOf(at(payload))).toBe("malformed_header");
    }
    expect(await codeOf(at(JSON.stringify(message), { ...headersFor(message), "x-amz-sns-message-type": "SubscriptionConfirmation" }))).toBe("malformed_header");
    expect(await codeOf(at(JSON.stringify(message), {}))).toBe("missing_header");
    expect(await codeOf(at(JSON.stringify(message) + " ".repeat(600_000)))).toBe("malformed_header");
    expect(server.calls).toEqual([]);
  });

  // The Signature is decoded by the adapter's own strict decoder (node:crypto: Buffer, which is
  // lenient and is held to the canonical rule by encoding the bytes back): every other spelling
  // of the same bytes is malformed_header, with the certificate already cached (so nothing but
  // the decoder can refuse it), and no spelling that is not a signature makes us fetch.
  it("only the canonical spelling of a valid Signature verifies: padding, white space, the url-safe alphabet and stray bits are malformed_header", async () => {
    const { scheme, server } = fresh();
    const message = signed(notification());
    await expect(check(scheme, message)).resolves.toBeDefined();
    const text = message.Signature!;
    expect(text.endsWith("==")).toBe(true); // 256 bytes: the last character holds 2 bits, 4 must be zero
    const last = text.length - 3;
    const stray = text.slice(0, last) + String.fromCharCode(text.charCodeAt(last) + 1) + text.slice(last + 1);
    expect(Buffer.from(stray, "base64")).toEqual(Buffer.from(text, "base64")); // the same bytes to a lenient decoder
    const respellings = [
      text.replace(/=+$/, ""),
      text.slice(0, -1),
      `${text}=`,
      `${text}\n`,
      ` ${text}`,
      `${text.slice(0, 64)}\n${text.slice(64)}`,
      `${text.slice(0, 64)}=${text.slice(64)}`,
      text.replace(/\+/g, "-").replace(/\//g, "_"),
      stray,
    ].filter((spelling) => spelling !== text);
    for (const Signature of respellings) {
      const respelled = { ...message, Signature };
      expect(await codeOf(check(scheme, respelled)), JSON.stringify(Signature)).toBe("malformed_header");
      if (crypto === nodeCrypto) expect(() => verifySync(scheme, { secret: [], payload: JSON.stringify(respelled), headers: headersFor(respelled) } as never)).toThrow(/not base64/);
    }
    expect(server.calls).toEqual([CERT_URL]);
    const fresher = fresh();
    for (const Signature of ["", "QQ", stray]) expect(await codeOf(check(fresher.scheme, { ...message, Signature }))).toBe("malformed_header");
    expect(fresher.server.calls).toEqual([]);
  });

  // isSnsCertificateUrl remembers the URL it accepted last, for every awsSns() alike: what one
  // instance accepted gives another nothing (its own topics, its own fetch and certificates).
  it("a certificate URL accepted through one instance: another still checks its topics and fetches its own certificate", async () => {
    const first = fresh();
    const message = signed(notification());
    await expect(check(first.scheme, message)).resolves.toBeDefined();
    const other = certificateServer(() => new Response(selfSignedCertificate(attacker.publicKey, attacker.privateKey)));
    expect(await codeOf(check(awsSns({ fetch: other.fetch, topicArns: ["arn:aws:sns:us-east-1:123456789012:other"] }), message))).toBe("no_matching_signature");
    expect(other.calls).toEqual([]);
    expect(await codeOf(check(awsSns({ fetch: other.fetch }), message))).toBe("no_matching_signature");
    expect(other.calls).toEqual([CERT_URL]);
    await expect(check(awsSns({ fetch: other.fetch }), signed(notification(), "2", attacker.privateKey))).resolves.toBeDefined();
    expect(first.server.calls).toEqual([CERT_URL]);
  });

  // The Signature is decoded before the certificate is fetched and used after: each
  // verification waiting for it keeps its own bytes while others are decoded meanwhile.
  it("verifications waiting for the certificate keep their own Signature while others are decoded", async () => {
    const slow = certificateServer(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return new Response(CERTIFICATE);
    });
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 4; i++) {
      const scheme = awsSns({ fetch: slow.fetch });
      for (let j = 0; j < 10; j++) {
        const message = signed(notification({ MessageId: `m-${i}-${j}` }), j % 2 === 0 ? "2" : "1");
        const tampered = j % 3 === 0;
        const result = check(scheme, tampered ? { ...message, Message: "altered" } : message);
        jobs.push(tampered ? codeOf(result).then((code) => expect(code).toBe("no_matching_signature")) : expect(result).resolves.toMatchObject({ id: `m-${i}-${j}` }));
      }
    }
    await Promise.all(jobs);
    expect(slow.calls).toHaveLength(4);
  });

  it("replay protection keys on the MessageId", async () => {
    const { scheme } = fresh();
    const replay = memoryReplayStore();
    const message = signed(notification());
    await expect(check(scheme, message, { replay })).resolves.toMatchObject({ id: message.MessageId });
    expect(await codeOf(check(scheme, message, { replay }))).toBe("replayed");
  });

  it("takes no secret, and cannot sign", async () => {
    const { scheme } = fresh();
    await expect(check(scheme, signed(notification()), { secret: undefined })).resolves.toBeDefined();
    await expect(check(scheme, signed(notification()), { secret: "whatever" })).rejects.toBeInstanceOf(TypeError);
    await expect(signWith(crypto, scheme, { secret: [], payload: "{}" } as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("awsSns helpers", () => {
  it("awsSnsMessage reads a message's fields; isSnsSubscribeUrl accepts only SNS's own confirmation URL", () => {
    const message = signed(confirmation());
    expect(awsSnsMessage(JSON.stringify(message))).toMatchObject({ Type: "SubscriptionConfirmation", Token: message.Token });
    expect(isSnsSubscribeUrl(message.SubscribeURL)).toBe(true);
    for (const url of ["https://evil.com/?Action=ConfirmSubscription&x=1", "http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&x=1", "https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription&x=1", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&x=1"]) {
      expect(isSnsSubscribeUrl(url)).toBe(false);
    }
  });

  it("refuses bad options", () => {
    expect(() => awsSns({ topicArns: ["orders"] })).toThrow(TypeError);
    expect(() => awsSns({ fetch: 1 as never })).toThrow(TypeError);
    expect(() => awsSns({ timeoutMs: 0 })).toThrow(RangeError);
  });
});
