import { integrateAll, verifyDatabase } from "@/lib/audit/service";
import { verifyAuditOperation } from "@/lib/contracts/audit";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

/** The Audit page's Verify button; the same check as npm run audit:verify. */
export const POST = route(verifyAuditOperation, async () => {
  await integrateAll();
  return verifyDatabase();
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
