// twitch: a node:crypto reference written from Twitch's "Verifying the event message", the
// documented sample headers, RFC 3339 timestamps, the secret's bounds, message ids as replay
// keys, and the signed webhook_callback_verification through the three helpers.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryReplayStore, sign, twitch, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";
import { expectAnswer, expectDelivery, expectRefused, handshakeVectors, viaHandler, viaMiddleware } from "./handshake.js";

const SECRET = "s3cRe7-for-twitch-eventsub";
const BODY = '{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"channel.follow","version":"2"},"event":{"user_name":"Cool_User"}}';
const ID = "e76c6bd4-55c9-4987-8304-da1588d8988b";
const TIMESTAMP = "2019-11-16T10:11:12.634234626Z"; // Twitch's sample, with nanoseconds
const AT = Date.UTC(2019, 10, 16, 10, 11, 12) / 1000;

/** The signature header as Twitch's documentation computes it. */
const oracle = (id: string, timestamp: string, body: string, secret = SECRET) =>
  "sha256=" + createHmac("sha256", secret).update(id + timestamp + body).digest("hex");

const headersFor = (body: string, timestamp = TIMESTAMP, type = "notification", id = ID) => ({
  "Twitch-Eventsub-Message-Id": id,
  "Twitch-Eventsub-Message-Timestamp": timestamp,
  "Twitch-Eventsub-Message-Signature": oracle(id, timestamp, body),
  "Twitch-Eventsub-Message-Type": type,
  "Twitch-Eventsub-Subscription-Type": "channel.follow",
});

describePreset({ scheme: twitch, secret: SECRET, otherSecret: "another-subscription-secret", payload: BODY, tolerance: 600 });

describe("twitch: the documented algorithm", () => {
  it("verifies Twitch's sample id and nanosecond timestamp, signed as id + timestamp + body", async () => {
    await expect(verify(twitch, { secret: SECRET, payload: BODY, headers: headersFor(BODY), now: AT })).resolves.toEqual({ scheme: "twitch", timestamp: AT, id: ID, eventId: ID, secretIndex: 0 });
    expect(await codeOf(verify(twitch, { secret: SECRET, payload: BODY + " ", headers: headersFor(BODY), now: AT }))).toBe("no_matching_signature");
  });

  it("signs what the reference computes, with an RFC 3339 timestamp", async () => {
    const headers = await sign(twitch, { secret: SECRET, payload: BODY, timestamp: NOW, id: ID });
    const timestamp = new Date(NOW * 1000).toISOString().replace(/\.000Z$/, "Z"); // whole seconds, as sign() writes them
    expect(headers).toEqual({
      "twitch-eventsub-message-id": ID,
      "twitch-eventsub-message-timestamp": timestamp,
      "twitch-eventsub-message-signature": oracle(ID, timestamp, BODY),
    });
  });

  it("reads RFC 3339 strictly: offsets and lower-case letters are fine, anything else is malformed_header", async () => {
    const at = async (timestamp: string) => verify(twitch, { secret: SECRET, payload: BODY, headers: headersFor(BODY, timestamp), now: AT });
    for (const same of ["2019-11-16T10:11:12Z", "2019-11-16t10:11:12.1z", "2019-11-16T11:11:12+01:00", "2019-11-16T05:41:12.000000001-04:30"]) {
      await expect(at(same), same).resolves.toMatchObject({ timestamp: AT });
    }
    for (const bad of ["1573899072", "2019-11-16 10:11:12Z", "2019-11-16T10:11:12", "2019-02-30T10:11:12Z", "2019-13-16T10:11:12Z", "2019-11-16T24:11:12Z",
      "2019-11-16T10:11:12.1234567890Z", "+2019-11-16T10:11:12Z", "2019-11-16T10:11:12+1:00", "１９-11-16T10:11:12Z", "x".repeat(100)]) {
      expect(await codeOf(at(bad)), bad).toBe("malformed_header");
    }
  });

  it("the window is Twitch's 10 minutes, either way", async () => {
    const at = (now: number) => verify(twitch, { secret: SECRET, payload: BODY, headers: headersFor(BODY), now });
    await expect(at(AT + 600)).resolves.toBeDefined();
    await expect(at(AT - 600)).resolves.toBeDefined();
    expect(await codeOf(at(AT + 601))).toBe("timestamp_too_old");
    expect(await codeOf(at(AT - 601))).toBe("timestamp_too_new");
  });

  it("a character moved between the id and the timestamp breaks the delivery (no delimiter is signed)", async () => {
    const headers = headersFor(BODY);
    const moved = { ...headers, "Twitch-Eventsub-Message-Id": ID + "2", "Twitch-Eventsub-Message-Timestamp": TIMESTAMP.slice(1) };
    expect(await codeOf(verify(twitch, { secret: SECRET, payload: BODY, headers: moved, now: AT }))).toBe("malformed_header");
  });

  it("secrets are 10 to 100 characters, as Twitch requires", async () => {
    const headers = headersFor(BODY);
    expect(await codeOf(verify(twitch, { secret: "123456789", payload: BODY, headers, now: AT }))).toBe("invalid_secret");
    expect(await codeOf(verify(twitch, { secret: "x".repeat(101), payload: BODY, headers, now: AT }))).toBe("invalid_secret");
  });

  it("the message id is the replay key: a second delivery of one id is replayed", async () => {
    const replay = memoryReplayStore();
    await expect(verify(twitch, { secret: SECRET, payload: BODY, headers: headersFor(BODY), now: AT, replay })).resolves.toMatchObject({ id: ID });
    expect(await codeOf(verify(twitch, { secret: SECRET, payload: BODY, headers: headersFor(BODY), now: AT, replay }))).toBe("replayed");
  });
});

