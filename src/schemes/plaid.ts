// Plaid webhooks: `Plaid-Verification: <ES256 JWT>` whose kid names a key the receiver gets
// from Plaid's /webhook_verification_key/get (the `key` option), and whose
// `request_body_sha256` claim is the hex SHA-256 of the body.
import { accept, noSignature } from "../engine/engine.js";
import { WebhookVerificationError } from "../engine/errors.js";
import type { Key } from "../engine/keys.js";
import type { Steps } from "../engine/steps.js";
import { KeySetError } from "../keys/key-set-error.js";
import type { Jwk } from "../keys/types.js";
import { partsAsBytes } from "../lib/bytes.js";
import { bytesOf } from "../lib/payload.js";
import { allowedAlgorithms } from "../jwt/algorithms.js";
import { decodeSegmentText, parseJsonText, splitToken } from "../jwt/parse.js";
import { keySetKey, type AsymmetricKey } from "../jwt/public-keys.js";
import { signingRuleKey } from "./jwt-keys.js";
import { jwtTokenCheck } from "../jwt/webhook-token.js";
import { base64Encoding } from "./encodings.js";
import { builtInScheme } from "./resolve.js";
import type { PublicKeyRule, Scheme, TokenRule } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/**
 * Options of {@link plaid}.
 *
 * @example
 * ```ts
 * const options: PlaidOptions = {
 *   key: async (kid) => {
 *     const answer = await fetch("https://production.plaid.com/webhook_verification_key/get", {
 *       method: "POST",
 *       headers: { "content-type": "application/json" },
 *       body: JSON.stringify({ client_id: process.env.PLAID_CLIENT_ID, secret: process.env.PLAID_SECRET, key_id: kid }),
 *     });
 *     if (!answer.ok) throw new Error(`Plaid answered ${answer.status}`);
 *     return ((await answer.json()) as { key: Jwk }).key;
 *   },
 * };
 * ```
 */
export interface PlaidOptions {
  /**
   * The JWK of a key id: call Plaid's `/webhook_verification_key/get` with it and return the
   * `key` of the answer. Called once per kid (answers are cached, at most 16 keys); a rejection
   * makes verification reject with `KeySetError` (503 in the helpers), never accept.
   */
  readonly key: (kid: string) => Promise<Jwk> | Jwk;
}

/** Most Plaid keys cached: Plaid rotates rarely, so two or three are in use at once. */
const KEY_CACHE_SIZE = 16;
/** Longest kid looked up: a token cannot make the key function see long text. */
const MAX_KID_CHARS = 128;
/** Plaid: reject a webhook whose `iat` is more than five minutes old. */
const MAX_AGE = 300;

const ES256 = /* @__PURE__ */ allowedAlgorithms(["ES256"]);
const check = /* @__PURE__ */ jwtTokenCheck({ bodyHashClaim: "request_body_sha256", bodyHashEncoding: "hex", algorithms: ["ES256"], expiresIn: MAX_AGE });

const noHmac: TokenRule = {
  verify: () => {
    throw new TypeError("plaid verifies Plaid's ES256 signature, never a shared secret");
  },
  sign: () => {
    throw new TypeError("plaid signs (for tests) with a P-256 private key, never a shared secret");
  },
};

function malformed(message: string): WebhookVerificationError {
  return new WebhookVerificationError("malformed_header", message);
}

/** The kid of an ES256 token, read before its signature is checked (only to find the key). */
function kidOf(token: string): string {
  let header;
  try {
    const segments = splitToken(token, 8192);
    header = parseJsonText(decodeSegmentText(segments.header, "header"), "JOSE header");
  } catch {
    throw malformed("The plaid-verification header is not a JWT.");
  }
  if (header.alg !== "ES256") throw malformed('The plaid-verification token is not ES256, the only algorithm Plaid signs with.');
  const kid = header.kid;
  if (typeof kid !== "string" || kid === "" || kid.length > MAX_KID_CHARS) throw malformed('The plaid-verification token has no usable "kid".');
  return kid;
}

