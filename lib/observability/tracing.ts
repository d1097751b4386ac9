import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

// Traces through OpenTelemetry's API. Without OTEL_EXPORTER_OTLP_ENDPOINT no SDK is
// started (lib/observability/otel.ts) and every span here is a no-op costing nanoseconds.

const tracer = () => trace.getTracer("gatehouse");

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === "function";

function fail(span: Span, error: unknown) {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Runs `fn` in a span that is active for everything it calls (child spans, log lines), ended when it settles. */
export function traced<T>(name: string, fn: (span: Span) => T, attributes?: Attributes): T {
  return tracer().startActiveSpan(name, { attributes }, (span) => {
    try {
      const result = fn(span);
      if (!isPromise(result)) {
        span.end();
        return result;
      }
      return result.then(
        (value) => (span.end(), value),
        (error) => {
          fail(span, error);
          span.end();
          throw error;
        },
      ) as T;
    } catch (error) {
      fail(span, error);
      span.end();
      throw error;
    }
  });
}

/** Adds attributes to the active span, if any (e.g. the decision's outcome once known). */
export function annotate(attributes: Attributes) {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** The active trace and span ids, for log lines; undefined outside a sampled span. */
export function traceIds(): { trace_id: string; span_id: string } | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !trace.isSpanContextValid(context)) return undefined;
  return { trace_id: context.traceId, span_id: context.spanId };
}
