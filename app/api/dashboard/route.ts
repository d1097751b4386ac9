import { dashboardOperation } from "@/lib/contracts/dashboard";
import { dashboard } from "@/lib/dashboard/service";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(dashboardOperation, ({ query }) => dashboard(query));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
