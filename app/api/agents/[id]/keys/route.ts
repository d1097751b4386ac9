import { presentApiKey } from "@/lib/agents/present";
import { issueApiKey } from "@/lib/agents/service";
import { userActor } from "@/lib/audit/entry";
import { issueKeyOperation } from "@/lib/contracts/agents";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const POST = route(issueKeyOperation, async ({ user, body, params }) => {
  const { key, apiKey } = await issueApiKey({ ...body, agentId: params.id }, userActor(user));
  return { key, apiKey: presentApiKey(apiKey) };
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
