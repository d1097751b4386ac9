import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { env } from "../env";
import { log } from "../log";
import pkg from "../../package.json";
import { processSlot } from "../process-singleton";

// The OpenTelemetry SDK, started once per server process when OTEL_EXPORTER_OTLP_ENDPOINT
// is set: spans go in batches to that OTLP/HTTP receiver (JSON encoding; the exporter also
// honours OTEL_EXPORTER_OTLP_HEADERS and OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). Next.js' own
// request spans are exported too, as parents of Gatehouse's.

const providerSlot = processSlot<NodeTracerProvider>("otel-provider");

export function startTracing(): NodeTracerProvider | undefined {
  const { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME } = env();
  if (!endpoint || providerSlot.get()) return providerSlot.get();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: OTEL_SERVICE_NAME, [ATTR_SERVICE_VERSION]: pkg.version }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 })],
  });
  provider.register();
  providerSlot.set(provider);
  log.info("tracing to OpenTelemetry", { endpoint: new URL(endpoint).origin });
  return provider;
}

/** Sends what is buffered and stops (on shutdown). */
export async function stopTracing() {
  const provider = providerSlot.get();
  providerSlot.set(undefined);
  await provider?.shutdown();
}
