import { getApprovalView } from "@/lib/approvals/inbox-store";
import { approvalViewOperation } from "@/lib/contracts/approvals";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(approvalViewOperation, ({ user, params }) => getApprovalView(params.id, user));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
