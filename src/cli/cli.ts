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
import {
  allSchemes,
  CHECKS,
  type Command,
  DEFAULT_SECRET_ENV,
  err,
  FAILED,
  assertNoClash,
  headerEntries,
  numberOption,
  OK,
  out,
  readBody,
  readSecrets,
  schemeNamed,
  SECRET_OPTIONS,
  type SecretValues,
  shellQuote,
  timeOption,
  USAGE,
  UsageError,
} from "./common.js";
import { listen } from "./listen.js";
import { send } from "./send.js";

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

/** One `-H` of a curl command; curl sends an empty value only as `name;` (`name:` removes the header). */
const curlHeader = (name: string, value: string) => `-H ${shellQuote(value === "" ? `${name};` : `${name}: ${value}`)}`;

// ——— commands ————————————————————————————————————————————————————————————————————————————

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
        if (body.file !== undefined) data = "@" + body.file; // curl reads the file's exact bytes
        else {
          const binary = new UsageError("the body from stdin is binary: pass it with --file so curl sends the exact bytes", "sign");
          try {
            data = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body.bytes);
          } catch {
            throw binary;
          }
          if (data.includes("\0")) throw binary;
        }
        assertNoClash(headers, extra, "sign");
        const lines = [
          // Without --globoff curl reads [ ] { } in a URL as ranges and sets ([::1], ?a={b}).
          `curl ${/[[\]{}]/.test(curl) ? "--globoff " : ""}-X POST ${shellQuote(curl)}`,
          curlHeader("content-type", (values["content-type"] as string | undefined) ?? "application/json"),
          ...Object.entries(headers).map(([name, value]) => curlHeader(name, value)),
          ...extra.map(([name, value]) => curlHeader(name, value)),
          // --data-raw: a body that starts with "@" is data, not a file name to read.
          body.file !== undefined ? `--data-binary ${shellQuote(data)}` : `--data-raw ${shellQuote(data)}`,
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

  send,
  listen,

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
