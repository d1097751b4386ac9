import { getVersionOperation } from "@/lib/contracts/policies";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { versionView } from "@/lib/policy/studio-store";

export const GET = route(getVersionOperation, ({ params }) => versionView(params.version));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
