import { readiness } from "@/lib/server/readiness";
import { methodNotAllowed } from "@/lib/http/respond";

// Readiness: the database answers and every committed migration is applied.
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await readiness();
  return Response.json(report, { status: report.status === "ready" ? 200 : 503 });
}

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
