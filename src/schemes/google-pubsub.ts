// Google Cloud Pub/Sub push subscriptions with authentication: every push carries
// `Authorization: Bearer <Google-signed OIDC ID token>` (RS256), which proves the push came
// from Pub/Sub for this subscription. The token does not sign the body.
import { accept, noSignature } from "../engine/engine.js";
import { WebhookVerificationError } from "../engine/errors.js";
import type { Key } from "../engine/keys.js";
import { digest, type Steps } from "../engine/steps.js";
import { jwks, type KeySet } from "../keys/jwks.js";
import { authCredentials } from "../lib/headers.js";
import { bytesOf } from "../lib/payload.js";
import { type AsymmetricKey } from "../jwt/public-keys.js";
import { signingRuleKey } from "./jwt-keys.js";
import { signJwtWithKeySteps } from "../jwt/sign.js";
import { verificationKeysOf, type VerificationKeys } from "../jwt/verification-keys.js";
import { asVerificationError } from "../jwt/webhook-token.js";
import { verifyJwtWithKeysSteps } from "../jwt/verify.js";
import type { PublicKeyInput } from "../keys/public-key.js";
import { base64Encoding } from "./encodings.js";
import { builtInScheme } from "./resolve.js";
import type { PublicKeyRule, Scheme, SchemeMatch, TokenRule } from "./scheme.js";
import { utf8Secret } from "./secrets.js";

/** Google's OAuth 2.0 / OIDC signing keys (a JWK Set; the `jwks_uri` of https://accounts.google.com/.well-known/openid-configuration). */
export const GOOGLE_KEYS_URL = "https://www.googleapis.com/oauth2/v3/certs";
/** The issuers of Google ID tokens. */
const ISSUERS = ["https://accounts.google.com", "accounts.google.com"];
/** Clock skew allowed on `exp`, `nbf` and a future `iat`, in seconds. */
const CLOCK_SKEW = 5;
/** Lifetime of tokens `sign()` makes, as Google's: one hour. */
const LIFETIME = 3600;

/**
 * Options of {@link googlePubSub}.
 *
 * @example
 * ```ts
 * const options: GooglePubSubOptions = { audience: "https://hooks.example.com/pubsub", serviceAccountEmail: "pusher@my-project.iam.gserviceaccount.com" };
 * ```
 */
export interface GooglePubSubOptions {
  /** The audience set on the push subscription (by default Pub/Sub uses the push endpoint URL). Required. */
  readonly audience: string;
  /** The service account the subscription pushes as: the token's `email` must be it, with `email_verified` true. */
  readonly serviceAccountEmail?: string;
  /** Google's key set; default `jwks("https://www.googleapis.com/oauth2/v3/certs")`. Public keys work too (tests). */
  readonly jwks?: KeySet | PublicKeyInput | readonly PublicKeyInput[];
}

function parseBearer(value: string) {
  const token = authCredentials(value, "bearer");
  return { signatures: token === undefined ? [] : [token] };
}

const noHmac: TokenRule = {
  verify: () => {
    throw new TypeError("googlePubSub verifies Google's signature, never a shared secret");
  },
  sign: () => {
    throw new TypeError("googlePubSub signs (for tests) with an RSA private key, never a shared secret");
  },
};

