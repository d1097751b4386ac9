import { publishDraftOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { publishDraft } from "@/lib/policy/publish-service";

export const POST = route(publishDraftOperation, ({ user, params, body }) => publishDraft({ draftId: params.id, ...body }, user));

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
