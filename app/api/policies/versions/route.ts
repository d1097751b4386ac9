import { listVersionsOperation } from "@/lib/contracts/policies";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { versionsView } from "@/lib/policy/studio-store";

export const dynamic = "force-dynamic";

export const GET = route(listVersionsOperation, () => versionsView());

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
