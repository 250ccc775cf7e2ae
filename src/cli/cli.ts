#!/usr/bin/env node
// The `hookseal` command: sign and verify deliveries by hand, make secrets and key pairs.
// Zero dependencies (node:util parseArgs). Secrets come from the environment or a file, never
// from argv, which leaks into shell history and `ps`.
//
// Exit codes: 0 ok, 1 verification failed, 2 usage error (bad arguments, unusable secret), 70 internal error.
//
// No message ever repeats an argument's value: a secret pasted in the wrong place (`--secret-env
// whsec_…`, a positional argument, `--scheme`) must not land in a terminal, a CI log or a bug
// report. Errors name the option or the position instead, and print() redacts any argument value
// that a message from elsewhere (node:util, node:fs) would repeat.
import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import * as api from "../node.js";
import type { Scheme } from "../schemes/scheme.js";

const OK = 0;
const FAILED = 1;
const USAGE = 2;

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

const out = (text: string) => process.stdout.write(text.endsWith("\n") ? text : text + "\n");
const err = (text: string) => process.stderr.write(text.endsWith("\n") ? text : text + "\n");

// ——— schemes: every scheme the package exports, by export name ————————————————————————————

const isScheme = (value: unknown): value is Scheme =>
  value !== null &&
  typeof value === "object" &&
  typeof (value as Scheme).name === "string" &&
  typeof (value as Scheme).parse === "function" &&
  typeof (value as Scheme).signatureHeader === "string";

/** Export name → scheme, for every scheme in the package (new presets appear automatically). */
function allSchemes(): Map<string, Scheme> {
  const found = new Map<string, Scheme>();
  for (const [name, value] of Object.entries(api)) if (isScheme(value)) found.set(name, value);
  return found;
}

/** The engine's default window for schemes whose definition sets none (the JWT schemes' `iat`). */
const DEFAULT_TOLERANCE = 300;

/** Each scheme's default `tolerance`, grouped, for `verify --help`: read from the definitions. */
function toleranceDefaults(): string {
  const groups = new Map<string, string[]>();
  const untimed: string[] = [];
  for (const [name, scheme] of allSchemes()) {
    const seconds = scheme.timestamp?.tolerance ?? (scheme.token !== undefined ? DEFAULT_TOLERANCE : undefined);
    if (seconds === undefined) untimed.push(name);
    else groups.set(`${seconds} s`, [...(groups.get(`${seconds} s`) ?? []), name]);
  }
  const lines = [...groups].map(([window, names]) => `${window}: ${names.join(", ")}`);
  if (untimed.length > 0) lines.push(`none (no signed timestamp): ${untimed.join(", ")}`);
  return lines.map((line) => `                        ${line}`).join("\n");
}

const loose = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A scheme by export name; case, dashes and underscores do not matter ("standard-webhooks"). */
function schemeNamed(name: string | undefined, command: string): Scheme {
  const schemes = allSchemes();
  const list = [...schemes.keys()].join(", ");
  if (name === undefined) throw new UsageError(`--scheme is required (one of: ${list})`, command);
  const exact = schemes.get(name);
  if (exact !== undefined) return exact;
  for (const [exportName, scheme] of schemes) if (loose(exportName) === loose(name) || loose(scheme.name) === loose(name)) return scheme;
  throw new UsageError(`--scheme names no scheme (one of: ${list})`, command);
}

// ——— inputs ————————————————————————————————————————————————————————————————————————————————

const SECRET_OPTIONS = {
  "secret-env": { type: "string", multiple: true },
  "secret-file": { type: "string", multiple: true },
} as const;

const DEFAULT_SECRET_ENV = "HOOKSEAL_SECRET";

/** Drops one trailing line break, as editors and `echo` leave at the end of a secret file. */
const chompLine = (text: string) => text.replace(/\r?\n$/, "");

type SecretValues = { "secret-env"?: string[]; "secret-file"?: string[] };

