import { listInbox } from "@/lib/approvals/inbox";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** What the signed-in user may decide now, the soonest deadline first. */
export const GET = withUser({ permission: "approvals:decide" }, async ({ user }) => listInbox(user));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
