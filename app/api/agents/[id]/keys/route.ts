import { issueApiKey } from "@/lib/agents/service";
import { actorOf } from "@/lib/auth/session";
import { IssueKeySchema } from "@/lib/contracts/agents";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

const IssueKeyBody = IssueKeySchema.omit({ agentId: true }).strict();

/** Issues a key; the response is the only place the key ever appears. */
export const POST = withUser({ permission: "agents:manage", body: IssueKeyBody, status: 201 }, async ({ user, body, params }) => {
  const { key, apiKey } = await issueApiKey({ ...body, agentId: String(params.id) }, actorOf(user));
  return { key, apiKey };
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
