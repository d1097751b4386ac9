import { presentApiKey } from "@/lib/agents/present";
import { revokeApiKey } from "@/lib/agents/service";
import { userActor } from "@/lib/audit/entry";
import { revokeKeyOperation } from "@/lib/contracts/agents";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const DELETE = route(revokeKeyOperation, async ({ user, params }) => {
  const { apiKey } = await revokeApiKey({ keyId: params.id }, userActor(user));
  return { apiKey: presentApiKey(apiKey) };
});

const otherMethods = methodNotAllowed("DELETE");
export { otherMethods as GET, otherMethods as POST, otherMethods as PUT, otherMethods as PATCH };
