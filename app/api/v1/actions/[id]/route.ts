import { waitForAction } from "@/lib/actions/service";
import { getActionOperation } from "@/lib/contracts/actions";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(getActionOperation, ({ agent, params, query, request }) =>
  waitForAction(agent.id, params.id, query.wait, request.signal),
);

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
