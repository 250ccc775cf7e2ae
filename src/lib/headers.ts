import { WebhookVerificationError } from "../engine/errors.js";

/**
 * Request headers in any of the shapes a webhook receiver meets: a Fetch `Headers`, a Node
 * `IncomingHttpHeaders`-style record (values may be `string[]`), or `[name, value]` entries.
 *
 * @example
 * ```ts
 * const fromFetch: HeadersLike = request.headers; // a Fetch Headers
 * const fromNode: HeadersLike = req.headers; // Node's IncomingHttpHeaders
 * const fromEntries: HeadersLike = [["x-hub-signature-256", "sha256=…"]];
 * await verify(github, { secret, payload, headers: fromNode });
 * ```
 */
export type HeadersLike =
  | Headers
  | Record<string, string | readonly string[] | undefined>
  | Iterable<readonly [string, string]>;

// Bounds on work done for hostile or broken input, checked before anything is parsed.
/** Longest header value the engine will parse (signature headers are well under 1 KiB). */
export const MAX_HEADER_VALUE_LENGTH = 8192;
/** Most header entries, record keys, or values of one header scanned to find one header. */
const MAX_HEADER_ENTRIES = 1000;

interface FetchHeaders {
  get(name: string): string | null;
  append(name: string, value: string): void;
}

function isFetchHeaders(headers: object): headers is FetchHeaders {
  const candidate = headers as Partial<FetchHeaders>;
  return typeof candidate.get === "function" && typeof candidate.append === "function";
}

function tooManyHeaders(): WebhookVerificationError {
  return new WebhookVerificationError("malformed_header", `The request has more than ${MAX_HEADER_ENTRIES} header entries.`);
}

/**
 * `into` with the string values of `value` added: a one-element array for the first one (an
 * empty array that is pushed to reserves room for 16), `into` itself after that.
 */
function collect(into: string[] | undefined, value: unknown): string[] | undefined {
  if (typeof value === "string") {
    if (into === undefined) return [value];
    into.push(value);
  } else if (Array.isArray(value)) {
    // A header repeated an absurd number of times is refused before any value is parsed.
    if ((into === undefined ? 0 : into.length) + value.length > MAX_HEADER_ENTRIES) throw tooManyHeaders();
    for (const item of value) if (typeof item === "string") (into ??= []).push(item);
  }
  return into;
}

/** True when `record` has more than `limit` own enumerable keys; stops counting there. */
function ownKeysOver(record: object, limit: number): boolean {
  let own = 0;
  for (const key in record) if (Object.hasOwn(record, key) && ++own > limit) return true;
  return false;
}

// Empty or only optional white space: a header line that says nothing.
const isBlank = (value: string): boolean => trimOws(value) === "";

/** A header value without the optional white space (spaces and tabs) HTTP allows around it. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === " " || value[start] === "\t")) start++;
  while (end > start && (value[end - 1] === " " || value[end - 1] === "\t")) end--;
  return value.slice(start, end);
}

/**
 * True when `candidate` equals `lowerName` (ASCII lower case) ignoring ASCII case only. Header
 * names and auth schemes are ASCII tokens (RFC 9110 §5.1, §11.1); `toLowerCase()` would also
 * fold non-ASCII letters into them (the Kelvin sign U+212A becomes "k").
 */
