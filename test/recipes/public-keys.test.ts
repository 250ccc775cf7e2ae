// The public-key recipe (docs/recipes/public-keys.md): one Fetch handler for discord, sendgrid,
// awsSns, googlePubSub, plaid and fusionauth, served for real on 127.0.0.1, with Google's and
// FusionAuth's key sets on a second loopback server. Deliveries are signed here as each provider
// signs them (node:crypto, and jose for the tokens), with keys made in the test. AWS and Plaid
// are reached through the injected fetch only (real-looking URLs, never the network).
import { createHash, createSign, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { exportJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../keys/certificate-fixture.js";
import { SNS_CERT_URL, snsSigned as signedBySns, type SnsFields } from "../sns-oracle.js";
import { publicKeyWebhooks, type PublicKeyWebhooksConfig } from "./apps/public-keys.js";
import { post } from "./helpers.js";

const now = () => Math.floor(Date.now() / 1000);
const sha256 = (text: string, encoding: "base64" | "hex") => createHash("sha256").update(text).digest(encoding);

// ——— the providers' keys ————————————————————————————————————————————————————————————————

const discordKeys = generateKeyPairSync("ed25519");
const sendgridKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
const awsKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const googleKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const plaidKeys = generateKeyPairSync("ec", { namedCurve: "P-256" });
const fusionKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });

// ——— AWS and Plaid, behind the injected fetch ——————————————————————————————————————————————

const TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
const CERT_URL = SNS_CERT_URL;
const CERTIFICATE = selfSignedCertificate(awsKeys.publicKey, awsKeys.privateKey);
const SNS_TOKEN = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736";
const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=${SNS_TOKEN}`;
const CONFIRMED_XML = `<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ConfirmSubscriptionResult><SubscriptionArn>${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`;
const PLAID_API = "https://sandbox.plaid.com";
const PLAID = { clientId: "5f1a2b3c4d5e6f7a8b9c0d1e", secret: "plaid-sandbox-secret-0123456789", kid: "bfbd5111-8e33-4643-8ced-b2e642a72f3c" };

const calls = { certificate: 0, confirm: [] as { url: string; method: string | undefined }[], plaid: [] as unknown[], other: [] as string[] };

const injectedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url === CERT_URL) {
    calls.certificate++;
    return new Response(CERTIFICATE);
  }
  if (url.startsWith("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&")) {
    calls.confirm.push({ url, method: init?.method });
    return new Response(CONFIRMED_XML, { headers: { "content-type": "text/xml" } });
  }
  if (url === `${PLAID_API}/webhook_verification_key/get` && init?.method === "POST") {
    const asked = JSON.parse(String(init.body)) as { client_id: string; secret: string; key_id: string };
    calls.plaid.push(asked);
    if (asked.client_id !== PLAID.clientId || asked.secret !== PLAID.secret) return Response.json({ error_code: "INVALID_API_KEYS" }, { status: 400 });
    if (asked.key_id !== PLAID.kid) return Response.json({ error_code: "INVALID_KEY_ID" }, { status: 400 });
    const key = { ...plaidKeys.publicKey.export({ format: "jwk" }), alg: "ES256", use: "sig", kid: PLAID.kid, created_at: 1560466150, expired_at: null };
    return Response.json({ key, request_id: "Ci3Vz7tYh8RnFs2" });
  }
  calls.other.push(url);
  throw new TypeError(`the test's fetch has no answer for ${url}`);
}) as typeof fetch;

// ——— the servers ———————————————————————————————————————————————————————————————————————————