function pubSubRule(options: GooglePubSubOptions, keys: VerificationKeys): PublicKeyRule {
  const { audience, serviceAccountEmail } = options;
  return {
    keyless: true,
    keys(scheme, secrets, use, fail): Key[] {
      if (use === "verify") {
        if (secrets !== undefined && !(Array.isArray(secrets) && secrets.length === 0)) {
          throw new TypeError(`${scheme.name} takes no secret: Google's keys come from googlePubSub({ jwks }) (leave the secret option out)`);
        }
        return [{ kind: "rule", value: keys }];
      }
      // Signing is for tests: an RSA private key (its JWK kid, if any, names it).
      return [signingRuleKey(scheme.name, secrets, fail)];
    },

    *verify(scheme, configuration, body, tokens, now): Steps<never> {
      if (tokens.length !== 1) throw noSignature(scheme);
      let payload;
      try {
        ({ payload } = yield* verifyJwtWithKeysSteps(tokens[0]!, keys, { now, issuer: ISSUERS, audience, clockTolerance: CLOCK_SKEW, requiredClaims: ["iat", "exp"] }));
      } catch (error) {
        throw asVerificationError(scheme, error);
      }
      if (serviceAccountEmail !== undefined && (payload.email !== serviceAccountEmail || payload.email_verified !== true)) {
        throw new WebhookVerificationError("no_matching_signature", "The Google token is authentic but was not issued to the configured service account (email, email_verified).");
      }
      const iat = Math.floor(payload.iat!);
      // The token does not sign the body, and Pub/Sub may send one token with several pushes:
      // a replay is the same body again (its message id is inside it).
      const match: SchemeMatch = { secretIndex: 0, timestamp: iat, proof: yield* digest("SHA-256", [bytesOf(body)]), validUntil: Math.ceil(payload.exp!) + CLOCK_SKEW };
      return (yield* accept(scheme, match, configuration.claimAs, now, body)) as never;
    },

    *sign(scheme, signingKeys, { timestamp }): Steps<Record<string, string>> {
      const key = (signingKeys[0] as { value: AsymmetricKey }).value;
      const claims: Record<string, unknown> = { iss: ISSUERS[0], aud: audience, sub: "pubsub-push-test" };
      if (serviceAccountEmail !== undefined) Object.assign(claims, { email: serviceAccountEmail, email_verified: true });
      const token = yield* signJwtWithKeySteps(claims, key, {
        algorithm: "RS256",
        now: Number(timestamp),
        expiresIn: LIFETIME,
        ...(key.kid === undefined ? {} : { keyId: key.kid }),
      });
      return { authorization: `Bearer ${token}` };
    },
  };
}

/**
 * Google Cloud Pub/Sub push subscriptions with authentication enabled: each push has
 * `Authorization: Bearer <token>`, an OIDC ID token that Google signs with RS256 under the keys
 * of https://www.googleapis.com/oauth2/v3/certs. Verified: the signature (the token's `kid`
 * selects Google's key; the set is cached and refetched as `jwks()` says), `iss`
 * (`https://accounts.google.com` or `accounts.google.com`), `aud` = `audience`, `exp` (5 s of
 * clock skew), and, with `serviceAccountEmail`, `email` and `email_verified`. No `secret` is
 * needed (leave the `secret` option out). The token does NOT sign the body: it proves the push came from
 * Pub/Sub for your subscription. Google's keys that cannot be fetched make verification reject
 * with `KeySetError` (503 in the helpers: Pub/Sub retries).
 *
 * Follows Google Cloud's "Authenticate push subscriptions",
 * https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions.
 *
 * @example
 * ```ts
 * const pubsub = googlePubSub({ audience: "https://hooks.example.com/pubsub", serviceAccountEmail: "pusher@my-project.iam.gserviceaccount.com" });
 * const push = await verifyRequest(pubsub, request, {});
 * const { message } = push.json() as { message: { data: string; messageId: string } };
 * ```
 */
export function googlePubSub(options: GooglePubSubOptions): Scheme<{ timestamp: boolean; id: false; url: false; keyless: true }> {
  if (typeof options !== "object" || options === null) throw new TypeError("googlePubSub(options): options must be an object with an audience");
  if (typeof options.audience !== "string" || options.audience === "") throw new TypeError("googlePubSub(options): audience must be the subscription's audience (a non-empty string)");
  if (options.serviceAccountEmail !== undefined && typeof options.serviceAccountEmail !== "string") throw new TypeError("googlePubSub(options): serviceAccountEmail must be a string");
  const source = options.jwks ?? jwks(GOOGLE_KEYS_URL);
  const keys = verificationKeysOf(source, ["RS256"]);
  const rule = pubSubRule(options, keys);
  return builtInScheme({
    name: "googlePubSub",
    hash: "SHA-256",
    encoding: "base64",
    codec: base64Encoding,
    tokenSteps: rule.verify,
    publicKey: rule,
    token: noHmac,
    secret: utf8Secret, // unused: Google's keys are the scheme's own
    minSecretBytes: 1,
    signatureHeader: "authorization",
    parse: parseBearer,
    format: ({ signatures }) => `Bearer ${signatures[0]}`,
    multipleSignatures: false,
    content: ({ body }) => [body],
  }) as Scheme<{ timestamp: boolean; id: false; url: false; keyless: true }>;
}
