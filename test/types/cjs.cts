// A CommonJS consumer (a .cts file under node16: imports compile to require(), so "hookseal"
// resolves through the `require` condition to the .d.cts declarations).
// Compile-only: `tsc -p test/types/tsconfig.commonjs.json`.
/* eslint-disable @typescript-eslint/no-require-imports -- require() is what this consumer tests */
import hookseal = require("hookseal");
import node = require("hookseal/node");
import web = require("hookseal/web");
import { github, verify, type Verified } from "hookseal";

export async function receive(body: Buffer, headers: Record<string, string | string[] | undefined>): Promise<Verified> {
  const result = await verify(github, { secret: "s", payload: body, headers });
  const again: Verified = node.verifySync(hookseal.github, { secret: "s", payload: body, headers, crypto: node.nodeCrypto });
  await hookseal.sign(hookseal.stripe, { secret: "s", payload: "x", crypto: web.webCrypto });
  const stripeResult = await hookseal.verify(hookseal.stripe, { secret: "s", payload: body, headers, replay: hookseal.memoryReplayStore() });
  const seconds: number = stripeResult.timestamp;
  await stripeResult.release();
  // @ts-expect-error: twilio signs the request URL: verify needs it
  await hookseal.verify(hookseal.twilio, { secret: "s", payload: body, headers });
  // @ts-expect-error: GitHub signs no timestamp
  const none: number = result.timestamp;
  void [seconds, none];
  // @ts-expect-error: a parsed body is not a Payload
  await hookseal.verify(github, { secret: "s", payload: { a: 1 }, headers });
  return result.secretIndex === again.secretIndex ? result : again;
}

export const code: hookseal.VerificationErrorCode = "no_matching_signature";
export const secret: string = web.generateSecret();
