import { openApiDocument } from "@/lib/openapi/document";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument());
}

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
