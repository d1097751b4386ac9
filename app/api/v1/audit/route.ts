import { searchAudit } from "@/lib/audit/store";
import { presentAuditRow } from "@/lib/audit/present";
import { AuditFiltersSchema } from "@/lib/contracts/audit";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

/** Operators' audit search: filters in the query string, newest first, `before` for the next page. */
export const GET = withUser({ permission: "console:read" }, async ({ request }) => {
  const filters = AuditFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { entries, nextBefore } = await searchAudit(filters);
  return { entries: entries.map(presentAuditRow), nextBefore: nextBefore?.toString() ?? null };
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
