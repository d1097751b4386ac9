import { agentStatus } from "@/lib/actions/service";
import { withAgent } from "@/lib/http/with-agent";

/** Is this agent (or the fleet) halted, and which policy version is in force. */
export const GET = withAgent({}, async ({ agent }) => agentStatus(agent));
