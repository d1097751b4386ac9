import { getChangeOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { getChangeView } from "@/lib/policy/change-store";

export const dynamic = "force-dynamic";

export const GET = route(getChangeOperation, ({ user, params }) => getChangeView(params.id, user));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
