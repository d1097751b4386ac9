// Liveness: the process is up and serving. No dependencies checked here on purpose.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
