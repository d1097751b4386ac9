import { recordResult } from "@/lib/actions/service";
import { reportResultOperation } from "@/lib/contracts/actions";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const POST = route(reportResultOperation, ({ agent, params, body }) => recordResult(agent, params.id, body));

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