const servers: Server[] = [];
const keySetFetches: string[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const AUDIENCE = "https://hooks.example.com/pubsub";
const SERVICE_ACCOUNT = "pusher@my-project.iam.gserviceaccount.com";
let base: string;

/** The configuration a deployment reads from its environment, with the key sets at `keyServer`. */
const configFor = (keyServer: string): PublicKeyWebhooksConfig => ({
  discordPublicKey: Buffer.from(discordKeys.publicKey.export({ format: "jwk" }).x!, "base64url").toString("hex"),
  sendgridVerificationKey: sendgridKeys.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
  snsTopicArns: [TOPIC],
  pubsubAudience: AUDIENCE,
  pubsubServiceAccount: SERVICE_ACCOUNT,
  plaidClientId: PLAID.clientId,
  plaidSecret: PLAID.secret,
  plaidApi: PLAID_API,
  fusionauthUrl: keyServer,
  googleKeysUrl: `${keyServer}/oauth2/v3/certs`,
  fetch: injectedFetch,
});

beforeAll(async () => {
  const keySets = new Map([
    ["/oauth2/v3/certs", { keys: [{ ...(await exportJWK(googleKeys.publicKey)), kid: "g1", alg: "RS256", use: "sig" }] }],
    ["/.well-known/jwks.json", { keys: [{ ...(await exportJWK(fusionKeys.publicKey)), kid: "fa-1", alg: "RS256", use: "sig" }] }],
  ]);
  const keyServer = await listen(
    createServer((req, res) => {
      keySetFetches.push(req.url!);
      const set = keySets.get(req.url!);
      if (set === undefined) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(set));
    }),
  );
  base = await listen(createServer(getRequestListener(publicKeyWebhooks(configFor(keyServer)))));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  expect(calls.other).toEqual([]); // nothing else was ever fetched
});

const refused = (code: string) => ({ status: 401, body: { error: code } });

// ——— the deliveries, signed as each provider documents ——————————————————————————————————————

function discordHeaders(body: string, timestamp = String(now())) {
  return { "x-signature-ed25519": nodeSign(null, Buffer.from(timestamp + body), discordKeys.privateKey).toString("hex"), "x-signature-timestamp": timestamp };
}

type Fields = SnsFields;

const snsSigned = (fields: Fields, key = awsKeys.privateKey): Fields => signedBySns(fields, key);

const snsHeaders = (message: Fields) => ({ "x-amz-sns-message-type": message.Type!, "x-amz-sns-message-id": message.MessageId!, "x-amz-sns-topic-arn": message.TopicArn!, "content-type": "text/plain; charset=UTF-8" });

const googleToken = (claims: object = {}, key: object = googleKeys.privateKey) =>
  new SignJWT({ iss: "https://accounts.google.com", aud: AUDIENCE, email: SERVICE_ACCOUNT, email_verified: true, sub: "113774264463038321964", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "g1", typ: "JWT" })
    .setIssuedAt(now())
    .setExpirationTime(now() + 3600)
    .sign(key as CryptoKey);

const plaidToken = (body: string, kid = PLAID.kid) =>
  new SignJWT({ request_body_sha256: sha256(body, "hex") })
    .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
    .setIssuedAt(now())
    .sign(plaidKeys.privateKey as unknown as CryptoKey);

const fusionToken = (body: string, key: object = fusionKeys.privateKey) =>
  new SignJWT({ request_body_sha256: sha256(body, "base64") })
    .setProtectedHeader({ alg: "RS256", kid: "fa-1", typ: "JWT" })
    .setIssuedAt(now())
    .setExpirationTime(now() + 60)
    .sign(key as CryptoKey);

