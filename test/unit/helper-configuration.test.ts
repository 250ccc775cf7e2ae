// webhookHandler() and webhookMiddleware() check their configuration when they are created, with
// the engine's own rules, so a server with a bad secret fails at start-up instead of answering
// 500 to every delivery. Messages name the problem, never the secret.
import { describe, expect, it } from "vitest";
import * as nodeApi from "../../src/index.js";
import * as webApi from "../../src/web.js";
import { memoryReplayStore } from "../../src/replay/memory.js";
import { webhookMiddleware } from "../../src/receive/node-middleware.js";
import { github, jwtBearer, standardWebhooks, staticToken, twilio } from "../../src/common.js";
import type { Scheme } from "../../src/schemes/scheme.js";

const ok = () => new Response(null, { status: 204 });
const SECRET = "It's a Secret to Everybody";
const STANDARD = "whsec_" + Buffer.alloc(32, 7).toString("base64");

type Make = (scheme: Scheme, options: unknown) => unknown;
const helpers: [string, Make][] = [
  ["webhookHandler (hookseal)", (scheme, options) => nodeApi.webhookHandler(scheme, options as never, ok)],
  ["webhookHandler (hookseal/web)", (scheme, options) => webApi.webhookHandler(scheme, options as never, ok)],
  ["webhookMiddleware", (scheme, options) => webhookMiddleware(scheme, options as never)],
];

describe.each(helpers)("%s checks its configuration when created", (name, make) => {
  const fn = name.split(" ")[0]!;

  it("accepts a good configuration", () => {
    expect(make(github, { secret: SECRET })).toBeTypeOf("function");
    expect(make(standardWebhooks, { secret: [STANDARD, STANDARD], tolerance: 60, maxBodyBytes: 1024, replay: memoryReplayStore(), replayTtl: 60 })).toBeTypeOf("function");
    expect(make(twilio, { secret: SECRET, url: "https://example.com/sms" })).toBeTypeOf("function");
    expect(make(twilio, { secret: SECRET })).toBeTypeOf("function"); // the URL comes from each request
  });

  it("refuses a missing secret (an unset environment variable) with a RangeError", () => {
    expect(() => make(github, { secret: process.env.HOOKSEAL_SURELY_UNSET })).toThrow(RangeError);
    expect(() => make(github, { secret: undefined })).toThrow(new RegExp(`^${fn}: no secret was given for github`));
    expect(() => make(github, { secret: [] })).toThrow(RangeError);
  });

  it("refuses an empty secret, or one not in the scheme's format, with a RangeError that does not show it", () => {
    expect(() => make(github, { secret: "" })).toThrow(RangeError);
    const malformed = "whsec_not base64!";
    expect(() => make(standardWebhooks, { secret: malformed })).toThrow(RangeError);
    expect(() => make(standardWebhooks, { secret: malformed })).toThrow(/not in the expected format/);
    expect(() => make(standardWebhooks, { secret: malformed })).not.toThrow(/not base64!/);
    const short = "whsec_" + Buffer.alloc(8).toString("base64");
    expect(() => make(standardWebhooks, { secret: short })).toThrow(/at least 24 are required/);
    expect(() => make(standardWebhooks, { secret: [STANDARD, ""] })).toThrow(/secret #1 for standardWebhooks is empty/);
    expect(() => make(standardWebhooks, { secret: "whsk_" + Buffer.alloc(32).toString("base64") })).toThrow(/public key/);
  });

  it("refuses a secret of the wrong type with a TypeError", () => {
    expect(() => make(github, { secret: 42 })).toThrow(TypeError);
    expect(() => make(github, { secret: { key: SECRET } })).toThrow(TypeError);
  });

  it("refuses impossible options: tolerance, maxBodyBytes, replay store, replayTtl, url, now", () => {
    expect(() => make(github, { secret: SECRET, tolerance: -1 })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, tolerance: "300" })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, maxBodyBytes: -1 })).toThrow(RangeError);
    expect(() => make(github, { secret: SECRET, maxBodyBytes: "1mb" })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, replay: {} })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, replay: new Map() })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, replay: memoryReplayStore(), replayTtl: 0.5 })).toThrow(RangeError);
    expect(() => make(staticToken({ header: "x-token" }), { secret: "a".repeat(32), replay: memoryReplayStore() })).toThrow(/cannot tell a replay/);
    expect(() => make(twilio, { secret: SECRET, url: "/sms" })).toThrow(/full URL/);
    expect(() => make(twilio, { secret: SECRET, url: 42 })).toThrow(TypeError);
    expect(() => make(github, { secret: SECRET, now: "now" })).toThrow(TypeError);
  });

  it("still refuses what it refused before: no options object, no scheme", () => {
    expect(() => make(github, undefined)).toThrow(TypeError);
    expect(() => make({} as Scheme, { secret: SECRET })).toThrow(/scheme object/);
    expect(make(jwtBearer, { secret: "k".repeat(32) })).toBeTypeOf("function");
  });
});
