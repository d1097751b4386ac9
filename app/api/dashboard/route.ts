import { DashboardQuerySchema } from "@/lib/contracts/dashboard";
import { dashboard } from "@/lib/dashboard/service";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The Dashboard's data for its URL state (range, from, to, agent, type, policy): tiles, series and rankings. */
export const GET = withUser({ permission: "console:read" }, async ({ request }) =>
  dashboard(DashboardQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))),
);

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
