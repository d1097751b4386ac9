import { rollbackPoliciesOperation } from "@/lib/contracts/policies";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { personPublisher, rollbackTo } from "@/lib/policy/publish-service";

export const POST = route(rollbackPoliciesOperation, ({ user, body }) => rollbackTo(body, personPublisher(user)));

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
