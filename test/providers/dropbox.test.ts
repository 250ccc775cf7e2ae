// dropbox: a node:crypto reference written from Dropbox's "Webhooks" reference, a cross-check
// vector, the conformance checks, and the GET verification request.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dropbox, sign, verify } from "../../src/index.js";
import { describePreset } from "./conformance.js";
import { expectAnswer, expectDelivery, expectRefused, expectUndelivered, handshakeVectors } from "./handshake.js";

const SECRET = "k3x9q0w8e7r6t5y4";
const BODY = '{"list_folder":{"accounts":["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]},"delta":{"users":[12345]}}';

describePreset({ scheme: dropbox, secret: SECRET, otherSecret: "another-app-secret", payload: BODY });

describe("dropbox: the documented algorithm", () => {
  it("X-Dropbox-Signature is the hex HMAC-SHA256 of the raw body under the App Secret", async () => {
    const expected = createHmac("sha256", SECRET).update(BODY).digest("hex");
    expect(await sign(dropbox, { secret: SECRET, payload: BODY })).toEqual({ "x-dropbox-signature": expected });
    await expect(verify(dropbox, { secret: SECRET, payload: BODY, headers: { "X-Dropbox-Signature": expected } })).resolves.toEqual({ scheme: "dropbox", secretIndex: 0 });
  });

  it.each(handshakeVectors("dropbox").filter((vector) => vector.kind === "signature"))("cross-check vector ($source)", async (vector) => {
    const { secret, body, headers } = vector as unknown as { secret: string; body: string; headers: Record<string, string> };
    expect(createHmac("sha256", secret).update(body).digest("hex")).toBe(headers["x-dropbox-signature"]);
    await expect(verify(dropbox, { secret, payload: body, headers })).resolves.toMatchObject({ scheme: "dropbox" });
    await expect(verify(dropbox, { secret, payload: body + "\n", headers })).rejects.toMatchObject({ code: "no_matching_signature" });
  });
});

describe("dropbox: the GET verification request", () => {
  const options = { secret: SECRET };

  it.each(handshakeVectors("dropbox").filter((vector) => vector.kind === undefined))("echoes the documented challenge as nosniff plain text ($source)", async (vector) => {
    const { request, expected } = vector as unknown as { request: { query: string }; expected: { status: number; headers: Record<string, string>; body: string } };
    await expectAnswer(dropbox, { method: "GET", query: request.query }, options, expected);
  });

  it("echoes a base64url token as it is, and needs no secret in handshakeResponse", async () => {
    const challenge = "Kx0_9-aB.c~d+e/f=";
    await expectAnswer(dropbox, { method: "GET", query: `challenge=${encodeURIComponent(challenge)}` }, options, { status: 200, body: challenge });
  });

  it("refuses markup, spaces, an empty, a repeated or an oversized challenge (no reflected text of a caller's choosing)", async () => {
    for (const query of ["challenge=%3Cb%3Ehi%3C%2Fb%3E", "challenge=a%20b", "challenge=", "challenge=a&challenge=b", `challenge=${"a".repeat(257)}`, "challenge=%7B%22a%22%3A1%7D"]) {
      await expectRefused(dropbox, { method: "GET", query }, options);
    }
  });

  it("a POST is an ordinary delivery: verified, then handled; an unsigned one is refused", async () => {
    const headers = await sign(dropbox, { secret: SECRET, payload: BODY });
    await expectDelivery(dropbox, { headers, body: BODY }, options);
    // A challenge in the query of a POST is no check.
    await expectDelivery(dropbox, { query: "challenge=abc123", headers, body: BODY }, options);
    await expectUndelivered(dropbox, { body: BODY }, options, "missing_header");
  });
});
