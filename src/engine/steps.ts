// The engine describes a signing or a verification as a generator that yields the crypto
// operations (and replay-store claims) it needs; a driver performs them. One description then serves both the async
// API (any provider) and the sync one (nodeCrypto), and the engine never awaits itself.
import { builtInCalls, partsFor, type BuiltInCalls } from "../crypto/text-parts.js";
import type { CryptoProvider, HashAlgorithm } from "../crypto/types.js";
import { partsAsBytes, type Part } from "../lib/bytes.js";
import type { ReplayStore } from "./options.js";
import { claimIn } from "../replay/claim.js";
import { isThenable } from "../lib/thenable.js";

/**
 * Ed25519 for a provider that has none (the web entry points' lean default): a scheme's
 * Ed25519 rule names it in its requests, so only bundles with such a scheme carry it.
 */
export type Ed25519Fallback = Pick<CryptoProvider, "ed25519Sign" | "ed25519Verify" | "ed25519PublicKey">;

/** An operation the engine asks its driver to perform. Message parts may be text (UTF-8, see {@link Part}). */
export type StepRequest =
  | { readonly op: "hmac"; readonly hash: HashAlgorithm; readonly key: Uint8Array; readonly parts: readonly Part[] }
  | { readonly op: "digest"; readonly hash: HashAlgorithm; readonly parts: readonly Part[] }
  /** Work on the provider that only some schemes need (Ed25519): the code travels with the request, not in every driver. */
  | { readonly op: "call"; readonly run: (crypto: CryptoProvider) => unknown }
  | { readonly op: "randomBytes"; readonly length: number }
  | { readonly op: "claim"; readonly store: ReplayStore; readonly key: string; readonly ttl: number; readonly owner: string };

/** A computation that yields crypto requests and returns `T`. */
export type Steps<T> = Generator<StepRequest, T, unknown>;

export function* hmac(hash: HashAlgorithm, key: Uint8Array, parts: readonly Part[]): Steps<Uint8Array> {
  return (yield { op: "hmac", hash, key, parts }) as Uint8Array;
}

export function* digest(hash: HashAlgorithm, parts: readonly Part[]): Steps<Uint8Array> {
  return (yield { op: "digest", hash, parts }) as Uint8Array;
}

// Ed25519 on the provider, or on `fallback` when the provider has none (the web entries' lean default).
function* ed25519Call<T>(name: keyof Ed25519Fallback, fallback: Ed25519Fallback | undefined, args: readonly unknown[]): Steps<T> {
  return (yield {
    op: "call",
    run: (crypto) => ((crypto[name] === undefined ? fallback! : crypto) as unknown as Record<typeof name, (...args: readonly unknown[]) => unknown>)[name](...args),
  }) as T;
}

export const ed25519Sign = (seed: Uint8Array, parts: readonly Part[], fallback?: Ed25519Fallback): Steps<Uint8Array> =>
  ed25519Call("ed25519Sign", fallback, [seed, partsAsBytes(parts)]);

export const ed25519Verify = (publicKey: Uint8Array, signature: Uint8Array, parts: readonly Part[], fallback?: Ed25519Fallback): Steps<boolean> =>
  ed25519Call("ed25519Verify", fallback, [publicKey, signature, partsAsBytes(parts)]);

export const ed25519PublicKey = (seed: Uint8Array, fallback?: Ed25519Fallback): Steps<Uint8Array> => ed25519Call("ed25519PublicKey", fallback, [seed]);

export function* randomBytes(length: number): Steps<Uint8Array> {
  return (yield { op: "randomBytes", length }) as Uint8Array;
}

/** Claims `key` in a replay store for `owner`: true for the first claim. */
export function* claim(store: ReplayStore, key: string, ttl: number, owner: string): Steps<boolean> {
  return (yield { op: "claim", store, key, ttl, owner }) as boolean;
}

/**
 * Performs one request. `builtIn`: the calls of a built-in adapter, which takes text parts as
 * they are (see text-parts.ts); undefined for any other provider, which is given bytes.
 */
function perform(crypto: CryptoProvider, request: StepRequest, builtIn: BuiltInCalls | undefined): unknown {
  switch (request.op) {
    case "hmac":
      if (builtIn?.hmac !== undefined) return builtIn.hmac(request.hash, request.key, request.parts);
      return crypto.hmac(request.hash, request.key, partsFor(builtIn !== undefined, request.parts));
    case "digest":
      return crypto.digest(request.hash, partsFor(builtIn !== undefined, request.parts));
    case "call":
      return request.run(crypto);
    case "randomBytes":
      return crypto.randomBytes(request.length);
    case "claim":
      return claimIn(request.store, request.key, request.ttl, request.owner);
  }
}

/**
 * Steps that are already done (a verification the node:crypto direct path finished:
 * remembered.ts): `next()` gives their result at once. Both drivers take them as any steps (a
 * generator would only hold the result until asked); {@link runAsyncOrDone} answers them with a
 * settled promise, without entering the async driver.
 */
export class Done<T> {
  readonly done = true;
  constructor(readonly value: T) {}
  next(): this {
    return this;
  }
}

/** How a caller runs steps asynchronously: {@link runAsync}, or {@link runAsyncOrDone} for steps that may be {@link Done}. */
export type RunAsync = <T>(steps: Steps<T>, crypto: CryptoProvider) => Promise<T>;

/**
 * {@link runAsync}, with steps that are {@link Done} answered at once. Only the node:crypto
 * builds make such steps, and only they run with it: a Web Crypto bundle carries neither.
 */
export function runAsyncOrDone<T>(steps: Steps<T>, crypto: CryptoProvider): Promise<T> {
  // Recognised by its class, never by a property a generator would inherit: a polluted
  // Object.prototype.done must not make a generator look finished.
  if ((steps as unknown) instanceof Done) return Promise.resolve((steps as unknown as Done<T>).value);
  return runAsync(steps, crypto);
}

/** Runs `steps`, awaiting only the answers that are promises (a sync provider costs no extra ticks). */
export async function runAsync<T>(steps: Steps<T>, crypto: CryptoProvider): Promise<T> {
  const builtIn = builtInCalls(crypto);
  let state = steps.next();
  while (!state.done) {
    let answer = perform(crypto, state.value, builtIn);
    if (isThenable(answer)) answer = await answer;
    state = steps.next(answer);
  }
  return state.value;
}

/** Runs `steps` synchronously; a provider that answers with a promise is refused. */
export function runSync<T>(steps: Steps<T>, crypto: CryptoProvider): T {
  const builtIn = builtInCalls(crypto);
  let state = steps.next();
  while (!state.done) {
    const answer = perform(crypto, state.value, builtIn);
    if (isThenable(answer)) {
      const request = state.value;
      // The answer is discarded: leave no unhandled rejection behind, and give back a claim
      // that an async store may have made, so the provider's retry is not refused.
      Promise.resolve(answer)
        .then((won) => (request.op === "claim" && won === true ? request.store.release(request.key, request.owner) : undefined))
        .catch(() => {});
      throw new TypeError(
        state.value.op === "claim"
          ? "the replay store answered asynchronously: verifySync needs a synchronous store such as memoryReplayStore()"
          : state.value.op === "call" && crypto.name === "node"
            ? // node:crypto answers at once: what waits is a key set, a certificate or a key lookup.
              "this verification waits for a key (a key set, a certificate or a key lookup not cached yet): use verify(), not verifySync"
            : `the "${crypto.name}" crypto provider is asynchronous: signSync/verifySync need nodeCrypto`,
      );
    }
    state = steps.next(answer);
  }
  return state.value;
}