describe("twitch: webhook_callback_verification", () => {
  const [vector] = handshakeVectors("twitch") as unknown as [{ body: string; headers: Record<string, string>; expected: { status: number; headers: Record<string, string>; body: string } }];
  const options = { secret: SECRET, now: AT };
  const signed = (body: string, extra: Record<string, string> = {}) => ({
    headers: { ...vector.headers, "twitch-eventsub-message-signature": oracle(vector.headers["twitch-eventsub-message-id"]!, vector.headers["twitch-eventsub-message-timestamp"]!, body), ...extra },
    body,
  });

  it("answers the documented challenge as plain text, verified first, through all three helpers", async () => {
    await expectAnswer(twitch, signed(vector.body), options, vector.expected);
  });

  it("a verification not signed with the secret is refused as a signature failure, never echoed", async () => {
    const forged = signed(vector.body);
    await expectRefused(twitch, { ...forged, body: vector.body.replace("pogchamp", "attacker") }, options, "no_matching_signature", 401);
    await expectRefused(twitch, forged, { secret: "another-subscription-secret", now: AT }, "no_matching_signature", 401);
    await expectRefused(twitch, forged, { secret: SECRET, now: AT + 3600 }, "timestamp_too_old", 401);
  });

  it("a signed verification without a printable challenge is refused", async () => {
    for (const body of ['{"subscription":{}}', '{"challenge":42}', '{"challenge":"a b"}', '{"challenge":""}', '["challenge"]', "not json", `{"challenge":"${"a".repeat(1025)}"}`]) {
      await expectRefused(twitch, signed(body), options);
    }
  });

  it("takes no replay claim: the same verification twice is answered twice; notifications are still claimed", async () => {
    const replay = memoryReplayStore();
    const check = signed(vector.body);
    for (let i = 0; i < 2; i++) expect((await viaHandler(twitch, check, { ...options, replay })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await viaMiddleware(twitch, check, { ...options, replay })).status).toBe(200);
    const notification = { headers: headersFor(BODY), body: BODY };
    expect((await viaHandler(twitch, notification, { ...options, replay })).status).toBe(202);
    expect((await viaHandler(twitch, notification, { ...options, replay })).status).toBe(409);
  });

  it("the body limit applies to a verification too", async () => {
    const answer = await viaHandler(twitch, signed(vector.body), { ...options, maxBodyBytes: 64 });
    expect(answer).toMatchObject({ status: 413, handled: false });
  });

  it("notifications and revocations are ordinary deliveries for the handler", async () => {
    await expectDelivery(twitch, { headers: headersFor(BODY), body: BODY }, options);
    await expectDelivery(twitch, { headers: headersFor(BODY, TIMESTAMP, "revocation"), body: BODY }, options);
  });
});
