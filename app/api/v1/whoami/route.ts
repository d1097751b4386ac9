import { withAgent } from "@/lib/http/with-agent";

export const GET = withAgent({}, async ({ agent }) => ({
  agent: { id: agent.id, name: agent.name, labels: agent.labels },
  key: { prefix: agent.keyPrefix, scopes: agent.scopes },
}));
