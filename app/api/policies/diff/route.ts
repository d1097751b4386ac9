import { diffVersionsOperation } from "@/lib/contracts/policies";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { diffVersions } from "@/lib/policy/studio-store";

export const GET = route(diffVersionsOperation, ({ query }) => diffVersions(query.from, query.to));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
