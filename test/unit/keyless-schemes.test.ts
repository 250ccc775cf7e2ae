// Schemes whose keys come from the scheme itself (awsSns, googlePubSub, plaid) take no `secret`:
// every receiver accepts options without it, and a scheme that needs a secret still refuses
// options without one when the receiver is made.
import { createServer, request as httpRequest, type Server } from "node:http";
import { createSign, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsSns, createVerifier, github, googlePubSub, jwks, plaid, verify, verifyRequest, webhookHandler } from "../../src/index.js";
import { verifyNodeRequest, verifySync, webhookMiddleware } from "../../src/node.js";
import { selfSignedCertificate } from "../keys/certificate-fixture.js";

const aws = generateKeyPairSync("rsa", { modulusLength: 2048 });
const CERTIFICATE = selfSignedCertificate(aws.publicKey, aws.privateKey);
const CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

/** An SNS Notification signed as AWS documents (SignatureVersion 2). */
function notification(): string {
  const message: Record<string, string> = {
    Type: "Notification",
    MessageId: "7c6a1a2e-0b5c-4a3e-9a53-1f6a6d1b2c3d",
    TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
    Message: '{"order":42}',
    Timestamp: "2026-12-07T12:00:00.000Z",
    SignatureVersion: "2",
    SigningCertURL: CERT_URL,
  };
  const canonical = ["Message", "MessageId", "Timestamp", "TopicArn", "Type"].map((name) => `${name}\n${message[name]}\n`).join("");
  message.Signature = createSign("RSA-SHA256").update(canonical).sign(aws.privateKey, "base64");
  return JSON.stringify(message);
}

const sns = awsSns({ fetch: (async () => new Response(CERTIFICATE)) as typeof fetch });
const body = notification();
const headers = { "x-amz-sns-message-type": "Notification", "content-type": "text/plain; charset=UTF-8" };
const post = () => new Request("https://example.com/sns", { method: "POST", headers, body });

describe("a keyless scheme needs no secret option", () => {
  it("verify, createVerifier and verifyRequest", async () => {
    await expect(verify(sns, { payload: body, headers })).resolves.toMatchObject({ id: "7c6a1a2e-0b5c-4a3e-9a53-1f6a6d1b2c3d" });
    await expect(createVerifier(sns, {})({ payload: body, headers })).resolves.toMatchObject({ secretIndex: 0 });
    const webhook = await verifyRequest(sns, post(), {});
    expect(webhook.json()).toMatchObject({ Type: "Notification" });
  });

  it("verifySync cannot wait for a certificate: it says to use verify()", async () => {
    const fresh = awsSns({ fetch: (async () => new Response(CERTIFICATE)) as typeof fetch });
    expect(() => verifySync(fresh, { payload: body, headers })).toThrow(/waits for a key .*use verify\(\), not verifySync/);
    await expect(verify(fresh, { payload: body, headers })).resolves.toMatchObject({ secretIndex: 0 });
  });

  it("webhookHandler", async () => {
    const handle = webhookHandler(sns, {}, async (webhook) => new Response(webhook.id, { status: 200 }));
    const response = await handle(post());
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("7c6a1a2e-0b5c-4a3e-9a53-1f6a6d1b2c3d");
  });

  it("googlePubSub and plaid make their verifiers without one too", () => {
    const keys = jwks("https://www.googleapis.com/oauth2/v3/certs", { fetch: (async () => new Response("{}")) as typeof fetch }); // never fetched here
    expect(() => createVerifier(googlePubSub({ audience: "https://example.com/push", jwks: keys }), {})).not.toThrow();
    expect(() => createVerifier(plaid({ key: async () => ({}) }), {})).not.toThrow();
  });

  it("a scheme that needs a secret still refuses options without one, at once", () => {
    expect(() => createVerifier(github, {} as never)).toThrow(RangeError);
    expect(() => webhookHandler(github, {} as never, async () => new Response())).toThrow(RangeError);
    expect(() => webhookMiddleware(github, {} as never)).toThrow(RangeError);
  });

  describe("on a Node server", () => {
    let server: Server;
    let port = 0;
    const middleware = webhookMiddleware(sns, {});
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === "/direct") {
          verifyNodeRequest(sns, req, {}).then(
            (webhook) => res.writeHead(200).end(webhook.id),
            (error: { code?: string }) => res.writeHead(401).end(error.code),
          );
          return;
        }
        middleware(req, res, () => res.writeHead(200).end("next"));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const send = (path: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve({ status: res.statusCode!, text }));
        });
        req.on("error", reject).end(body);
      });

    it("verifyNodeRequest and webhookMiddleware", async () => {
      expect(await send("/direct")).toEqual({ status: 200, text: "7c6a1a2e-0b5c-4a3e-9a53-1f6a6d1b2c3d" });
      expect(await send("/middleware")).toEqual({ status: 200, text: "next" });
    });
  });
});