/** The secrets, in order: each --secret-env, then each --secret-file; $HOOKSEAL_SECRET if neither. */
function readSecrets(values: SecretValues, command: string): string[] {
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
async function readBody(file: string | undefined, command: string): Promise<{ bytes: Uint8Array; file?: string }> {
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
function timeOption(value: string | undefined, name: string, command: string): number | Date | undefined {
  if (value === undefined) return undefined;
  if (/^[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be Unix seconds or an ISO date such as 2024-01-01T00:00:00Z`, command);
  return date;
}

function numberOption(value: string | undefined, name: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0) throw new UsageError(`--${name} must be a non-negative number`, command);
  return number;
}

/** "--x" for the only one, "the 2nd --x" for one of several: where an argument was, never its value. */
function ordinal(option: string, index: number, count: number): string {
  if (count === 1) return option;
  const n = index + 1;
  const suffix = n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th";
  return `the ${n}${suffix} ${option}`;
}

/** Why a file could not be read, without its path (node:fs messages repeat it). */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a directory" };
  return code === undefined ? "unreadable" : `${reasons[code] ?? "unreadable"} (${code})`;
}

/** `name: value` → [name, value]: a header name token (RFC 9110 §5.1) and a value without control characters. */
function headerEntry(text: string, option: string, command: string): [string, string] {
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
const headerEntries = (texts: string[], command: string) => texts.map((text, index) => headerEntry(text, ordinal("-H/--header", index, texts.length), command));

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

// ——— commands ————————————————————————————————————————————————————————————————————————————

interface Command {
  summary: string;
  usage: string;
  options: ParseArgsConfig["options"];
  run(values: Record<string, unknown>): Promise<number>;
}

const commands: Record<string, Command> = {
  sign: {
    summary: "sign a body and print the headers to send with it",
    usage: `Usage: hookseal sign --scheme NAME [--secret-env VAR | --secret-file FILE] [--file BODY] [options]

Signs the body (--file, or stdin) and prints the headers to send with it, one per line.

  --scheme NAME         the scheme, by export name (see: hookseal schemes)
  --secret-env VAR      read the secret from the environment variable VAR (default: ${DEFAULT_SECRET_ENV});
                        repeat to sign with several secrets, where the scheme's header holds several
  --secret-file FILE    read the secret from FILE (one trailing newline is ignored)
  --file FILE           the body to sign, byte for byte (default: stdin; "-" = stdin)
  --timestamp T         signing time, Unix seconds or an ISO date (default: now)
  --id ID               message id, for schemes that carry one (default: a fresh random id)
  --url URL             the request URL, for schemes that sign it (default: the --curl URL)
  --curl URL            print a ready curl command that posts the body to URL instead
  --content-type TYPE   content type for --curl (default: application/json)
  -H, --header 'N: V'   another header for --curl (X-GitHub-Event, …); repeat for each
  --json                print the headers as a JSON object
  -h, --help            show this help

Secrets are never taken from the command line: argv leaks into shell history and ps.

Example:
  export HOOKSEAL_SECRET=whsec_...
  hookseal sign --scheme github --file event.json -H 'X-GitHub-Event: push' \\
    --curl http://localhost:3000/webhooks/github`,
    options: {
      scheme: { type: "string" },
      ...SECRET_OPTIONS,
      file: { type: "string" },
      timestamp: { type: "string" },
      id: { type: "string" },
      url: { type: "string" },
      curl: { type: "string" },
      "content-type": { type: "string" },
      header: { type: "string", short: "H", multiple: true },
      json: { type: "boolean" },
    },
    async run(values) {
      const scheme = schemeNamed(values.scheme as string | undefined, "sign");
      const extra = headerEntries((values.header as string[] | undefined) ?? [], "sign");
      if (extra.length > 0 && values.curl === undefined) throw new UsageError("-H/--header adds headers to the --curl command: pass --curl URL too", "sign");
      const secrets = readSecrets(values as SecretValues, "sign");
      const body = await readBody(values.file as string | undefined, "sign");
      const curl = values.curl as string | undefined;
      const headers = await api.sign(scheme, {
        secret: secrets.length === 1 ? secrets[0]! : secrets,
        payload: body.bytes,
        timestamp: timeOption(values.timestamp as string | undefined, "timestamp", "sign"),
        id: values.id as string | undefined,
        url: (values.url as string | undefined) ?? curl,
      });
      if (curl !== undefined) {
        let data: string;
        if (body.file !== undefined) data = "@" + body.file;
        else {
          const binary = new UsageError("the body from stdin is binary: pass it with --file so curl sends the exact bytes", "sign");
          try {
            data = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body.bytes);
          } catch {
            throw binary;
          }
          if (data.includes("\0")) throw binary;
        }
        const signed = new Set(Object.keys(headers));
        const clash = extra.find(([name]) => signed.has(name) || name === "content-type");
        if (clash !== undefined) {
          throw new UsageError(`-H/--header ${clash[0]} would replace ${clash[0] === "content-type" ? "--content-type" : "a header the signature needs"}`, "sign");
        }
        const lines = [
          `curl -X POST ${shellQuote(curl)}`,
          `-H ${shellQuote(`content-type: ${(values["content-type"] as string | undefined) ?? "application/json"}`)}`,
          ...Object.entries(headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
          ...extra.map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
          `--data-binary ${shellQuote(data)}`,
        ];
        out(lines.join(" \\\n  "));
      } else if (values.json === true) {
        out(JSON.stringify(headers, null, 2));
      } else {
        out(Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join("\n"));
      }
      return OK;
    },
  },

  verify: {
    summary: "verify a delivery: which check failed, or the verified result",
    usage: `Usage: hookseal verify --scheme NAME [--secret-env VAR | --secret-file FILE] --header 'name: value' ... [--file BODY] [options]

Verifies a delivery: the body (--file, or stdin) and its headers. Prints the verified result
as JSON and exits 0, or says which check failed, with the error code, and exits 1.

  --scheme NAME         the scheme, by export name (see: hookseal schemes)
  --secret-env VAR      read the secret from the environment variable VAR (default: ${DEFAULT_SECRET_ENV});
                        repeat for several secrets (rotation): any one may match
  --secret-file FILE    read the secret from FILE (one trailing newline is ignored)
  -H, --header 'N: V'   a request header; repeat for each (only the scheme's headers matter)
  --file FILE           the raw body, byte for byte (default: stdin; "-" = stdin)
  --now T               the verifier's clock, Unix seconds or an ISO date (default: now);
                        pass the delivery time to check an old delivery from a log
  --tolerance SECONDS   how far the timestamp may be from --now (default: the scheme's own:
${toleranceDefaults()})
  --url URL             the request URL the sender used, for schemes that sign it
  --json                on failure too, print the outcome as JSON on stdout
  -h, --help            show this help

Exit codes: 0 verified, 1 verification failed, 2 usage error (including an unusable secret).

Example:
  hookseal verify --scheme stripe --secret-env STRIPE_WEBHOOK_SECRET \\
    -H 'stripe-signature: t=1700000000,v1=...' --now 1700000000 --file body.json`,
    options: {
      scheme: { type: "string" },
      ...SECRET_OPTIONS,
      header: { type: "string", short: "H", multiple: true },
      file: { type: "string" },
      now: { type: "string" },
      tolerance: { type: "string" },
      url: { type: "string" },
      json: { type: "boolean" },
    },
    async run(values) {
      const scheme = schemeNamed(values.scheme as string | undefined, "verify");
      const secrets = readSecrets(values as SecretValues, "verify");
      const headers = headerEntries((values.header as string[] | undefined) ?? [], "verify");
      const now = timeOption(values.now as string | undefined, "now", "verify");
      const tolerance = numberOption(values.tolerance as string | undefined, "tolerance", "verify");
      const body = await readBody(values.file as string | undefined, "verify");
      try {
        const verified = await api.verify(scheme, {
          secret: secrets.length === 1 ? secrets[0]! : secrets,
          payload: body.bytes,
          headers,
          now,
          tolerance,
          url: values.url as string | undefined,
        });
        out(JSON.stringify({ ok: true, ...verified }, null, 2));
        return OK;
      } catch (error) {
        if (!(error instanceof api.WebhookVerificationError)) throw error;
        const check = CHECKS[error.code] ?? "verification";
        if (values.json === true) out(JSON.stringify({ ok: false, code: error.code, check, message: error.message }, null, 2));
        err(`hookseal verify: ${check} check failed (${error.code})`);
        err(`  ${error.message}`);
        if (error.code === "invalid_secret") return USAGE; // the secret given is unusable: our mistake, not the delivery's
        if (headers.length === 0) err("  hint: pass the delivery's headers with --header 'name: value'");
        if (error.code === "timestamp_too_old" && now === undefined) {
          err("  hint: checking a delivery from a log? pass its delivery time as --now (Unix seconds or an ISO date)");
        }
        return FAILED;
      }
    },
  },

  secret: {
    summary: "print a fresh random secret (whsec_…)",
    usage: `Usage: hookseal secret [--bytes N]

Prints a fresh random secret, "whsec_" + base64 of N random bytes (default 32, at least 24).
It works for every HMAC scheme. Store it where your sender and receiver read secrets from.

  --bytes N     number of random bytes (24 to 1024; default 32)
  -h, --help    show this help`,
    options: { bytes: { type: "string" } },
    async run(values) {
      const bytes = values.bytes === undefined ? undefined : Number(values.bytes);
      out(api.generateSecret(bytes === undefined ? {} : { bytes }));
      return OK;
    },
  },

  keypair: {
    summary: "print a fresh Ed25519 key pair for Standard Webhooks v1a",
    usage: `Usage: hookseal keypair

Prints a fresh Ed25519 key pair for Standard Webhooks' asymmetric signatures (v1a) as JSON:
the sender signs with secretKey (whsk_…, keep it secret); receivers verify with publicKey (whpk_…).

  -h, --help    show this help`,
    options: {},
    async run() {
      out(JSON.stringify(await api.generateKeyPair(), null, 2));
      return OK;
    },
  },

  schemes: {
    summary: "list the scheme names --scheme accepts",
    usage: `Usage: hookseal schemes

Lists every scheme this version of hookseal knows, with the header that carries its signature.

  -h, --help    show this help`,
    options: {},
    async run() {
      const schemes = [...allSchemes()];
      const width = Math.max(...schemes.map(([name]) => name.length));
      out(schemes.map(([name, scheme]) => `${name.padEnd(width)}  ${scheme.signatureHeader}`).join("\n"));
      return OK;
    },
  },
};

/** Which check each verification error code belongs to. */
const CHECKS: Partial<Record<string, string>> = {
  missing_header: "header",
  malformed_header: "header",
  timestamp_too_old: "timestamp",
  timestamp_too_new: "timestamp",
  no_matching_signature: "signature",
  invalid_secret: "secret",
  replayed: "replay",
  payload_too_large: "size",
};

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

const HELP = `hookseal: sign and verify webhooks (GitHub, Stripe, Standard Webhooks, …)

Usage: hookseal <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(9)} ${command.summary}`)
  .join("\n")}

Run "hookseal <command> --help" for a command's options.
Secrets are read from an environment variable (--secret-env, default ${DEFAULT_SECRET_ENV}) or a file
(--secret-file), never from the command line.
Exit codes: 0 ok, 1 verification failed, 2 usage error, 70 internal error.`;

/**
 * node:util's parseArgs messages, rewritten where they would repeat a value: a positional
 * argument is reported by position only (it is often a secret typed where a name belongs).
 */
function argumentProblem(error: Error & { code?: string }, args: string[], options: ParseArgsConfig["options"]): string {
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
    const positional = tokens.find((token) => token.kind === "positional");
    const where = positional === undefined ? "" : ` (argument ${positional.index + 2}, not shown)`;
    return `unexpected argument${where}: this command takes only options; secrets go in --secret-env VAR or --secret-file FILE`;
  }
  return redact(error.message, args);
}

/**
 * `text` with every argument value it repeats replaced by "<argument N>". A last line of
 * defence for messages written elsewhere; option names (`--scheme`) and short values are kept.
 */
function redact(text: string, args: readonly string[]): string {
  const values = args.flatMap((arg) => (arg.startsWith("--") ? (arg.includes("=") ? [arg.slice(arg.indexOf("=") + 1)] : []) : arg.startsWith("-") ? [arg.slice(2)] : [arg]));
  const schemeNames = allSchemes();
  let out = text;
  for (const value of values.filter((v) => v.length >= 8 && !schemeNames.has(v)).sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(`<argument ${args.findIndex((arg) => arg.includes(value)) + 2}>`);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic !== undefined && commands[topic] !== undefined) out(commands[topic].usage);
    else (name === undefined ? err : out)(HELP);
    return name === undefined ? USAGE : OK;
  }
  if (name === "--version" || name === "-v") {
    out(version());
    return OK;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (command === undefined) throw new UsageError(`unknown command (one of: ${Object.keys(commands).join(", ")})`);
  if (rest.some((arg) => arg === "--secret" || arg.startsWith("--secret="))) {
    throw new UsageError("secrets are not taken on the command line (argv leaks into shell history and ps): use --secret-env VAR or --secret-file FILE", name);
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(argumentProblem(error as Error & { code?: string }, rest, { ...command.options, help: { type: "boolean", short: "h" } }), name);
  }
  if (values.help === true) {
    out(command.usage);
    return OK;
  }
  try {
    return await command.run(values);
  } catch (error) {
    // The library's own refusals of bad input (a millisecond --now, a missing --url, a short secret).
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(error.message, name);
    if (error instanceof api.WebhookVerificationError && error.code === "invalid_secret") throw new UsageError(error.message, name);
    throw error;
  }
}

const args = process.argv.slice(2);
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      err(redact(`hookseal${error.command ? " " + error.command : ""}: ${error.message}`, args.slice(1)));
      err(`Run "hookseal ${error.command ? error.command + " " : ""}--help" for usage.`);
      process.exitCode = USAGE;
    } else {
      err(redact(`hookseal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, args.slice(1)));
      process.exitCode = 70; // internal software error (sysexits EX_SOFTWARE)
    }
  },
);
