import { draftDiffOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { draftDiff } from "@/lib/policy/studio-store";

export const GET = route(draftDiffOperation, ({ params }) => draftDiff(params.id));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
