import { metrics } from "./metrics";
import { annotate, traced } from "./tracing";

// API requests, as the route wrapper serves them: each in a span named after its operation
// (the decision is `gatehouse.submitAction`), timed by the operation's path template (a
// bounded label, whatever ids are asked for).

/** Runs a request's work in its span and times it; `run` gets the arrival (performance.now() time). */
export async function observeRequest(
  request: Request,
  operation: { operationId: string; path: string },
  run: (receivedAt: number) => Promise<Response>,
): Promise<Response> {
  const receivedAt = performance.now();
  const response = await traced(
    `gatehouse.${operation.operationId}`,
    async () => {
      const answer = await run(receivedAt);
      annotate({ "http.response.status_code": answer.status });
      return answer;
    },
    { "http.request.method": request.method, "http.route": operation.path },
  );
  metrics().httpSeconds.observe(
    { method: request.method, route: operation.path, status: String(response.status) },
    (performance.now() - receivedAt) / 1000,
  );
  return response;
}
