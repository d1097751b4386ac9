import { listHistory } from "@/lib/approvals/inbox-store";
import { approvalHistoryOperation } from "@/lib/contracts/approvals";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(approvalHistoryOperation, ({ query }) => listHistory(query));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
