import { decisionKeysOperation } from "@/lib/contracts/system";
import { decisionPublicJwks } from "@/lib/decision-token/service";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

// Public keys, so no authentication: a tool fetches them once, caches them, and verifies every token offline.
export const dynamic = "force-dynamic";

export const GET = route(decisionKeysOperation, async () =>
  Response.json(await decisionPublicJwks(), { headers: { "Cache-Control": "public, max-age=300" } }),
);

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
