import { metricsOperation } from "@/lib/contracts/system";
import { env } from "@/lib/env";
import { UnauthorizedError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { metricsAccess } from "@/lib/observability/access";
import { metrics } from "@/lib/observability/metrics";
import { collectSharedState } from "@/lib/observability/shared-state-store";

export const dynamic = "force-dynamic";

/** Token or loopback (lib/observability/access.ts); without the database the scrape fails, and Prometheus sees the target down. */
export const GET = route(metricsOperation, async ({ request }) => {
  const access = metricsAccess(request.headers, env().GATEHOUSE_METRICS_TOKEN);
  if (!access.ok) throw new UnauthorizedError(access.message);
  await collectSharedState();
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
