import { agentStatus } from "@/lib/actions/service";
import { statusOperation } from "@/lib/contracts/actions";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(statusOperation, ({ agent }) => agentStatus(agent));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
