import { integrateAll, verifyDatabase } from "@/lib/audit/service";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

/** Verifies the whole live trail (the Audit page's Verify button; the same check as npm run audit:verify). */
export const POST = withUser({ permission: "console:read" }, async () => {
  await integrateAll();
  return verifyDatabase();
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
