import { createDraftOperation, listDraftsOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { createDraft } from "@/lib/policy/draft-service";
import { draftsView, draftView } from "@/lib/policy/studio-store";

export const dynamic = "force-dynamic";

export const GET = route(listDraftsOperation, ({ user }) => draftsView(user));

export const POST = route(createDraftOperation, async ({ user, body }) => draftView((await createDraft(body, user)).id, user));

const otherMethods = methodNotAllowed("GET", "POST");
export { otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
