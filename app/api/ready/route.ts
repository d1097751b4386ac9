import { readiness } from "@/lib/server/readiness";

// Readiness: the database answers and every committed migration is applied.
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await readiness();
  return Response.json(report, { status: report.status === "ready" ? 200 : 503 });
}
