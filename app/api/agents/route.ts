import { createAgent, listAgents } from "@/lib/agents/service";
import { actorOf } from "@/lib/auth/session";
import { CreateAgentSchema } from "@/lib/contracts/agents";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

// Operator API (session cookie): the same operations as the Agents page.

export const GET = withUser({ permission: "console:read" }, async () => {
  const agents = await listAgents();
  return {
    agents: agents.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      status: a.status,
      owner: a.owner?.email ?? null,
      activeKeys: a.apiKeys.length,
      createdAt: a.createdAt,
    })),
  };
});

export const POST = withUser({ permission: "agents:manage", body: CreateAgentSchema, status: 201 }, async ({ user, body }) => {
  const agent = await createAgent(body, actorOf(user));
  return { agent: { id: agent.id, name: agent.name, description: agent.description, status: agent.status, createdAt: agent.createdAt } };
});

const otherMethods = methodNotAllowed("GET", "POST");
export { otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
