// A Node ESM consumer (moduleResolution node16, lib ES2022 + @types/node, no DOM): imports the
// BUILT package by its name, as a user would. Compile-only: `tsc -p test/types/tsconfig.node16.json`.
import type { IncomingHttpHeaders } from "node:http";
import * as root from "hookseal";
import {
  generateSecret,
  github,
  sign,
  standardWebhooks,
  stripe,
  timingSafeEqual,
  verify,
  WebhookVerificationError,
  type CryptoProvider,
  type HeadersLike,
  type Payload,
  type Scheme,
  type Secret,
  type SignedHeaders,
  type Verified,
  type VerificationErrorCode,
} from "hookseal";
import { nodeCrypto, signSync, verifySync, type SyncCryptoProvider } from "hookseal/node";
import { webCrypto } from "hookseal/web";
import { accepts, assertType, type Equal } from "./shared.js";

export async function receive(body: Buffer, headers: IncomingHttpHeaders): Promise<Verified> {
  accepts<HeadersLike>(headers); // Node's header record, string[] values included
  accepts<Payload>(body); // a Buffer is a Uint8Array
  const result = await verify(github, { secret: process.env.SECRET ?? "", payload: body, headers });
  assertType<Equal<typeof result.secretIndex, number>>();
  assertType<Equal<typeof result.timestamp, undefined>>(); // GitHub signs no timestamp
  return result;
}

export async function send(): Promise<SignedHeaders> {
  const secret: Secret = generateSecret({ bytes: 32 });
  const headers = await sign(standardWebhooks, { secret: [secret, new Uint8Array(32)], payload: "{}", timestamp: new Date(), id: "msg_1" });
  assertType<Equal<typeof headers, SignedHeaders>>();
  accepts<Record<string, string>>(headers);
  await sign(stripe, { secret, payload: new ArrayBuffer(2), timestamp: 1_700_000_000, crypto: webCrypto });
  // @ts-expect-error: a parsed body is not a Payload
  await verify(github, { secret, payload: { event: "ping" }, headers });
  // @ts-expect-error: a timestamp is a Date or Unix seconds, not a string
  await sign(stripe, { secret, payload: "x", timestamp: "1700000000" });
  // @ts-expect-error: verify needs the headers
  await verify(github, { secret, payload: "x" });
  return headers;
}

export function sync(): Verified {
  const headers = signSync(github, { secret: "s", payload: "x" });
  accepts<SyncCryptoProvider>(nodeCrypto);
  accepts<CryptoProvider>(webCrypto);
  // @ts-expect-error: the sync variants need a synchronous provider
  signSync(github, { secret: "s", payload: "x", crypto: webCrypto });
  const result = verifySync(github, { secret: "s", payload: "x", headers, crypto: nodeCrypto });
  assertType<Equal<typeof result, Verified<{ timestamp: false; id: false; url: false }, undefined>>>();
  return result;
}

export function errors(error: unknown): VerificationErrorCode | undefined {
  // Every code API.md and docs/errors.md name is in the union, and nothing else.
  type Documented =
    | "missing_header"
    | "malformed_header"
    | "no_matching_signature"
    | "timestamp_too_old"
    | "timestamp_too_new"
    | "invalid_secret"
    | "payload_too_large"
    | "body_timeout"
    | "replayed"
    | "handshake_refused";
  assertType<Documented extends VerificationErrorCode ? true : false>();
  assertType<Equal<VerificationErrorCode, Documented>>();
  if (error instanceof WebhookVerificationError) {
    assertType<Equal<typeof error.code, VerificationErrorCode>>();
    return error.code;
  }
  return undefined;
}

export const schemes: Scheme[] = [github, stripe, standardWebhooks];
export const equal: boolean = timingSafeEqual("a", new Uint8Array(1));

// The sync variants live in hookseal/node only.
// @ts-expect-error: not exported by the root entry
export const notHere = root.signSync;

// JWT (API.md), checked when the package exports it.
type Root = typeof root;
type SignJwtOk = Root extends { signJwt: infer F }
  ? F extends (claims: Record<string, unknown>, secret: string, options?: { expiresIn?: number; issuer?: string; audience?: string | string[] }) => Promise<string>
    ? true
    : false
  : true;
type VerifyJwtOk = Root extends { verifyJwt: infer F }
  ? F extends (token: string, secret: string | string[], options?: { algorithms?: ("HS256" | "HS384" | "HS512")[]; clockTolerance?: number }) => Promise<{ payload: Record<string, unknown>; header: Record<string, unknown> }>
    ? true
    : false
  : true;
assertType<SignJwtOk>();
assertType<VerifyJwtOk>();
