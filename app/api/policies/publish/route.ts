import { publishPoliciesOperation } from "@/lib/contracts/policies";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { personPublisher, publishFiles } from "@/lib/policy/publish-service";

// GitOps: a pipeline publishes a folder's files (or opens a change request when review is required).
export const POST = route(publishPoliciesOperation, ({ user, body }) => publishFiles(body, personPublisher(user)));

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
