import { listInbox } from "@/lib/approvals/inbox-store";
import { inboxOperation } from "@/lib/contracts/approvals";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(inboxOperation, ({ user }) => listInbox(user));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
