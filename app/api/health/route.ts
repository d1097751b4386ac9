import { methodNotAllowed } from "@/lib/http/respond";

// Liveness: the process is up and serving. No dependencies checked here on purpose.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
