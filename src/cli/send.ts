// `hookseal send`: sign a body and POST it, as the provider would, then print the answer.
import * as http from "node:http";
import * as https from "node:https";
import * as api from "../node.js";
import {
  assertNoClash,
  type Command,
  DEFAULT_SECRET_ENV,
  err,
  FAILED,
  headerEntries,
  httpUrl,
  OK,
  out,
  readBody,
  readSecrets,
  schemeNamed,
  SECRET_OPTIONS,
  type SecretValues,
  secondsOption,
  timeOption,
  UsageError,
} from "./common.js";
import { networkProblem } from "./relay.js";
import { printable, showBody } from "./show.js";

/** Most bytes of the answer kept for showing; the rest is read and counted, not kept. */
const MAX_ANSWER_BYTES = 1024 * 1024;

// Answer headers that say nothing about the receiver's verdict.
const NOISE = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

interface Answer {
  status: number;
  statusText: string;
  headers: string[];
  body: Uint8Array;
  size: number;
}

/** POSTs `body` to `url` and reads the answer, all within `timeoutMs`. */
function post(url: URL, headers: Record<string, string>, body: Uint8Array, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(url, { method: "POST", headers, agent: false });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
        size += chunk.length;
      });
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: response.rawHeaders, body: Buffer.concat(chunks), size });
      });
      response.on("error", reject); // after destroy(): the timer's error
    });
    // A receiver may answer (413, 401) before the whole body is written: the answer still counts.
    request.end(body);
  });
}

export const send: Command = {
  summary: "sign a body, POST it to a URL and print the answer",
  usage: `Usage: hookseal send --scheme NAME --url URL [--secret-env VAR | --secret-file FILE] [--file BODY] [options]

Signs the body (--file, or stdin) as the provider would, POSTs it to URL with the signature
headers, and prints the answer: the status line, the headers, and the body (JSON indented).

  --scheme NAME         the scheme, by export name (see: hookseal schemes)
  --url URL             where to POST (http:// or https://); schemes that sign the URL sign this one
  --secret-env VAR      read the secret from the environment variable VAR (default: ${DEFAULT_SECRET_ENV});
                        repeat to sign with several secrets, where the scheme's header holds several
  --secret-file FILE    read the secret from FILE (one trailing newline is ignored)
  --file FILE           the body to send, byte for byte (default: stdin; "-" = stdin)
  -H, --header 'N: V'   another header to send (X-GitHub-Event, …); repeat for each
  --content-type TYPE   the body's content type (default: application/json)
  --timestamp T         signing time, Unix seconds or an ISO date (default: now)
  --id ID               message id, for schemes that carry one (default: a fresh random id)
  --timeout SECONDS     most time for the whole exchange (default: 10)
  -h, --help            show this help

Exit codes: 0 the receiver answered 2xx, 1 it answered anything else or could not be
reached, 2 usage error. Redirects are not followed. The secret and the signature are not
printed.

Example:
  export HOOKSEAL_SECRET=whsec_...
  hookseal send --scheme github --file event.json -H 'X-GitHub-Event: push' \\
    --url http://127.0.0.1:3000/webhooks/github`,
  options: {
    scheme: { type: "string" },
    url: { type: "string" },
    ...SECRET_OPTIONS,
    file: { type: "string" },
    header: { type: "string", short: "H", multiple: true },
    "content-type": { type: "string" },
    timestamp: { type: "string" },
    id: { type: "string" },
    timeout: { type: "string" },
  },
  async run(values) {
    const scheme = schemeNamed(values.scheme as string | undefined, "send");
    const url = httpUrl(values.url as string | undefined, "url", "send");
    if (url === undefined) throw new UsageError("--url is required: where to POST the delivery", "send");
    const extra = headerEntries((values.header as string[] | undefined) ?? [], "send");
    const timeoutMs = secondsOption(values.timeout as string | undefined, "timeout", 10, 3600, "send") * 1000;
    const secrets = readSecrets(values as SecretValues, "send");
    const body = await readBody(values.file as string | undefined, "send");
    const signed = await api.sign(scheme, {
      secret: secrets.length === 1 ? secrets[0]! : secrets,
      payload: body.bytes,
      timestamp: timeOption(values.timestamp as string | undefined, "timestamp", "send"),
      id: values.id as string | undefined,
      url: url.href,
    });
    assertNoClash(signed, extra, "send");
    const headers = {
      "content-type": (values["content-type"] as string | undefined) ?? "application/json",
      ...signed,
      ...Object.fromEntries(extra),
      "content-length": String(body.bytes.byteLength),
    };

    // Header names only: a signature in a terminal or a CI log can be replayed.
    err(`hookseal send: POST ${body.bytes.byteLength} bytes signed for ${scheme.name} (${Object.keys(signed).join(", ")})`);
    let answer: Answer;
    try {
      answer = await post(url, headers, body.bytes, timeoutMs);
    } catch (error) {
      err(`hookseal send: no answer: ${networkProblem(error, timeoutMs)}`);
      return FAILED;
    }
    const lines = [`HTTP ${answer.status} ${printable(answer.statusText)}`.trimEnd()];
    for (let i = 0; i + 1 < answer.headers.length; i += 2) {
      if (!NOISE.has(answer.headers[i]!.toLowerCase())) lines.push(`${answer.headers[i]}: ${printable(answer.headers[i + 1]!)}`);
    }
    lines.push("", showBody(answer.body));
    if (answer.size > answer.body.byteLength) lines.push(`… (${answer.size} bytes in all; the rest is not shown)`);
    out(lines.join("\n"));
    return answer.status >= 200 && answer.status < 300 ? OK : FAILED;
  },
};