describe("public-key recipe", () => {
  it("discord: an interaction gets the handler's answer, the PING gets {type:1}, bad signatures 401", async () => {
    const command = JSON.stringify({ type: 2, id: "786008729715212338", application_id: "775799577604522054", data: { name: "ping" } });
    expect(await post(`${base}/discord`, command, discordHeaders(command))).toMatchObject({ status: 200, body: { type: 4, data: { content: "you ran /ping" } } });
    const ping = JSON.stringify({ type: 1, id: "786008729715212339", application_id: "775799577604522054" });
    const pong = await post(`${base}/discord`, ping, discordHeaders(ping));
    expect(pong.status).toBe(200);
    expect(pong.body).toEqual({ type: 1 });
    // Discord's own endpoint check sends PINGs with bad signatures, and wants them refused.
    expect(await post(`${base}/discord`, ping.replace("339", "340"), discordHeaders(ping))).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/discord`, command, {})).toMatchObject(refused("missing_header"));
    // Mounted under a prefix (a Next.js route app/api/webhooks/[provider]/route.ts), the last segment still routes.
    expect(await post(`${base}/api/webhooks/discord`, command, discordHeaders(command))).toMatchObject({ status: 200, body: { type: 4 } });
  });

  it("sendgrid: a signed batch of events is accepted, a tampered one refused with 401", async () => {
    const events = '[{"email":"example@test.com","timestamp":1513299569,"event":"processed","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id"},{"email":"example@test.com","timestamp":1513299570,"event":"delivered","sg_event_id":"sg_event_id2","sg_message_id":"sg_message_id"}]\r\n';
    const timestamp = String(now());
    const headers = {
      "x-twilio-email-event-webhook-signature": createSign("sha256").update(timestamp + events).sign(sendgridKeys.privateKey).toString("base64"),
      "x-twilio-email-event-webhook-timestamp": timestamp,
    };
    expect(await post(`${base}/sendgrid`, events, headers)).toMatchObject({ status: 200, body: { received: 2 } });
    expect(await post(`${base}/sendgrid`, events.replace("delivered", "bounce"), headers)).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/sendgrid`, new Uint8Array(2 * 1024 * 1024).fill(0x20), headers)).toMatchObject({ status: 413, body: { error: "payload_too_large" } });
  });

  it("awsSns: the SubscriptionConfirmation is confirmed once and answered 200; a Notification reaches the handler; tampering is 401", async () => {
    const confirmation = snsSigned({
      Type: "SubscriptionConfirmation",
      MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
      Token: SNS_TOKEN,
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: SUBSCRIBE_URL,
      Timestamp: new Date().toISOString(),
    });
    const confirmed = await post(`${base}/sns`, JSON.stringify(confirmation), snsHeaders(confirmation));
    expect(confirmed).toMatchObject({ status: 200, body: { text: "" } }); // answered here, not by the handler
    expect(calls.confirm).toEqual([{ url: SUBSCRIBE_URL, method: "GET" }]);

    const notification = snsSigned({ Type: "Notification", MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", TopicArn: TOPIC, Subject: "order", Message: '{"order":42}', Timestamp: new Date().toISOString() });
    expect(await post(`${base}/sns`, JSON.stringify(notification), snsHeaders(notification))).toMatchObject({ status: 200, body: { received: notification.MessageId, type: "Notification" } });
    const tampered = { ...notification, Message: '{"order":43}' };
    expect(await post(`${base}/sns`, JSON.stringify(tampered), snsHeaders(tampered))).toMatchObject(refused("no_matching_signature"));
    const forged = snsSigned({ ...notification }, stranger.privateKey);
    expect(await post(`${base}/sns`, JSON.stringify(forged), snsHeaders(forged))).toMatchObject(refused("no_matching_signature"));
    const otherTopic = snsSigned({ ...notification, TopicArn: "arn:aws:sns:us-east-1:999999999999:elsewhere" });
    expect(await post(`${base}/sns`, JSON.stringify(otherTopic), snsHeaders(otherTopic))).toMatchObject(refused("no_matching_signature"));
    expect(calls.confirm).toHaveLength(1); // nothing but the confirmation was confirmed
    expect(calls.certificate).toBe(1); // fetched once, then cached
  });

  it("googlePubSub: a push with Google's token is accepted; another key, audience or service account is 401", async () => {
    const push = JSON.stringify({ message: { data: Buffer.from('{"order":42}').toString("base64"), messageId: "2070443601311540", publishTime: "2021-02-26T19:13:55.749Z" }, subscription: "projects/my-project/subscriptions/orders-push" });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    expect(await post(`${base}/pubsub`, push, bearer(await googleToken()))).toMatchObject({ status: 200, body: { received: "2070443601311540" } });
    const token = await googleToken();
    const [header, claims, signature] = token.split(".") as [string, string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    expect(await post(`${base}/pubsub`, push, bearer(`${header}.${claims}.${flipped}`))).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/pubsub`, push, bearer(await googleToken({}, stranger.privateKey)))).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/pubsub`, push, bearer(await googleToken({ aud: "https://elsewhere.example.com/pubsub" })))).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/pubsub`, push, bearer(await googleToken({ email: "someone@other-project.iam.gserviceaccount.com" })))).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/pubsub`, push, {})).toMatchObject(refused("missing_header"));
  });

  it("plaid: a webhook is accepted with the key Plaid's API gives for its kid (asked once); a changed body is 401", async () => {
    const event = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: "wz666MBjYWTp2PDzzggYhM6oWWmBb", initial_update_complete: true, historical_update_complete: false, environment: "sandbox" });
    const headers = { "plaid-verification": await plaidToken(event) };
    expect(await post(`${base}/plaid`, event, headers)).toMatchObject({ status: 200, body: { received: "TRANSACTIONS.SYNC_UPDATES_AVAILABLE" } });
    expect(await post(`${base}/plaid`, event.replace("wz666", "wz667"), headers)).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/plaid`, event, { "plaid-verification": await plaidToken(event) })).toMatchObject({ status: 200 });
    expect(calls.plaid).toEqual([{ client_id: PLAID.clientId, secret: PLAID.secret, key_id: PLAID.kid }]);
    // A kid Plaid does not know: its API answers 400, nothing is accepted, and Plaid is told to retry.
    expect(await post(`${base}/plaid`, event, { "plaid-verification": await plaidToken(event, "unknown-key-id") })).toMatchObject({ status: 503, body: { error: "key_set_unavailable" } });
    expect(calls.plaid).toHaveLength(2);
  });

  it("fusionauth: a webhook signed with the key of FusionAuth's key set is accepted; a changed body or another key is 401", async () => {
    const event = JSON.stringify({ event: { type: "user.create", id: "e502168a-b469-45d9-a079-fd45f83e0406", createInstant: 1700000000000, user: { id: "00000000-0000-0001-0000-000000000000", email: "user@example.com" } } });
    const headers = { "x-fusionauth-signature-jwt": await fusionToken(event) };
    expect(await post(`${base}/fusionauth`, event, headers)).toMatchObject({ status: 200, body: { received: "user.create" } });
    expect(await post(`${base}/fusionauth`, event.replace("user@", "admin@"), headers)).toMatchObject(refused("no_matching_signature"));
    expect(await post(`${base}/fusionauth`, event, { "x-fusionauth-signature-jwt": await fusionToken(event, stranger.privateKey) })).toMatchObject(refused("no_matching_signature"));
    expect(keySetFetches.filter((path) => path === "/.well-known/jwks.json")).toHaveLength(1); // fetched once, then cached
  });

  it("a missing or malformed key, or a key set over plain http, fails at start-up", () => {
    const config = configFor("https://auth.example.com");
    expect(() => publicKeyWebhooks(config)).not.toThrow();
    for (const broken of [
      { discordPublicKey: "" },
      { discordPublicKey: config.discordPublicKey.slice(2) },
      { discordPublicKey: undefined as unknown as string }, // an unset environment variable
      { sendgridVerificationKey: "not a key" },
      { fusionauthUrl: "http://auth.example.com" },
      { googleKeysUrl: "http://www.googleapis.com/oauth2/v3/certs" },
    ]) {
      expect(() => publicKeyWebhooks({ ...config, ...broken }), JSON.stringify(broken)).toThrow(RangeError);
    }
  });

  it("answers 404 for any other path", async () => {
    for (const path of ["/", "/stripe", "/constructor", "/__proto__", "/discord/", "/discord/extra", "/discord.json"]) expect((await post(`${base}${path}`, "{}", {})).status).toBe(404);
  });
});
