// Verifying a scheme whose header carries tokens rather than MACs over the content: a shared
// token compared as it is (`algorithm: "token"`, staticToken) or a signed token checked by a
// token rule (JWT, `SchemeDefinition.token`). The engine reaches these only through a scheme's
// `tokenSteps`, so HMAC schemes' bundles carry none of it.
import { partsAsBytes, utf8, type Part } from "../lib/bytes.js";
import { bytesOf } from "../lib/payload.js";
import { equalBytes } from "../lib/timing-safe-equal.js";
import type { HeadersLike } from "../lib/headers.js";
import type { Scheme } from "../schemes/scheme.js";
import { accept, hmacKey, noMatch, noSignature, type VerifyConfiguration } from "./engine.js";
import type { Verified } from "./options.js";
import { digest, type Steps } from "./steps.js";

const NO_PROOF = /* @__PURE__ */ new Uint8Array(0);

/** A shared token: the header carries the secret itself. Compared by digest, so time depends on neither length. */
export const staticTokenSteps = /* @__PURE__ */ Object.assign(sharedTokenSteps, {
  // The token is the same in every delivery: only a signed message id tells a replay from a new one.
  checkReplay(scheme: Scheme): void {
    if (scheme.algorithm === "token" && scheme.idHeader === undefined) {
      throw new TypeError(`${scheme.name} sends the same token with every message and no message id: it cannot tell a replay from a new delivery`);
    }
  },
});

function* sharedTokenSteps(scheme: Scheme, configuration: VerifyConfiguration, body: Part, tokens: readonly string[], now: number): Steps<Verified> {
  if (tokens.length === 0) throw noSignature(scheme);
  const { keys } = configuration;
  for (let index = 0; index < keys.length; index++) {
    const expected = yield* digest("SHA-256", [hmacKey(keys[index]!)]);
    for (const token of tokens) {
      if (equalBytes(yield* digest("SHA-256", [utf8(token)]), expected)) {
        return yield* accept(scheme, { secretIndex: index, proof: NO_PROOF }, configuration.claimAs, now, body);
      }
    }
  }
  throw noMatch(scheme, configuration);
}

/** A signed token (JWT): the scheme's token rule checks it against the content (the body) and the secrets. */
export function* jwtTokenSteps(scheme: Scheme, configuration: VerifyConfiguration, body: Part, tokens: readonly string[], now: number): Steps<Verified> {
  const content = partsAsBytes(scheme.content({ body: bytesOf(body) }) ?? []);
  const { keys, tolerance, claimAs } = configuration;
  const match = yield* scheme.token!.verify({ scheme, tokens, keys: keys.map(hmacKey), content, now, tolerance });
  return yield* accept(scheme, match, claimAs, now, body);
}

/** A scheme whose sender signs with a private key: its public-key rule verifies (schemes/public-key-rule.ts, aws-sns.ts). */
export function* publicKeySteps(scheme: Scheme, configuration: VerifyConfiguration, body: Part, signatures: readonly string[], now: number, headers: HeadersLike): Steps<Verified> {
  return yield* scheme.publicKey!.verify(scheme, configuration, body, signatures, now, headers);
}
