import { reviewChangeOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { reviewChangeRequest } from "@/lib/policy/change-service";

export const POST = route(reviewChangeOperation, ({ user, params, body }) =>
  reviewChangeRequest(params.id, user, body.decision, body.comment),
);

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
