import type { KeySet } from "../keys/jwks.js";
import type { PrivateKeyInput } from "../keys/private-key.js";
import type { PublicKeyInput } from "../keys/public-key.js";
import type { JwtAlgorithm } from "./algorithms.js";

/**
 * A JWT secret: a string (its UTF-8 bytes are the key) or raw key bytes. Structurally the
 * root `Secret` type. At least 32/48/64 bytes for HS256/HS384/HS512 (RFC 7518 §3.2).
 *
 * @example
 * ```ts
 * const secret: JwtSecret = process.env.JWT_SECRET!; // or a Uint8Array of random bytes
 * ```
 */
export type JwtSecret = string | Uint8Array | ArrayBuffer;

/**
 * One secret, or several during rotation (any one may match; `secretIndex` says which).
 * Structurally the root `Secrets` type.
 *
 * @example
 * ```ts
 * const secrets: JwtSecrets = [currentSecret, previousSecret];
 * await verifyJwt(token, secrets);
 * ```
 */
export type JwtSecrets = JwtSecret | readonly JwtSecret[];

/**
 * What `verifyJwt` verifies with: shared secrets (HS*), a public key or several (RS*, PS*,
 * ES*, EdDSA, by the key's type), or a key set from `jwks()` (the token's `kid` selects the key).
 * PEM text, or PEM bytes, is always a key, never a secret.
 *
 * @example
 * ```ts
 * const key: JwtVerificationKey = jwks("https://auth.example.com/.well-known/jwks.json");
 * ```
 */
export type JwtVerificationKey = JwtSecrets | PublicKeyInput | readonly PublicKeyInput[] | KeySet;

/**
 * What `signJwt` signs with: a shared secret (HS*) or a private key (RS*, PS*, ES*, EdDSA).
 *
 * @example
 * ```ts
 * const key: JwtSigningKey = process.env.SIGNING_KEY_PEM!; // "-----BEGIN PRIVATE KEY-----…"
 * ```
 */
export type JwtSigningKey = JwtSecret | PrivateKeyInput;

/**
 * A JWT Claims Set (RFC 7519 §4) as `verifyJwt` returns it. The registered claims, when
 * present, have been checked to have these types; any other claim is as the issuer sent it.
 *
 * @example
 * ```ts
 * const { payload }: { payload: JwtPayload } = await verifyJwt(token, secret);
 * if (payload.sub !== undefined) console.log("token for", payload.sub);
 * ```
 */
export interface JwtPayload {
  /** Issuer (RFC 7519 §4.1.1). */
  iss?: string;
  /** Subject (§4.1.2). */
  sub?: string;
  /** Audience: one string or several (§4.1.3). */
  aud?: string | string[];
  /** Expiration time, Unix seconds (§4.1.4). */
  exp?: number;
  /** Not before, Unix seconds (§4.1.5). */
  nbf?: number;
  /** Issued at, Unix seconds (§4.1.6). */
  iat?: number;
  /** JWT id (§4.1.7). */
  jti?: string;
  [claim: string]: unknown;
}

/**
 * The JOSE header of a verified token (RFC 7515 §4). `alg` is one of the allowed algorithms;
 * `typ` and `kid`, when present, are strings.
 *
 * @example
 * ```ts
 * const { header }: { header: JwtHeader } = await verifyJwt(token, secret);
 * header.alg; // "HS256"
 * ```
 */
export interface JwtHeader {
  /** The algorithm the token was signed with. */
  alg: JwtAlgorithm;
  /** Media type of the token, usually `"JWT"` (RFC 7515 §4.1.9). */
  typ?: string;
  /** Key id (RFC 7515 §4.1.4): selects the key of a key set; shared secrets are all tried. */
  kid?: string;
  [parameter: string]: unknown;
}
