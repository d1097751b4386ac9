import { rebaseDraftOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { rebaseDraft } from "@/lib/policy/draft-service";

export const POST = route(rebaseDraftOperation, ({ user, params, body }) => rebaseDraft({ id: params.id, ...body }, user));

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
