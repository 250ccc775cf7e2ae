// verifyJwt on node:crypto without the step machinery (engine/steps.ts), for the node:crypto
// builds only (src/crypto/default.node.ts), as engine/direct.ts is for webhooks. node:crypto
// answers at once, so the steps of verify.ts (verifyJwtWithKeysSteps) would yield requests to
// a driver, in an async function, that waits for nothing: this does the same checks in the same
// order as plain calls, and each error is the one the steps give (test/jwt/direct.test.ts holds
// both to that). Only a key set's lookup may wait (a fetch): the rest then runs when it answers.
// An HMAC is compared as text: node:crypto gives the MAC as base64url directly (a string costs
// less to make than a Buffer), and canonical base64url has one spelling per value, so the
// signature segment is equal to it exactly when its bytes are equal to the MAC's. The segment is
// checked canonical (isBase64Url) only when something fails after the point where the steps
// decode it: a segment equal to the MAC is canonical, and a failure then reports it first.
import { macBase64Url, nodeCrypto } from "../crypto/node.js";
import { builtInCalls, partsFor } from "../crypto/text-parts.js";
import type { CryptoProvider, PublicKeyHandle } from "../crypto/types.js";
import { runAsync } from "../engine/steps.js";
import { mayVerify } from "../keys/signature-steps.js";
import { isThenable } from "../lib/thenable.js";
import { equalText } from "../lib/timing-safe-equal.js";
import type { JwtAlgorithmDescriptor } from "./algorithms.js";
import { assertCrypto, assertOptionsObject } from "./inputs.js";
import { checkedSegmentText, decodeSegment } from "./parse.js";
import { keyMismatch, listCandidates, setCandidates } from "./public-key-steps.js";
import type { AsymmetricKey } from "./public-keys.js";
import type { JwtVerificationKey } from "./types.js";
import { verificationKeysOf, type VerificationKeys } from "./verification-keys.js";
import {
  acceptClaims,
  checkHeader,
  headerOf,
  macLengthMismatch,
  readToken,
  secretMismatch,
  verifyJwtSteps,
  type VerifiedJwt,
  type VerifyJwtOptions,
} from "./verify.js";

type Candidates = Array<readonly [AsymmetricKey, number]>;

/**
 * The index of the secret whose MAC of the signing input is the signature's text (node:crypto's
 * base64url, canonical: only a canonical text can be equal to it).
 */
function matchSecret(keys: readonly Uint8Array[], algorithm: JwtAlgorithmDescriptor, signingInput: string, signature: string): number {
  // As verifyJwtWithKeysSteps: the MAC's length is public, and checked first.
  if ((signature.length * 3) >> 2 !== algorithm.macBytes) throw macLengthMismatch(algorithm);
  for (let index = 0; index < keys.length; index++) {
    if (equalText(macBase64Url(algorithm.hash, keys[index]!, signingInput), signature)) return index;
  }
  throw secretMismatch(keys.length);
}

/** As verifyPublicSignature (public-key-steps.ts) once the candidates are known, with verifySignature's checks before the platform's. */
function matchKey(candidates: Candidates, alg: JwtAlgorithmDescriptor, signature: Uint8Array, parts: readonly string[]): number {
  const algorithm = alg.signature!;
  for (let i = 0; i < candidates.length; i++) {
    const [key, index] = candidates[i]!;
    const handle = key.handle as PublicKeyHandle;
    if (!mayVerify(algorithm, handle, signature)) continue;
    // Text parts as they are: node:crypto is a built-in adapter (text-parts.ts).
    if (nodeCrypto.publicKeyVerify!(algorithm, handle, signature, partsFor(true, parts))) return index;
  }
  throw keyMismatch(alg, candidates.length);
}

/** The keys of a set the token's kid selects: the set's own steps, run here (its lookup may answer with a promise). */
function setCandidatesNow(verification: Extract<VerificationKeys, { kind: "set" }>, kid: string | undefined, alg: JwtAlgorithmDescriptor): Candidates | Promise<Candidates> {
  const steps = setCandidates(verification, kid, alg);
  const request = steps.next().value as { readonly run: (crypto: CryptoProvider) => unknown };
  const found = request.run(nodeCrypto);
  const finish = (answer: unknown) => (steps.next(answer) as IteratorReturnResult<Candidates>).value;
  return isThenable(found) ? Promise.resolve(found).then(finish) : finish(found);
}

