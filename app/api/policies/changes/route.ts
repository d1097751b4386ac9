import { listChangesOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { listPendingChanges } from "@/lib/policy/change-store";

export const dynamic = "force-dynamic";

export const GET = route(listChangesOperation, async ({ user }) => ({ changes: await listPendingChanges(user) }));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
