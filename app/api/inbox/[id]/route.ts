import { z } from "zod";
import { getApprovalView } from "@/lib/approvals/inbox";
import { NotFoundError } from "@/lib/errors";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** One approval request in full, and whether the signed-in user may vote on it now. */
export const GET = withUser({ permission: "console:read" }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError("Approval request");
  return getApprovalView(id.data, user);
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
