import { metrics } from "./metrics";
import { annotate, traced } from "./tracing";

// API requests: duration by route template (the route's dynamic segments named, so the
// label stays bounded whatever ids are asked for) and, when the route names one, a span
// around the whole request.

type Params = Record<string, string | string[]>;

/** `/api/v1/actions/3f…/result` with params { id: "3f…" } → `/api/v1/actions/{id}/result`. */
export function routeTemplate(pathname: string, params: Params): string {
  const names = new Map(Object.entries(params).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [encodeURIComponent(v), name] as const)));
  return pathname
    .split("/")
    .map((segment) => (names.has(segment) ? `{${names.get(segment)}}` : segment))
    .join("/");
}

/**
 * Runs a route's work, timing it into gatehouse_http_request_duration_seconds; with a
 * span name, inside that span (its children: the key check, the policy, the transaction).
 * `receivedAt` is the request's arrival, in performance.now() time.
 */
export async function observeRequest(
  request: Request,
  params: Params,
  span: string | undefined,
  run: (receivedAt: number) => Promise<Response>,
): Promise<Response> {
  const receivedAt = performance.now();
  const route = routeTemplate(new URL(request.url).pathname, params);
  const work = async () => {
    const response = await run(receivedAt);
    annotate({ "http.route": route, "http.response.status_code": response.status });
    return response;
  };
  const response = span ? await traced(span, work, { "http.request.method": request.method, "http.route": route }) : await work();
  metrics().httpSeconds.observe({ method: request.method, route, status: String(response.status) }, (performance.now() - receivedAt) / 1000);
  return response;
}
