import { searchAudit } from "@/lib/audit/store";
import { presentAuditRow } from "@/lib/audit/present";
import { searchAuditOperation } from "@/lib/contracts/audit";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(searchAuditOperation, async ({ query }) => {
  const { entries, nextBefore } = await searchAudit(query);
  return { entries: entries.map(presentAuditRow), nextBefore: nextBefore?.toString() ?? null };
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