/** verifyJwtWithKeysSteps (verify.ts) on node:crypto, as plain calls: the same checks, order and errors. */
export function verifyJwtNow(token: string, verification: VerificationKeys, options: VerifyJwtOptions): VerifiedJwt | Promise<VerifiedJwt> {
  const codec = builtInCalls(nodeCrypto)!.base64;
  const { rules, now, segments, known, headerText, payloadText } = readToken(token, options, codec);
  if (verification.kind === "secrets") {
    // Shared secrets allow only HMAC algorithms (checkHeader holds the token to them). The
    // steps decode the signature here, before the header; its text is compared with the MAC's
    // instead, and checked as canonical base64url only when something below fails (a text equal
    // to node:crypto's base64url MAC is canonical), so the error is still the steps' first one.
    let header: Record<string, unknown>;
    let secretIndex: number;
    try {
      header = headerOf(segments.header, known, headerText);
      secretIndex = matchSecret(verification.keys, checkHeader(header, verification.allowed), segments.signingInput, segments.signature);
    } catch (error) {
      checkedSegmentText(segments.signature, "signature");
      throw error;
    }
    return acceptClaims(payloadText, header, rules, now, secretIndex);
  }
  const signature = decodeSegment(segments.signature, "signature", codec);
  const header = headerOf(segments.header, known, headerText);
  const algorithm = checkHeader(header, verification.allowed);

  const parts = [segments.signingInput];
  const kid = header.kid as string | undefined;
  if (verification.kind === "public") return acceptClaims(payloadText, header, rules, now, matchKey(listCandidates(verification.keys, kid, algorithm), algorithm, signature, parts));
  const candidates = setCandidatesNow(verification, kid, algorithm);
  return isThenable(candidates)
    ? candidates.then((found) => acceptClaims(payloadText, header, rules, now, matchKey(found, algorithm, signature, parts)))
    : acceptClaims(payloadText, header, rules, now, matchKey(candidates, algorithm, signature, parts));
}

// What a key given as a string (a PEM public key, or a shared secret) stands for, when
// options.algorithms is left out: strings do not change, and a receiver passes the same one
// with every token, so it is read once (verificationKeysOf). Bounded: the oldest goes first.
const STRING_KEYS_KEPT = 8;
const stringKeys = /* @__PURE__ */ new Map<string, VerificationKeys>();

function verificationKeysNow(key: unknown, algorithms: unknown): VerificationKeys {
  if (typeof key !== "string" || algorithms !== undefined) return verificationKeysOf(key, algorithms);
  let keys = stringKeys.get(key);
  if (keys === undefined) {
    keys = verificationKeysOf(key, undefined); // throws for a key that cannot be right: nothing is kept then
    if (stringKeys.size >= STRING_KEYS_KEPT) stringKeys.delete(stringKeys.keys().next().value!);
    stringKeys.set(key, keys);
  }
  return keys;
}

/**
 * `verifyJwt()` of the node:crypto builds: verifyJwtWith (verify.ts), done at once by
 * {@link verifyJwtNow} when the provider is node:crypto. @internal
 */
export function verifyJwtWithNode(defaultCrypto: CryptoProvider, token: string, secrets: JwtVerificationKey, options: VerifyJwtOptions = {}): Promise<VerifiedJwt> {
  try {
    const crypto = assertCrypto(options?.crypto ?? defaultCrypto);
    if (crypto !== nodeCrypto) return runAsync(verifyJwtSteps(token, secrets, options, builtInCalls(crypto)?.base64), crypto);
    assertOptionsObject(options, "verifyJwt(token, secret, options)");
    return Promise.resolve(verifyJwtNow(token, verificationKeysNow(secrets, options.algorithms), options));
  } catch (error) {
    return Promise.reject(error);
  }
}
