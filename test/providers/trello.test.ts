// trello: a node:crypto reference written from Trello's "Webhook Signatures" (HMAC-SHA1 of the
// body followed by the callback URL, base64), the factory's option checks, and the conformance
// checks. Trello publishes no verification SDK.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineScheme, sign, trello, verify } from "../../src/index.js";
import { placedText } from "../../src/schemes/resolve.js";
import { codeOf, describePreset } from "./conformance.js";

const SECRET = "trello-app-oauth1-secret-0123456789abcdef0123456789abcdef";
const OTHER = "trello-app-oauth1-secret-other-0000000000000000000000000";
const CALLBACK = "https://example.com/trelloCallbacks/?memberID=14&mainModel=true";
const BODY = '{"action":{"id":"51f9424bcd6e040f3c002412","type":"updateCard","data":{"card":{"name":"Ünïcode ☃"}}},"model":{"id":"4d5ea62fd76aa1136000000c"}}';
const scheme = trello({ callbackUrl: CALLBACK });
const mac = (text: string, secret = SECRET) => createHmac("sha1", secret).update(text).digest("base64");

describePreset({ scheme, secret: SECRET, otherSecret: OTHER, payload: BODY });

describe("trello: the documented algorithm", () => {
  it("X-Trello-Webhook is base64(HMAC-SHA1(secret, body + callbackURL)), over the body's UTF-8 bytes", async () => {
    expect(await sign(scheme, { secret: SECRET, payload: BODY })).toEqual({ "x-trello-webhook": mac(BODY + CALLBACK) });
    await expect(verify(scheme, { secret: SECRET, payload: Buffer.from(BODY), headers: { "X-Trello-Webhook": mac(BODY + CALLBACK) } })).resolves.toEqual({ scheme: "trello", secretIndex: 0, eventId: "51f9424bcd6e040f3c002412" });
  });

  it("the callback URL is signed: a scheme for another callback URL refuses the delivery", async () => {
    const headers = { "X-Trello-Webhook": mac(BODY + CALLBACK) };
    const other = trello({ callbackUrl: "https://example.com/trelloCallbacks/?memberID=15&mainModel=true" });
    expect(await codeOf(verify(other, { secret: SECRET, payload: BODY, headers }))).toBe("no_matching_signature");
  });

  it("the factory refuses a missing or relative callback URL when it is called", () => {
    expect(() => trello(undefined as never)).toThrow(TypeError);
    expect(() => trello({} as never)).toThrow(TypeError);
    expect(() => trello({ callbackUrl: "/trelloCallbacks" })).toThrow(RangeError);
  });

  it("each scheme it makes passes defineScheme's checks and equals what defineScheme makes of it", () => {
    const defined = defineScheme({ ...scheme });
    expect({ ...defined, textContent: undefined }).toEqual({ ...scheme, textContent: undefined });
    expect(scheme.textContent).toBe(placedText);
    expect(Object.isFrozen(scheme)).toBe(true);
  });
});
