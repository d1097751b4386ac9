import { readinessOperation } from "@/lib/contracts/system";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { readiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

export const GET = route(readinessOperation, async () => {
  const report = await readiness();
  return Response.json(report, { status: report.status === "ready" ? 200 : 503 });
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
