import { decisionPublicJwks } from "@/lib/decision-token/service";
import { methodNotAllowed } from "@/lib/http/respond";

// The JWKS that verifies decision tokens. Public keys, so no authentication: a tool
// fetches them once, caches them, and verifies every token offline.
export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await decisionPublicJwks(), { headers: { "Cache-Control": "public, max-age=300" } });
}

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
