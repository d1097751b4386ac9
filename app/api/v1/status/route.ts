import { agentStatus } from "@/lib/actions/service";
import { withAgent } from "@/lib/http/with-agent";
import { methodNotAllowed } from "@/lib/http/respond";

/** Is this agent (or the fleet) halted, and which policy version is in force. */
export const GET = withAgent({}, async ({ agent }) => agentStatus(agent));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
