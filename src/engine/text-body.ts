// A string body handed to a scheme's content() without encoding it first. content() receives
// `body` as bytes (the public SignedMessage contract); most schemes only place it among their
// parts ([`${t}.`, body]). So content() is first given a stand-in that records any use of it:
// if it only passed the stand-in through, the string takes the stand-in's place and reaches
// the crypto provider as text; if it looked inside (or threw), the caller encodes the body
// and calls content() again, so a scheme that reads its body sees the real bytes.
import type { Part } from "../lib/bytes.js";
import type { Scheme, SignedMessage } from "../schemes/scheme.js";

let touched = false;

// Every trap records the use, then behaves as an empty array would: content() that reads the
// stand-in gets nonsense, but its result is thrown away. Made by a call marked pure: a bundle
// that never reaches textContent() (a shared chunk of the build holds this module) drops it.
function recordingHandler(): ProxyHandler<Uint8Array> {
  const recorder: ProxyHandler<Uint8Array> = {};
  for (const trap of ["get", "set", "has", "ownKeys", "getOwnPropertyDescriptor", "defineProperty", "deleteProperty", "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions"] as const) {
    (recorder as Record<string, unknown>)[trap] = (...args: unknown[]) => {
      touched = true;
      return (Reflect[trap] as (...args: unknown[]) => unknown)(...args);
    };
  }
  return recorder;
}

/** Whatever content() reads of it is recorded; it stays inert if content() keeps it. */
const STAND_IN: Uint8Array = /* @__PURE__ */ new Proxy(/* @__PURE__ */ new Uint8Array(0), /* @__PURE__ */ recordingHandler());

/** Returned when content() looked inside the body: call it again with the body's bytes. */
export const NEEDS_BYTES = /* @__PURE__ */ Symbol("needs bytes");

/**
 * The parts of `fields` with the string `body`, or undefined when the scheme says no signature
 * can cover the message, or {@link NEEDS_BYTES}.
 */
export function textContent(
  scheme: Scheme,
  body: string,
  timestamp: string | undefined,
  id: string | undefined,
  url: string | undefined,
  bodyDigest: Uint8Array | undefined,
): readonly Part[] | undefined | typeof NEEDS_BYTES {
  touched = false;
  let parts: readonly Part[] | undefined;
  try {
    const message: SignedMessage = { body: STAND_IN, timestamp, id, url, bodyDigest };
    parts = scheme.content(message);
  } catch {
    return NEEDS_BYTES; // the real bytes will show whether it throws for them too
  }
  if (touched) return NEEDS_BYTES;
  if (parts === undefined) return undefined;
  let out: Part[] | undefined;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === STAND_IN) (out ??= parts.slice())[i] = body;
  }
  return out ?? parts;
}
