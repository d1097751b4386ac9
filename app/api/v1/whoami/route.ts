import { whoamiOperation } from "@/lib/contracts/actions";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(whoamiOperation, async ({ agent }) => ({
  agent: { id: agent.id, name: agent.name, labels: agent.labels },
  key: { prefix: agent.keyPrefix, scopes: agent.scopes },
}));

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
