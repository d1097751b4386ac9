import { discardDraftOperation, getDraftOperation, saveDraftOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { discardDraft, saveDraft } from "@/lib/policy/draft-service";
import { draftView } from "@/lib/policy/studio-store";

export const GET = route(getDraftOperation, ({ user, params }) => draftView(params.id, user));

export const PUT = route(saveDraftOperation, ({ user, params, body }) => saveDraft({ id: params.id, ...body }, user));

export const DELETE = route(discardDraftOperation, ({ user, params }) => discardDraft(params.id, user));

const otherMethods = methodNotAllowed("GET", "PUT", "DELETE");
export { otherMethods as POST, otherMethods as PATCH };
