// What every `hookseal` command shares: exit codes, usage errors, output, and reading the
// scheme, the secrets, the body and the options. Nothing here repeats an argument's value
// (see cli.ts).
import { readFileSync } from "node:fs";
import type { ParseArgsConfig } from "node:util";
import * as api from "../node.js";
import type { Scheme } from "../schemes/scheme.js";

export const OK = 0;
export const FAILED = 1;
export const USAGE = 2;

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export const out = (text: string) => process.stdout.write(text.endsWith("\n") ? text : text + "\n");
export const err = (text: string) => process.stderr.write(text.endsWith("\n") ? text : text + "\n");

// ——— schemes: every scheme the package exports, by export name ————————————————————————————

export const isScheme = (value: unknown): value is Scheme =>
  value !== null &&
  typeof value === "object" &&
  typeof (value as Scheme).name === "string" &&
  typeof (value as Scheme).parse === "function" &&
  typeof (value as Scheme).signatureHeader === "string";

/** Export name → scheme, for every scheme in the package (new presets appear automatically). */
export function allSchemes(): Map<string, Scheme> {
  const found = new Map<string, Scheme>();
  for (const [name, value] of Object.entries(api)) if (isScheme(value)) found.set(name, value);
  return found;
}

const loose = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A scheme by export name; case, dashes and underscores do not matter ("standard-webhooks"). */
export function schemeNamed(name: string | undefined, command: string): Scheme {
  const schemes = allSchemes();
  const list = [...schemes.keys()].join(", ");
  if (name === undefined) throw new UsageError(`--scheme is required (one of: ${list})`, command);
  const exact = schemes.get(name);
  if (exact !== undefined) return exact;
  for (const [exportName, scheme] of schemes) if (loose(exportName) === loose(name) || loose(scheme.name) === loose(name)) return scheme;
  throw new UsageError(`--scheme names no scheme (one of: ${list})`, command);
}

// ——— inputs ————————————————————————————————————————————————————————————————————————————————

export const SECRET_OPTIONS = {
  "secret-env": { type: "string", multiple: true },
  "secret-file": { type: "string", multiple: true },
} as const;

export const DEFAULT_SECRET_ENV = "HOOKSEAL_SECRET";

/** Drops one trailing line break, as editors and `echo` leave at the end of a secret file. */
const chompLine = (text: string) => text.replace(/\r?\n$/, "");

export type SecretValues = { "secret-env"?: string[]; "secret-file"?: string[] };

/** The secrets, in order: each --secret-env, then each --secret-file; $HOOKSEAL_SECRET if neither. */
export function readSecrets(values: SecretValues, command: string): string[] {
  const envs = values["secret-env"] ?? [];
  const files = values["secret-file"] ?? [];
  if (envs.length === 0 && files.length === 0) envs.push(DEFAULT_SECRET_ENV);
  const secrets: string[] = [];
  for (const [index, name] of envs.entries()) {
    const value = process.env[name];
    if (value === undefined || value === "") {
      throw new UsageError(
        name === DEFAULT_SECRET_ENV && values["secret-env"] === undefined
          ? `no secret: pass --secret-env VAR or --secret-file FILE (or set ${DEFAULT_SECRET_ENV})`
          : `the environment variable named by ${ordinal("--secret-env", index, envs.length)} is not set or empty ` +
              "(--secret-env takes the NAME of a variable that holds the secret, never the secret itself)",
        command,
      );
    }
    secrets.push(value);
  }
  for (const [index, file] of files.entries()) {
    const option = ordinal("--secret-file", index, files.length);
    let text: string;
    try {
      text = chompLine(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UsageError(`cannot read the file of ${option}: ${fileProblem(error)}`, command);
    }
    if (text === "") throw new UsageError(`the file of ${option} is empty`, command);
    secrets.push(text);
  }
  return secrets;
}

/** The body: the --file's bytes (`-` = stdin), or stdin when it is piped. */
export async function readBody(file: string | undefined, command: string): Promise<{ bytes: Uint8Array; file?: string }> {
  if (file !== undefined && file !== "-") {
    try {
      return { bytes: readFileSync(file), file };
    } catch (error) {
      throw new UsageError(`cannot read --file: ${fileProblem(error)}`, command);
    }
  }
  if (file === undefined && process.stdin.isTTY) throw new UsageError("no body: pass --file FILE, or pipe the body on stdin", command);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks) };
}

/** `--now` / `--timestamp`: Unix seconds, or a date such as 2024-01-01T00:00:00Z. */
export function timeOption(value: string | undefined, name: string, command: string): number | Date | undefined {
  if (value === undefined) return undefined;
  if (/^[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be Unix seconds or an ISO date such as 2024-01-01T00:00:00Z`, command);
  return date;
}

export function numberOption(value: string | undefined, name: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0) throw new UsageError(`--${name} must be a non-negative number`, command);
  return number;
}

/** "--x" for the only one, "the 2nd --x" for one of several: where an argument was, never its value. */
export function ordinal(option: string, index: number, count: number): string {
  if (count === 1) return option;
  const n = index + 1;
  const suffix = n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th";
  return `the ${n}${suffix} ${option}`;
}

/** Why a file could not be read, without its path (node:fs messages repeat it). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a directory" };
  return code === undefined ? "unreadable" : `${reasons[code] ?? "unreadable"} (${code})`;
}

/** `name: value` → [name, value]: a header name token (RFC 9110 §5.1) and a value without control characters. */
export function headerEntry(text: string, option: string, command: string): [string, string] {
  const colon = text.indexOf(":");
  const name = colon < 0 ? "" : text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  // The value is not repeated: it may be a signature or a token.
  if (name === "" || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new UsageError(`${option} must look like 'Name: value'`, command);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new UsageError(`${option} (${name}) has a control character in its value`, command);
  return [name.toLowerCase(), value];
}

/** Each `-H` of a command, checked; the first bad one is reported by position. */
export const headerEntries = (texts: string[], command: string) => texts.map((text, index) => headerEntry(text, ordinal("-H/--header", index, texts.length), command));

export const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Refuses an extra `-H` that would replace a signed header or the content type. */
export function assertNoClash(signed: Record<string, string>, extra: readonly (readonly [string, string])[], command: string): void {
  const names = new Set(Object.keys(signed));
  const clash = extra.find(([name]) => names.has(name) || name === "content-type");
  if (clash !== undefined) {
    throw new UsageError(`-H/--header ${clash[0]} would replace ${clash[0] === "content-type" ? "--content-type" : "a header the signature needs"}`, command);
  }
}

/** A number of seconds, more than 0 and at most `max`: a timeout. */
export function secondsOption(value: string | undefined, name: string, fallback: number, max: number, command: string): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0 || number > max) {
    throw new UsageError(`--${name} must be a number of seconds, more than 0 and at most ${max}`, command);
  }
  return number;
}

/** An http: or https: URL, or a usage error that does not repeat it. */
export function httpUrl(value: string | undefined, name: string, command: string): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${name} must be an absolute http:// or https:// URL`, command);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--${name} must be an http:// or https:// URL`, command);
  return url;
}

export interface Command {
  summary: string;
  usage: string;
  options: ParseArgsConfig["options"];
  run(values: Record<string, unknown>): Promise<number>;
}

/** Which check each verification error code belongs to. */
export const CHECKS: Partial<Record<string, string>> = {
  missing_header: "header",
  malformed_header: "header",
  timestamp_too_old: "timestamp",
  timestamp_too_new: "timestamp",
  no_matching_signature: "signature",
  invalid_secret: "secret",
  replayed: "replay",
  payload_too_large: "size",
  body_timeout: "time",
};