function plaidRule(options: PlaidOptions): PublicKeyRule {
  const cache = new Map<string, Promise<Jwk>>();
  const keyOf = (kid: string): Promise<Jwk> => {
    let pending = cache.get(kid);
    if (pending === undefined) {
      pending = Promise.resolve()
        .then(() => options.key(kid))
        .then(
          (jwk) => {
            if (typeof jwk !== "object" || jwk === null) throw new KeySetError("plaid({ key }) did not give a JWK for the token's kid.");
            return jwk;
          },
          (cause: unknown) => {
            throw new KeySetError("plaid({ key }) failed to give the key for the token's kid; see `cause`.", { cause });
          },
        );
      pending.catch(() => cache.delete(kid)); // never keep a failure
      if (cache.size >= KEY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    } else {
      cache.delete(kid); // re-inserted below: Map order is the recency order
    }
    cache.set(kid, pending);
    return pending;
  };

  return {
    keyless: true,
    keys(scheme, secrets, use, fail): Key[] {
      if (use === "verify") {
        if (secrets !== undefined && !(Array.isArray(secrets) && secrets.length === 0)) {
          throw new TypeError(`${scheme.name} takes no secret: its keys come from plaid({ key }) (leave the secret option out)`);
        }
        return [];
      }
      return [signingRuleKey(scheme.name, secrets, fail)];
    },

    *verify(scheme, configuration, body, tokens, now): Steps<never> {
      if (tokens.length !== 1) throw noSignature(scheme);
      const kid = kidOf(tokens[0]!);
      const jwk = (yield { op: "call", run: () => keyOf(kid) }) as Jwk;
      const key = keySetKey(jwk);
      if (key === undefined || !key.allowed.includes(ES256[0]!)) {
        throw new KeySetError("The key plaid({ key }) gave for the token's kid is not a P-256 public JWK.");
      }
      const content = partsAsBytes(scheme.content({ body: bytesOf(body) }) ?? []);
      const match = yield* check.verify(scheme, tokens, { kind: "public", keys: [key], allowed: ES256 }, content, now, Math.min(configuration.tolerance, MAX_AGE));
      return (yield* accept(scheme, match, configuration.claimAs, now, body)) as never;
    },

    *sign(scheme, keys, { body, timestamp, id }): Steps<Record<string, string>> {
      const key = (keys[0] as { value: AsymmetricKey }).value;
      const content = partsAsBytes(scheme.content({ body: bytesOf(body) }) ?? []);
      return { [scheme.signatureHeader]: yield* check.sign(key, content, Number(timestamp), id!) };
    },
  };
}

/**
 * Plaid webhooks: `Plaid-Verification: <jwt>`, an ES256 JWT whose header names the signing key
 * (`kid`) and whose `request_body_sha256` claim is the lower-case hex SHA-256 of the raw body.
 * Verified as Plaid's "Verify webhooks" page says: the `alg` must be ES256; the key for `kid`
 * comes from your `key(kid)` function (Plaid's `/webhook_verification_key/get`; answers are
 * cached, at most 16); the signature; `iat` at most 5 minutes old; the body hash, compared in
 * constant time. No `secret` is needed (leave the `secret` option out). A `key` function that fails makes
 * verification reject with `KeySetError` (503 in the helpers: Plaid retries).
 *
 * Follows Plaid's "Verify webhooks", https://plaid.com/docs/api/webhooks/webhook-verification/.
 *
 * @example
 * ```ts
 * // key: your call of Plaid's /webhook_verification_key/get for the kid
 * const plaidScheme = plaid({ key: async (kid) => ((await (await fetch(`https://keys.example/plaid/${kid}`)).json()) as { key: Jwk }).key });
 * const webhook = await verifyRequest(plaidScheme, request, {});
 * ```
 */
export function plaid(options: PlaidOptions): Scheme<{ timestamp: boolean; id: boolean; url: false; keyless: true }> {
  if (typeof options !== "object" || options === null || typeof options.key !== "function") {
    throw new TypeError("plaid(options): options.key must be a function (kid) => JWK, calling Plaid's /webhook_verification_key/get");
  }
  const rule = plaidRule(options);
  return builtInScheme({
    name: "plaid",
    hash: "SHA-256",
    encoding: "base64",
    codec: base64Encoding,
    tokenSteps: rule.verify,
    publicKey: rule,
    token: noHmac,
    secret: utf8Secret, // unused: keys come from options.key
    minSecretBytes: 1,
    signatureHeader: "plaid-verification",
    parse: (value) => ({ signatures: [value] }),
    format: ({ signatures }) => signatures[0]!,
    multipleSignatures: false,
    content: ({ body }) => [body],
  }) as Scheme<{ timestamp: boolean; id: boolean; url: false; keyless: true }>;
}
