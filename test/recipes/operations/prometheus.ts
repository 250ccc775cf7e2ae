import { Counter, Histogram, register, type Registry } from "prom-client";
import type { VerificationEvent } from "../../../src/index.js";

/** An observer that feeds webhook_verifications_total and webhook_verification_duration_seconds. */
export function prometheusObserver(registry: Registry = register) {
  const verifications = new Counter({
    name: "webhook_verifications_total",
    help: "Webhook deliveries verified, by scheme and outcome (accepted, or the error code)",
    labelNames: ["scheme", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "webhook_verification_duration_seconds",
    help: "Time to verify one delivery",
    labelNames: ["scheme", "outcome"],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [registry],
  });
  return (event: VerificationEvent): void => {
    const labels = { scheme: event.scheme, outcome: event.outcome };
    verifications.inc(labels);
    duration.observe(labels, event.durationMs / 1000);
  };
}
