// box: a node:crypto reference written from Box's "Signature verification" (V2 webhooks; the Box
// SDKs are not dev dependencies), primary/secondary keys as rotation, the version and algorithm
// headers, RFC 3339 timestamps with offsets, the 10-minute window with no future timestamps,
// and the conformance checks.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { box, sign, verify } from "../../src/index.js";
import { codeOf, describePreset, NOW } from "./conformance.js";

const PRIMARY = "SamplePrimaryKey0123456789abcdefghijkl";
const SECONDARY = "SampleSecondaryKeyzyxwvutsrqponmlkjihg";
const BODY = '{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file"}}';
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
// Box's documented order: the body's bytes first, then the timestamp's.
const mac = (key: string, timestamp: string, body = BODY) => createHmac("sha256", key).update(body).update(timestamp).digest("base64");

describePreset({ scheme: box, secret: PRIMARY, otherSecret: SECONDARY, payload: BODY, tolerance: 600, timestampText: iso, future: 0 });

/** A delivery as Box sends it: both signatures, the version and algorithm headers. */
function delivery(timestamp: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    "BOX-DELIVERY-ID": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
    "BOX-DELIVERY-TIMESTAMP": timestamp,
    "BOX-SIGNATURE-ALGORITHM": "HmacSHA256",
    "BOX-SIGNATURE-PRIMARY": mac(PRIMARY, timestamp),
    "BOX-SIGNATURE-SECONDARY": mac(SECONDARY, timestamp),
    "BOX-SIGNATURE-VERSION": "1",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

describe("box: the documented algorithm", () => {
  const at = (headers: Record<string, string>, secret: string | string[] = [PRIMARY, SECONDARY], now = NOW) => verify(box, { secret, payload: BODY, headers, now });

  it("a delivery with both signatures verifies under both keys, either key alone, and reports which matched", async () => {
    const headers = delivery("2023-11-14T14:13:20-08:00");
    await expect(at(headers)).resolves.toEqual({ scheme: "box", timestamp: NOW, secretIndex: 0 });
    await expect(at(headers, SECONDARY)).resolves.toMatchObject({ secretIndex: 0 });
    await expect(at(headers, ["not-a-key-of-this-app", SECONDARY])).resolves.toMatchObject({ secretIndex: 1 });
  });

  it("rotation: a delivery signed only under the new secondary key (the primary header stale) still verifies", async () => {
    const headers = delivery(iso(NOW), { "BOX-SIGNATURE-PRIMARY": mac("an-old-primary-key", iso(NOW)) });
    await expect(at(headers)).resolves.toMatchObject({ secretIndex: 1 });
    expect(await codeOf(at(headers, PRIMARY))).toBe("no_matching_signature");
    await expect(at(delivery(iso(NOW), { "BOX-SIGNATURE-PRIMARY": undefined }))).resolves.toMatchObject({ secretIndex: 1 });
  });

  it("sign() writes the primary signature and a UTC timestamp that the documented computation reproduces", async () => {
    const headers = await sign(box, { secret: PRIMARY, payload: BODY, timestamp: NOW });
    expect(headers).toEqual({ "box-delivery-timestamp": "2023-11-14T22:13:20Z", "box-signature-primary": mac(PRIMARY, "2023-11-14T22:13:20Z") });
  });

  it("a version other than 1 or an algorithm other than HmacSHA256 is malformed_header; their absence is accepted", async () => {
    expect(await codeOf(at(delivery(iso(NOW), { "BOX-SIGNATURE-VERSION": "2" })))).toBe("malformed_header");
    expect(await codeOf(at(delivery(iso(NOW), { "BOX-SIGNATURE-ALGORITHM": "HmacSHA512" })))).toBe("malformed_header");
    await expect(at(delivery(iso(NOW), { "BOX-SIGNATURE-VERSION": undefined, "BOX-SIGNATURE-ALGORITHM": undefined }))).resolves.toBeDefined();
  });

  it("no signature header at all is missing_header; a tampered body or timestamp fails", async () => {
    expect(await codeOf(at(delivery(iso(NOW), { "BOX-SIGNATURE-PRIMARY": undefined, "BOX-SIGNATURE-SECONDARY": undefined })))).toBe("missing_header");
    expect(await codeOf(verify(box, { secret: [PRIMARY, SECONDARY], payload: BODY + " ", headers: delivery(iso(NOW)), now: NOW }))).toBe("no_matching_signature");
    const moved = { ...delivery(iso(NOW)), "BOX-DELIVERY-TIMESTAMP": iso(NOW - 1) };
    expect(await codeOf(at(moved))).toBe("no_matching_signature");
  });

  it("ten minutes old is accepted, a second more refused; any timestamp in the future is refused", async () => {
    const headers = delivery(iso(NOW));
    await expect(at(headers, PRIMARY, NOW + 600)).resolves.toBeDefined();
    expect(await codeOf(at(headers, PRIMARY, NOW + 601))).toBe("timestamp_too_old");
    await expect(at(headers, PRIMARY, NOW)).resolves.toBeDefined();
    expect(await codeOf(at(headers, PRIMARY, NOW - 1))).toBe("timestamp_too_new");
    // A wider tolerance never admits the future.
    expect(await codeOf(verify(box, { secret: PRIMARY, payload: BODY, headers, now: NOW - 1, tolerance: 3600 }))).toBe("timestamp_too_new");
  });
});
