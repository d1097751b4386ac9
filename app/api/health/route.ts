import { healthOperation } from "@/lib/contracts/system";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(healthOperation, async () => ({ status: "ok" as const }));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
