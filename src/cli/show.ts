// How `send` and `listen` show a body and a verdict on a terminal: JSON indented, other text
// as is, binary summarized, all bounded in size and safe to print (no control sequences).
import { createHash } from "node:crypto";
import type { Scheme } from "../schemes/scheme.js";
import { CHECKS } from "./common.js";

/** Most characters of a body shown; the rest is counted, not printed. */
export const SHOWN_CHARS = 64 * 1024;

// C0 controls but tab and newline, DEL, C1 controls (some terminals read U+009B as an escape
// sequence), and the bidirectional overrides that make text display other than it reads.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character that could drive the terminal written as an escape (`\u001b`). */
export const printable = (text: string): string => text.replace(UNSAFE, (c) => (c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Valid JSON re-indented by two spaces, its tokens kept exactly as written (no number
 * rounded, no duplicate key dropped, as JSON.parse and stringify would), stopping after
 * `limit` characters. Iterative, so no nesting depth overflows it.
 */
export function indentJson(text: string, limit: number): { shown: string; complete: boolean } {
  let shown = "";
  let depth = 0;
  const newline = () => "\n" + "  ".repeat(Math.min(depth, 40)); // deep nesting stops adding width
  for (let i = 0; i < text.length; i++) {
    if (shown.length > limit) return { shown: shown.slice(0, limit), complete: false };
    const c = text[i]!;
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1; // the text parsed: the string ends
      shown += text.slice(i, end + 1);
      i = end;
    } else if (c === "{" || c === "[") {
      let next = i + 1;
      while (/\s/.test(text[next] ?? "")) next++;
      if (text[next] === "}" || text[next] === "]") {
        shown += c + text[next];
        i = next;
      } else {
        depth++;
        shown += c + newline();
      }
    } else if (c === "}" || c === "]") {
      depth--;
      shown += newline() + c;
    } else if (c === ",") shown += "," + newline();
    else if (c === ":") shown += ": ";
    else if (!/\s/.test(c)) shown += c;
  }
  return { shown: shown.slice(0, limit), complete: shown.length <= limit };
}

const isJson = (text: string): boolean => {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * A body for the terminal: JSON indented, other UTF-8 text as is, anything else summarized by
 * size and SHA-256 (to compare with what the sender sent). Never longer than about `limit`.
 */
export function showBody(body: Uint8Array, limit = SHOWN_CHARS): string {
  if (body.byteLength === 0) return "(empty body)";
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    text = "\0"; // not UTF-8: binary
  }
  if (text.includes("\0")) {
    return `(binary body: ${body.byteLength} bytes, sha256 ${createHash("sha256").update(body).digest("hex")})`;
  }
  const { shown, complete } = isJson(text) ? indentJson(text, limit) : { shown: text.slice(0, limit), complete: text.length <= limit };
  const rest = complete ? "" : `\n… (${body.byteLength} bytes in all; the rest is not shown)`;
  return printable(shown.replace(/\n$/, "")) + rest;
}

/** Every line of `text` indented by two spaces. */
export const indent = (text: string): string => text.replace(/^/gm, "  ");

/** What a verified result proves, on one line: scheme, secret, and id / timestamp when signed. */
export function verdict(verified: { scheme: string; secretIndex: number; timestamp?: number; id?: string; eventId?: string }): string {
  const parts = [`scheme ${verified.scheme}`, `secret #${verified.secretIndex}`];
  if (verified.id !== undefined) parts.push(`id ${printable(verified.id)}`);
  if (verified.eventId !== undefined && verified.eventId !== verified.id) parts.push(`event ${printable(verified.eventId)}`);
  if (verified.timestamp !== undefined) parts.push(`timestamp ${verified.timestamp} (${new Date(verified.timestamp * 1000).toISOString()})`);
  return parts.join(", ");
}

/** What to check after a refusal, by error code: the likely causes, most likely first. */
export function hint(code: string, scheme: Scheme, options: { maxBodyBytes: number; url?: string }): string {
  switch (code) {
    case "missing_header":
      return `the delivery has no ${scheme.signatureHeader} header: is --scheme the sender's scheme, and does a proxy on the way drop the header?`;
    case "malformed_header":
      return `the ${scheme.signatureHeader} header is not in ${scheme.name}'s format: is --scheme the sender's scheme?`;
    case "no_matching_signature":
      return (
        "wrong secret (does --secret-env / --secret-file hold the sender's current secret?), or the body was altered on the way " +
        "(a proxy, or a body parser that re-serialized the JSON)" +
        (scheme.signsUrl ? `; ${scheme.name} also signs the URL: pass the one the sender used as --url` : "")
      );
    case "timestamp_too_old":
    case "timestamp_too_new":
      return "the sender's clock and this machine's differ, or this is an old delivery sent again (a replay or a late retry); --tolerance widens the window";
    case "payload_too_large":
      return `the body is over --max-body-bytes (${options.maxBodyBytes}); raise it if this sender is legitimate`;
    case "body_timeout":
      return "the body did not arrive in time: the sender stalled or the connection is slow";
    default:
      return `the ${CHECKS[code] ?? "verification"} check`;
  }
}
