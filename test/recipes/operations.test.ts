// The operations recipes (docs/operations.md) with the real packages: OpenTelemetry metrics
// read back through an in-memory exporter, prom-client's exposition text, and pino audit lines.
// Then the proof that observing is payload-free: every emitted event, log line and metric is
// searched for the secret, the signatures and a marker inside the payload.
import { Writable } from "node:stream";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import pino from "pino";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as node from "../../src/node.js";
import type { Scheme, VerificationEvent } from "../../src/index.js";
import { auditObserver } from "./operations/audit-log.js";
import { openTelemetryObserver } from "./operations/opentelemetry.js";
import { prometheusObserver } from "./operations/prometheus.js";

const { github, memoryReplayStore, sign, standardWebhooks, stripe } = root;

/** Everything the observers emitted, as text. */
function sinks() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const registry = new Registry();
  const events: VerificationEvent[] = [];
  const observers = [
    (event: VerificationEvent) => void events.push(event),
    openTelemetryObserver(provider.getMeter("webhooks")),
    prometheusObserver(registry),
    auditObserver(pino({ base: null }, destination)),
  ];
  const observe = (event: VerificationEvent) => {
    for (const observer of observers) observer(event);
  };
  return {
    observe,
    events,
    lines,
    registry,
    async otel() {
      await reader.forceFlush();
      return exporter.getMetrics();
    },
    shutdown: () => provider.shutdown(),
  };
}

describe("OpenTelemetry, Prometheus and pino recipes", () => {
  const out = sinks();
  afterAll(() => out.shutdown());

  it("count outcomes by scheme and code, record durations, and log one line per delivery", async () => {
    const secret = root.generateSecret();
    const payload = JSON.stringify({ id: "evt_1", type: "invoice.paid" });
    const headers = await sign(stripe, { secret, payload });
    for (let i = 0; i < 3; i++) await root.verify(stripe, { secret, payload, headers, observe: out.observe });
    await root.verify(stripe, { secret, payload: payload + " ", headers, observe: out.observe }).catch(() => {});
    await root.verify(github, { secret, payload, headers: {}, observe: out.observe }).catch(() => {});

    const [resourceMetrics] = await out.otel();
    const byName = new Map(resourceMetrics!.scopeMetrics.flatMap((scope) => scope.metrics).map((metric) => [metric.descriptor.name, metric]));
    const counter = byName.get("webhook.verifications")!;
    const counts = counter.dataPoints.map((point) => [point.attributes["webhook.scheme"], point.attributes["webhook.outcome"], point.value]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ["stripe", "accepted", 3],
        ["stripe", "no_matching_signature", 1],
        ["github", "missing_header", 1],
      ]),
    );
    const histogram = byName.get("webhook.verification.duration")!;
    expect(histogram.descriptor.unit).toBe("ms");
    const accepted = histogram.dataPoints.find((point) => point.attributes["webhook.outcome"] === "accepted")!;
    expect((accepted.value as { count: number }).count).toBe(3);

    const text = await out.registry.metrics();
    expect(text).toContain('webhook_verifications_total{scheme="stripe",outcome="accepted"} 3');
    expect(text).toContain('webhook_verifications_total{scheme="stripe",outcome="no_matching_signature"} 1');
    expect(text).toContain('webhook_verification_duration_seconds_count{scheme="github",outcome="missing_header"} 1');

    expect(out.lines).toHaveLength(5);
    const first = JSON.parse(out.lines[0]!) as { level: number; msg: string; webhook: VerificationEvent };
    expect(first).toMatchObject({ level: 30, msg: "webhook accepted", webhook: { scheme: "stripe", outcome: "accepted", secretIndex: 0, eventId: "evt_1" } });
    expect(JSON.parse(out.lines[3]!)).toMatchObject({ level: 40, msg: "webhook refused", webhook: { outcome: "no_matching_signature" } });
  });
});

describe("observing is payload-free", () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("no event, log line or metric carries the secret, a signature or the payload", async () => {
    const out = sinks();
    const MARKER = "PAYLOAD-MARKER-7f3a9c";
    const secretOf = (scheme: Scheme) => (scheme === standardWebhooks ? root.generateSecret() : `${MARKER.toLowerCase()}-never-logged-secret`);
    const forbidden: string[] = [MARKER];
    const replay = memoryReplayStore();

    const deliveries: (() => Promise<unknown>)[] = [];
    for (const scheme of [github, stripe, standardWebhooks] as Scheme[]) {
      const secret = secretOf(scheme);
      forbidden.push(secret, secret.replace(/^whsec_/, ""));
      const payload = JSON.stringify({ id: `evt_${MARKER}`.slice(0, 12), note: MARKER, nested: { token: MARKER } });
      const headers = await sign(scheme, { secret, payload });
      const signature = headers[scheme.signatureHeader]!;
      forbidden.push(signature, ...signature.split(/[ ,=]/).filter((part) => part.length >= 20));
      const observe = out.observe;
      deliveries.push(
        () => root.verify(scheme, { secret, payload, headers, observe }),
        () => root.verify(scheme, { secret, payload: payload.replace("note", "NOTE"), headers, observe }),
        () => root.verify(scheme, { secret: secretOf(github) + "x", payload, headers, observe }),
        () => root.verify(scheme, { secret, payload, headers, observe, replay }),
        () => root.verify(scheme, { secret, payload, headers, observe, replay }), // replayed
        async () => node.verifySync(scheme, { secret, payload, headers, observe }),
        () => root.createVerifier(scheme, { secret, observe })({ payload, headers }),
        () => root.verifyRequest(scheme, new Request("https://example.com/", { method: "POST", body: payload, headers }), { secret, observe }),
        () => root.webhookHandler(scheme, { secret, observe }, () => new Response(null, { status: 204 }))(new Request("https://example.com/", { method: "POST", body: payload, headers })),
        () => root.verify(scheme, { secret, payload: { parsed: MARKER } as never, headers, observe }),
      );
      // The Node helpers too, over a real connection.
      const middleware = node.webhookMiddleware(scheme, { secret, observe });
      server?.close();
      server = createServer((req, res) => middleware(req, res, () => res.writeHead(204).end()));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as AddressInfo).port;
      for (const body of [payload, payload + MARKER]) {
        await new Promise<void>((resolve, reject) => {
          const req = httpRequest({ host: "127.0.0.1", port, method: "POST", headers }, (res) => res.resume().on("end", resolve));
          req.on("error", reject);
          req.end(body);
        });
      }
    }
    for (const delivery of deliveries) await delivery().catch(() => {});

    const texts = [...out.events.map((event) => JSON.stringify(event)), ...out.lines, await out.registry.metrics(), JSON.stringify(await out.otel())];
    expect(out.events.length).toBe(36); // every delivery observed once
    expect(out.lines.length).toBe(36);
    expect(new Set(out.events.map((event) => event.outcome))).toEqual(new Set(["accepted", "no_matching_signature", "invalid_secret", "replayed", "error"]));
    for (const text of texts) for (const value of forbidden) expect(text.includes(value), `${value.slice(0, 12)}… in ${text.slice(0, 80)}`).toBe(false);
    await out.shutdown();
  });
});
