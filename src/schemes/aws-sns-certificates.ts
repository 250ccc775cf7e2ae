// SNS signing certificates: fetched with a timeout and a size bound, their RSA key kept (no
// chain or date is validated: trust comes from the fixed AWS host, by https, see aws-sns-url.ts),
// cached, and fetched at most a few times a minute so forged messages cannot make us a fetch amplifier.
import type { PublicKeyHandle } from "../crypto/types.js";
import { KeySetError } from "../keys/key-set-error.js";
import { MAX_CERTIFICATE_BYTES } from "../keys/certificate.js";
import { publicKeyOf } from "../keys/public-key.js";
import { decoder } from "../lib/bytes.js";

/** How long a fetched certificate is used, in ms (AWS rotates them rarely, and announces it). */
const CERTIFICATE_TTL_MS = 24 * 60 * 60 * 1000;
/** Most certificates kept. SNS uses one per region at a time. */
const MAX_CACHED = 16;
/** Most fetches started per minute, per scheme: messages naming new certificate URLs beyond it are refused (503). */
const MAX_FETCHES_PER_MINUTE = 10;
/** Longest certificate answer read (PEM of a certificate is base64 of its DER, with line breaks). */
const MAX_PEM_BYTES = 2 * MAX_CERTIFICATE_BYTES;

export const DEFAULT_TIMEOUT_MS = 5000;

interface Cached {
  readonly key: Promise<PublicKeyHandle>;
  readonly expires: number;
  settled?: PublicKeyHandle;
}

/** A certificate source: the fetch to use, its timeout, and its own cache and rate. */
export interface CertificateSource {
  readonly fetch: typeof fetch | undefined;
  readonly timeoutMs: number;
  readonly cache: Map<string, Cached>;
  readonly fetchTimes: number[];
}

export const certificateSource = (fetchImpl: typeof fetch | undefined, timeoutMs: number): CertificateSource => ({
  fetch: fetchImpl,
  timeoutMs,
  cache: new Map(),
  fetchTimes: [],
});

async function readBounded(response: Response, limit: number): Promise<string> {
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > limit) throw new KeySetError(`the SNS signing certificate answer is larger than ${limit} bytes`);
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new KeySetError(`the SNS signing certificate answer is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes);
}

async function download(source: CertificateSource, url: string): Promise<PublicKeyHandle> {
  const fetchImpl = source.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new KeySetError("no fetch() is available to get the SNS signing certificate: pass awsSns({ fetch })");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), source.timeoutMs);
  let text: string;
  try {
    const response = await fetchImpl(url, { signal: controller.signal, redirect: "error" });
    if (response.status !== 200) throw new KeySetError(`the SNS signing certificate could not be fetched: status ${response.status}`);
    text = await readBounded(response, MAX_PEM_BYTES);
  } catch (error) {
    if (error instanceof KeySetError) throw error;
    throw new KeySetError(controller.signal.aborted ? `the SNS signing certificate did not arrive within ${source.timeoutMs} ms` : "the SNS signing certificate could not be fetched", { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (!text.trimStart().startsWith("-----BEGIN CERTIFICATE-----")) throw new KeySetError("the SNS signing certificate answer is not a PEM certificate");
  try {
    const key = publicKeyOf(text, "the SNS signing certificate");
    if (key.type !== "rsa") throw new TypeError("the SNS signing certificate's key is not RSA");
    return key;
  } catch (error) {
    throw new KeySetError(`the SNS signing certificate is not usable: ${(error as Error).message}`, { cause: error });
  }
}

/** The key of the certificate at `url` (already checked by isSnsCertificateUrl): cached, or fetched once. */
export function certificateKey(source: CertificateSource, url: string, nowMs: number = Date.now()): PublicKeyHandle | Promise<PublicKeyHandle> {
  const cached = source.cache.get(url);
  if (cached !== undefined && cached.expires > nowMs) return cached.settled ?? cached.key;
  const times = source.fetchTimes;
  while (times.length > 0 && times[0]! <= nowMs - 60_000) times.shift();
  if (times.length >= MAX_FETCHES_PER_MINUTE) {
    return Promise.reject(new KeySetError("too many SNS signing certificates were fetched in the last minute; try again later"));
  }
  times.push(nowMs);
  const entry: Cached = {
    expires: nowMs + CERTIFICATE_TTL_MS,
    key: download(source, url).then(
      (key) => (entry.settled = key),
      (error: unknown) => {
        if (source.cache.get(url) === entry) source.cache.delete(url); // a failure is never kept
        throw error;
      },
    ),
  };
  source.cache.delete(url);
  if (source.cache.size >= MAX_CACHED) source.cache.delete(source.cache.keys().next().value!);
  source.cache.set(url, entry);
  return entry.key;
}
