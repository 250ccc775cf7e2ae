import type { Logger } from "pino";
import type { VerificationEvent } from "../../../src/index.js";

/**
 * An observer that writes one audit line per delivery: what was proven (scheme, secret index,
 * ids) or why it was refused. The event holds no secret, signature or payload, so neither does the line.
 */
export function auditObserver(logger: Logger) {
  return (event: VerificationEvent): void => {
    if (event.outcome === "accepted") logger.info({ webhook: event }, "webhook accepted");
    else logger.warn({ webhook: event }, "webhook refused");
  };
}
