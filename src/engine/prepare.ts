// A scheme's per-message work (SchemeDefinition.prepare), done once: the engine and the
// definition probes both go through here, so variants and content always see `prepared`.
import type { Scheme, SignedMessage } from "../schemes/scheme.js";

/** `message` with what the scheme's `prepare` made of it; the message itself when it has none. */
export const preparedMessage = (scheme: Scheme, message: SignedMessage): SignedMessage =>
  scheme.prepare === undefined ? message : { ...message, prepared: scheme.prepare(message) };
