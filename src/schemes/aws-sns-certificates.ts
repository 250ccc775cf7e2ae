// SNS signing certificates: fetched with a timeout and a size bound, their RSA key kept (no
// chain or date is validated: trust comes from the fixed AWS host, by https, see aws-sns-url.ts),
// cached, and fetched at most a few times a minute so forged messages cannot make us a fetch amplifier.
import type { PublicKeyHandle } from "../crypto/types.js";
import { KeySetError } from "../keys/key-set-error.js";
import { publicKeyOf } from "../keys/public-key.js";
import { callOnce, calls, readBounded, type Calls } from "./aws-sns-calls.js";

/** How long a fetched certificate is used, in ms (AWS rotates them rarely, and announces it). */
const CERTIFICATE_TTL_MS = 86_400_000; // 24 hours
/** Longest certificate answer read (PEM of a certificate is base64 of its DER, with line breaks). */
const MAX_PEM_BYTES = 32_768; // twice MAX_CERTIFICATE_BYTES: room for the base64 and its line breaks

export const DEFAULT_TIMEOUT_MS = 5000;

/** A certificate source: the fetch to use, its timeout, and its own cache and rate. */
export interface CertificateSource {
  readonly fetch: typeof fetch | undefined;
  readonly timeoutMs: number;
  readonly calls: Calls<PublicKeyHandle>;
}

export const certificateSource = (fetchImpl: typeof fetch | undefined, timeoutMs: number): CertificateSource => ({
  fetch: fetchImpl,
  timeoutMs,
  calls: calls(),
});

const keySetError = (message: string) => new KeySetError(message);

async function download(source: CertificateSource, url: string): Promise<PublicKeyHandle> {
  const fetchImpl = source.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new KeySetError("no fetch() is available to get the SNS signing certificate: pass awsSns({ fetch })");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), source.timeoutMs);
  let text: string;
  try {
    const response = await fetchImpl(url, { signal: controller.signal, redirect: "error" });
    if (response.status !== 200) throw new KeySetError(`the SNS signing certificate could not be fetched: status ${response.status}`);
    text = await readBounded(response, MAX_PEM_BYTES, "the SNS signing certificate answer", keySetError);
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
export const certificateKey = (source: CertificateSource, url: string, nowMs?: number): PublicKeyHandle | Promise<PublicKeyHandle> =>
  callOnce(source.calls, url, CERTIFICATE_TTL_MS, () => download(source, url), () => new KeySetError("too many SNS signing certificates were fetched in the last minute; try again later"), nowMs);