export function equalsIgnoringAsciiCase(candidate: string, lowerName: string): boolean {
  if (candidate.length !== lowerName.length) return false;
  for (let i = 0; i < candidate.length; i++) {
    let code = candidate.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32; // A-Z only
    if (code !== lowerName.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The credentials of an `Authorization` value using `authScheme` (lower case, such as
 * `"bearer"`): the scheme compares case-insensitively and is followed by one or more spaces
 * (RFC 9110 §11.4); undefined for another scheme or no credentials.
 */
export function authCredentials(value: string, authScheme: string): string | undefined {
  const length = authScheme.length;
  if (value.charCodeAt(length) !== 32 || !equalsIgnoringAsciiCase(value.slice(0, length), authScheme)) return undefined;
  const credentials = trimOws(value.slice(length + 1));
  return credentials === "" ? undefined : credentials;
}

const RAW_HEADERS =
  "headers must be a Headers object, a record of header values, or [name, value] entries, not a flat list of strings: " +
  "pass req.headers, not req.rawHeaders";

/**
 * Every value of the header `name` (lower case), in order, whatever the case of the name in
 * `headers` (ASCII case only). A record with the name in two spellings gives both values, as
 * entries do. Empty values are dropped, so an empty header counts as absent.
 */
export function headerValues(headers: HeadersLike, name: string): string[] {
  if (headers === null || typeof headers !== "object") {
    throw new TypeError("headers must be a Headers object, a record of header values, or [name, value] entries");
  }
  let values: string[] | undefined;
  if (isFetchHeaders(headers)) {
    values = collect(values, headers.get(name)); // Headers is case-insensitive and joins repeats with ", "
  } else if (Symbol.iterator in headers) {
    let seen = 0;
    for (const entry of headers as Iterable<unknown>) {
      if (++seen > MAX_HEADER_ENTRIES) throw tooManyHeaders();
      // A wrong argument (req.rawHeaders, a list of strings) is the caller's mistake, not a missing header.
      if (!Array.isArray(entry) || typeof entry[0] !== "string") throw new TypeError(RAW_HEADERS);
      if (equalsIgnoringAsciiCase(entry[0], name)) values = collect(values, entry[1]);
    }
  } else {
    // Every key is compared: a record may hold one name in several spellings ("webhook-id" and "Webhook-Id").
    // for…in, no array of keys per lookup. Most keys differ in length from the name and are
    // passed over at once; the own-property check runs only for a key that matches.
    const record = headers as Record<string, unknown>;
    let seen = 0;
    for (const key in record) {
      // Past the bound, count own keys only (inherited enumerable ones are not headers), once.
      if (++seen > MAX_HEADER_ENTRIES) {
        if (ownKeysOver(record, MAX_HEADER_ENTRIES)) throw tooManyHeaders();
        seen = -Infinity;
      }
      if (key.length === name.length && (key === name || equalsIgnoringAsciiCase(key, name)) && Object.hasOwn(record, key)) {
        values = collect(values, record[key]);
      }
    }
  }
  if (values === undefined) return [];
  // Usually there is nothing to drop: filter (and allocate) only when there is.
  for (let i = 0; i < values.length; i++) if (isBlank(values[i]!)) return values.filter((kept) => !isBlank(kept));
  return values;
}

/**
 * {@link headerValues} of up to three names (lower case; `b` and `c` may be left out) in one
 * pass over a headers record such as Node's `req.headers`, for a reader that needs several
 * headers: each scan of a record compares every key, since it may hold a name in several
 * spellings. Entry `i` of the result is exactly what `headerValues(headers, name i)` returns,
 * or null where that call would throw for the values of that name alone (more than the bound:
 * call it to get its error). Undefined, having read nothing, for headers that are not a
 * record (Fetch `Headers`, entries): read those one name at a time.
 */
export function recordHeaderValues(headers: HeadersLike, a: string, b?: string, c?: string): (string[] | null)[] | undefined {
  if (headers === null || typeof headers !== "object" || isFetchHeaders(headers) || Symbol.iterator in headers) return undefined;
  const record = headers as Record<string, unknown>;
  let valuesA: string[] | null | undefined;
  let valuesB: string[] | null | undefined;
  let valuesC: string[] | null | undefined;
  let seen = 0;
  for (const key in record) {
    // The same bound as headerValues, at the same key: it does not depend on the name.
    if (++seen > MAX_HEADER_ENTRIES) {
      if (ownKeysOver(record, MAX_HEADER_ENTRIES)) throw tooManyHeaders();
      seen = -Infinity;
    }
    if (isOwnName(record, key, a)) valuesA = collectBounded(valuesA, record[key]);
    if (isOwnName(record, key, b)) valuesB = collectBounded(valuesB, record[key]);
    if (isOwnName(record, key, c)) valuesC = collectBounded(valuesC, record[key]);
  }
  return [withoutBlanks(valuesA), withoutBlanks(valuesB), withoutBlanks(valuesC)];
}

/** True when `key` is an own key of `record` spelling `name` (a key of another length is passed over at once). */
const isOwnName = (record: object, key: string, name: string | undefined): boolean =>
  name !== undefined && key.length === name.length && (key === name || equalsIgnoringAsciiCase(key, name)) && Object.hasOwn(record, key);

/** {@link collect}, with null for values past the bound, where collect throws (and null stays null). */
function collectBounded(into: string[] | null | undefined, value: unknown): string[] | null | undefined {
  if (into === null) return null;
  if (Array.isArray(value) && (into === undefined ? 0 : into.length) + value.length > MAX_HEADER_ENTRIES) return null;
  return collect(into, value);
}

/** The values as {@link headerValues} returns them: none is an empty array, blank ones dropped. */
function withoutBlanks(values: string[] | null | undefined): string[] | null {
  if (values === null) return null;
  if (values === undefined) return [];
  for (let i = 0; i < values.length; i++) if (isBlank(values[i]!)) return values.filter((kept) => !isBlank(kept));
  return values;
}
