import { env } from "@/lib/env";
import { metricsAccess } from "@/lib/observability/access";
import { metrics } from "@/lib/observability/metrics";
import { collectSharedState } from "@/lib/observability/shared-state";
import { methodNotAllowed, toHttpResponse } from "@/lib/http/respond";
import { UnauthorizedError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Prometheus metrics (text format): with GATEHOUSE_METRICS_TOKEN as a bearer token, or from loopback when none is set. */
export async function GET(request: Request) {
  const access = metricsAccess(request.headers, env().GATEHOUSE_METRICS_TOKEN);
  if (!access.ok) return toHttpResponse(new UnauthorizedError(access.message), { "WWW-Authenticate": 'Bearer realm="gatehouse-metrics"' });
  // Without the database the gauges cannot be read: the scrape fails (500), and Prometheus sees the target down.
  return scrape().catch((error) => toHttpResponse(error));
}

async function scrape() {
  await collectSharedState();
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
