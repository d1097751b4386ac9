import { presentAgent } from "@/lib/agents/present";
import { createAgent, listAgents } from "@/lib/agents/service";
import { userActor } from "@/lib/audit/entry";
import { createAgentOperation, listAgentsOperation } from "@/lib/contracts/agents";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

// Operator API (session cookie): the same operations as the Agents page.

export const GET = route(listAgentsOperation, async () => ({
  agents: (await listAgents()).map((a) => ({ ...presentAgent(a), owner: a.owner?.email ?? null, activeKeys: a.apiKeys.length })),
}));

export const POST = route(createAgentOperation, async ({ user, body }) => ({
  agent: presentAgent(await createAgent(body, userActor(user))),
}));

const otherMethods = methodNotAllowed("GET", "POST");
export { otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
