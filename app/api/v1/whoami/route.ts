import { withAgent } from "@/lib/http/with-agent";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = withAgent({}, async ({ agent }) => ({
  agent: { id: agent.id, name: agent.name, labels: agent.labels },
  key: { prefix: agent.keyPrefix, scopes: agent.scopes },
}));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
