import { metrics, type Meter } from "@opentelemetry/api";
import type { VerificationEvent } from "../../../src/index.js";

/** An observer that counts verifications by scheme and outcome, and records their durations. */
export function openTelemetryObserver(meter: Meter = metrics.getMeter("webhooks")) {
  const verifications = meter.createCounter("webhook.verifications", {
    description: "Webhook deliveries verified, by scheme and outcome (accepted, or the error code)",
  });
  const duration = meter.createHistogram("webhook.verification.duration", { unit: "ms", description: "Time to verify one delivery" });
  return (event: VerificationEvent): void => {
    const attributes = { "webhook.scheme": event.scheme, "webhook.outcome": event.outcome };
    verifications.add(1, attributes);
    duration.record(event.durationMs, attributes);
  };
}
