// Registered claims (RFC 7519 §4.1): their types, and the checks verifyJwt applies to an
// authentic token. Also the claims signJwt adds from its options.
import { JwtError } from "./errors.js";
import { isPlainObject } from "./inputs.js";
import type { JwtPayload } from "./types.js";

const hasOwn = (object: object, key: string): boolean => Object.hasOwn(object, key);

// ---------------------------------------------------------------------------------------------
// Option checks (configuration mistakes: TypeError for a wrong type, RangeError for a wrong value)

/** A finite number of seconds, not negative. */
export function seconds(value: unknown, name: string): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number of seconds`);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite, non-negative number of seconds`);
  return value;
}

/** A finite number of seconds, any sign (an offset from `now`). */
export function offsetSeconds(value: unknown, name: string): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number of seconds`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number of seconds`);
  return value;
}

/** A string, or a non-empty array of strings, as an array. */
export function stringList(value: unknown, name: string): readonly string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new TypeError(`${name} must be a string or an array of strings`);
  }
  if (value.length === 0) throw new RangeError(`${name} must not be an empty array: it would match nothing`);
  return value as string[];
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value !== undefined && typeof value !== "string") throw new TypeError(`${name} must be a string`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Types of registered claims, on both sides

type ClaimKind = "string" | "numeric-date" | "audience";

const REGISTERED: ReadonlyArray<readonly [claim: string, kind: ClaimKind]> = [
  ["iss", "string"],
  ["sub", "string"],
  ["aud", "audience"],
  ["exp", "numeric-date"],
  ["nbf", "numeric-date"],
  ["iat", "numeric-date"],
  ["jti", "string"],
];

const KIND_TEXT: Readonly<Record<ClaimKind, string>> = {
  string: "a string",
  "numeric-date": "a finite number (NumericDate, Unix seconds)",
  audience: "a string or an array of strings",
};

function hasKind(value: unknown, kind: ClaimKind): boolean {
  if (kind === "string") return typeof value === "string";
  if (kind === "numeric-date") return typeof value === "number" && Number.isFinite(value);
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

/** The first registered claim whose value has the wrong type (`undefined` counts as absent). */
function wronglyTyped(claims: Record<string, unknown>): readonly [string, ClaimKind] | undefined {
  for (const entry of REGISTERED) {
    const value = claims[entry[0]];
    // Own members only (an inherited value is no claim), asked only of a value of the wrong type.
    if (value !== undefined && !hasKind(value, entry[1]) && hasOwn(claims, entry[0])) return entry;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// signJwt

/** The options of `signJwt` that become claims. Times are in seconds. */
export interface ClaimOptions {
  /** Sets `exp` to `now + expiresIn` (seconds; negative makes an already expired token, for tests). */
  expiresIn?: number;
  /** Sets `nbf` to `now + notBefore` (seconds). */
  notBefore?: number;
  /** Sets `iss`. */
  issuer?: string;
  /** Sets `sub`. */
  subject?: string;
  /** Sets `aud`: one audience or several. */
  audience?: string | string[];
  /** Sets `jti`. */
  jwtId?: string;
}

/**
 * The claims set `signJwt` signs: a copy of `claims`, plus `iat = now` unless `claims` has an
 * `iat` key, plus one claim per option given. An option and the claim it sets must not both be
 * given (`TypeError`): which one should win is not obvious.
 */
export function claimsToSign(claims: unknown, options: ClaimOptions, now: number): Record<string, unknown> {
  if (!isPlainObject(claims)) {
    throw new TypeError("signJwt(claims, …): claims must be a plain object (the JWT Claims Set), not an array, Date, Map or class instance");
  }
  const out: Record<string, unknown> = { ...claims };
  const set = (claim: string, option: string, value: unknown): void => {
    if (value === undefined) return;
    if (hasOwn(out, claim) && out[claim] !== undefined) {
      throw new TypeError(`claims.${claim} and options.${option} were both given; pass only one`);
    }
    out[claim] = value;
  };
  if (!hasOwn(out, "iat")) out.iat = now;
  set("exp", "expiresIn", options.expiresIn === undefined ? undefined : now + offsetSeconds(options.expiresIn, "options.expiresIn"));
  set("nbf", "notBefore", options.notBefore === undefined ? undefined : now + offsetSeconds(options.notBefore, "options.notBefore"));
  set("iss", "issuer", optionalString(options.issuer, "options.issuer"));
  set("sub", "subject", optionalString(options.subject, "options.subject"));
  set("aud", "audience", options.audience === undefined ? undefined : audienceToSign(options.audience));
  set("jti", "jwtId", optionalString(options.jwtId, "options.jwtId"));
  // Never sign what verifyJwt would refuse as malformed.
  const wrong = wronglyTyped(out);
  if (wrong !== undefined) throw new TypeError(`claims.${wrong[0]} must be ${KIND_TEXT[wrong[1]]}`);
  return out;
}

function audienceToSign(value: unknown): string | string[] {
  const list = stringList(value, "options.audience");
  return typeof value === "string" ? list[0]! : [...list];
}

// ---------------------------------------------------------------------------------------------
// verifyJwt

/** The claim checks of `verifyJwt`, resolved from its options. */
export interface ClaimRules {
  readonly issuer?: readonly string[];
  readonly audience?: readonly string[];
  readonly subject?: string;
  readonly typ?: string;
  readonly clockTolerance: number;
  readonly maxAge?: number;
  readonly requiredClaims: readonly string[];
}

/** The options of `verifyJwt` that check claims. */
export interface ClaimRuleOptions {
  issuer?: string | readonly string[];
  audience?: string | readonly string[];
  subject?: string;
  typ?: string;
  clockTolerance?: number;
  maxAge?: number;
  requiredClaims?: readonly string[];
}

/** Resolves and type-checks the claim options (before any token is looked at). */
export function claimRules(options: ClaimRuleOptions): ClaimRules {
  const required = options.requiredClaims;
  if (required !== undefined && (!Array.isArray(required) || !required.every((claim) => typeof claim === "string"))) {
    throw new TypeError("options.requiredClaims must be an array of claim names");
  }
  const rules: {
    -readonly [K in keyof ClaimRules]: ClaimRules[K];
  } = {
    clockTolerance: options.clockTolerance === undefined ? 0 : seconds(options.clockTolerance, "options.clockTolerance"),
    requiredClaims: required ?? [],
  };
  if (options.issuer !== undefined) rules.issuer = stringList(options.issuer, "options.issuer");
  if (options.audience !== undefined) rules.audience = stringList(options.audience, "options.audience");
  if (options.subject !== undefined) rules.subject = optionalString(options.subject, "options.subject")!;
  if (options.typ !== undefined) rules.typ = optionalString(options.typ, "options.typ")!;
  if (options.maxAge !== undefined) rules.maxAge = seconds(options.maxAge, "options.maxAge");
  return rules;
}

/**
 * RFC 7515 §4.1.9: media types compare case-insensitively, and a `typ` without "/" means
 * "application/" + typ, so "JWT", "jwt" and "application/jwt" are the same.
 */
const normalizeTyp = (typ: string): string => (typ.includes("/") ? typ : "application/" + typ).toLowerCase();

/** Registered claims of a payload must have their RFC 7519 types; `malformed` otherwise. */
export function assertClaimTypes(payload: Record<string, unknown>): asserts payload is JwtPayload {
  const wrong = wronglyTyped(payload);
  if (wrong !== undefined) {
    throw new JwtError("malformed", `The "${wrong[0]}" claim must be ${KIND_TEXT[wrong[1]]}.`, { claim: wrong[0] });
  }
}

const mismatch = (claim: string, message: string) => new JwtError("claim_mismatch", message, { claim });
const missing = (claim: string, why: string) =>
  new JwtError("missing_claim", `The token has no "${claim}" claim, which ${why}.`, { claim });

/**
 * The token's own validity window, with clock skew `t`: `nbf` (valid iff `now + t >= nbf`,
 * RFC 7519 §4.1.5) → `not_yet_valid`, then `exp` (valid iff `now < exp + t`, §4.1.4) → `expired`.
 */
export function checkValidityWindow(payload: JwtPayload, now: number, t: number): void {
  if (payload.nbf !== undefined && now + t < payload.nbf) {
    throw new JwtError("not_yet_valid", `The token is not valid before its "nbf" time, ${Math.ceil(payload.nbf - now)} s from now.`, {
      claim: "nbf",
    });
  }
  if (payload.exp !== undefined && !(now < payload.exp + t)) {
    throw new JwtError("expired", `The token expired ${Math.floor(now - payload.exp)} s ago (its "exp" claim).`, { claim: "exp" });
  }
}

/**
 * Checks an authentic token's claims, in this order (the order decides which error a token
 * with several faults gets; it is jose's): `typ`; presence of `iss`, `sub`, `aud`, `iat` (those
 * that `issuer`, `subject`, `audience`, `maxAge` ask for), then of `requiredClaims` from the
 * last to the first; the values of `iss`, `sub`, `aud`; `nbf`, `exp`, `iat` (age, then future).
 * With clock tolerance `t` and clock `now`:
 *
 * - `exp`: valid iff `now < exp + t` (RFC 7519 §4.1.4: `exp == now` has expired) → `expired`
 * - `nbf`: valid iff `now + t >= nbf` (§4.1.5) → `not_yet_valid`
 * - `iat`: always, when present: `iat > now + t` → `not_yet_valid` (a token cannot have been
 *   issued in the future; raise `clockTolerance` for an issuer whose clock runs ahead).
 *   With `maxAge`: `iat` is required (`missing_claim`) and `now - iat > maxAge + t` → `too_old`.
 */
export function checkClaims(payload: JwtPayload, header: Record<string, unknown>, rules: ClaimRules, now: number): void {
  const t = rules.clockTolerance;

  if (rules.typ !== undefined) {
    const typ = header.typ;
    if (typeof typ !== "string" || normalizeTyp(typ) !== normalizeTyp(rules.typ)) {
      throw mismatch("typ", `The token's "typ" header is not the expected type (options.typ).`);
    }
  }

  // Presence, in jose's order: the claims the options need, then requiredClaims from the last.
  if (rules.issuer !== undefined && !hasOwn(payload, "iss")) throw missing("iss", "options.issuer requires");
  if (rules.subject !== undefined && !hasOwn(payload, "sub")) throw missing("sub", "options.subject requires");
  if (rules.audience !== undefined && !hasOwn(payload, "aud")) throw missing("aud", "options.audience requires");
  if (rules.maxAge !== undefined && !hasOwn(payload, "iat")) throw missing("iat", "options.maxAge needs to tell the token's age");
  for (let i = rules.requiredClaims.length - 1; i >= 0; i--) {
    const claim = rules.requiredClaims[i]!;
    if (!hasOwn(payload, claim)) throw missing(claim, "options.requiredClaims requires");
  }

  if (rules.issuer !== undefined && !rules.issuer.includes(payload.iss!)) {
    throw mismatch("iss", `The token's "iss" claim is not ${rules.issuer.length > 1 ? "one of the accepted issuers" : "the expected issuer"} (options.issuer).`);
  }
  if (rules.subject !== undefined && payload.sub !== rules.subject) {
    throw mismatch("sub", `The token's "sub" claim is not the expected subject (options.subject).`);
  }
  if (rules.audience !== undefined) {
    const aud = payload.aud!;
    const audiences = typeof aud === "string" ? [aud] : aud;
    if (!audiences.some((audience) => rules.audience!.includes(audience))) {
      throw mismatch("aud", `The token's "aud" claim names none of the accepted audiences (options.audience).`);
    }
  }

  checkValidityWindow(payload, now, t);
  if (payload.iat !== undefined) {
    const age = now - payload.iat;
    if (rules.maxAge !== undefined && age - t > rules.maxAge) {
      throw new JwtError("too_old", `The token was issued ${Math.floor(age)} s ago, more than options.maxAge (${rules.maxAge} s).`, {
        claim: "iat",
      });
    }
    if (age < -t) {
      throw new JwtError(
        "not_yet_valid",
        `The token's "iat" claim is ${Math.ceil(-age)} s in the future; check the issuer's and this machine's clocks, or raise options.clockTolerance.`,
        { claim: "iat" },
      );
    }
  }
}
