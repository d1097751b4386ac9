import { openApiOperation } from "@/lib/contracts/system";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-static";

export const GET = route(openApiOperation, async () => openApiDocument());

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
