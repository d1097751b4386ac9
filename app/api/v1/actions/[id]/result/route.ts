import { recordResult } from "@/lib/actions/service";
import { ActionIdSchema, ActionResultSchema } from "@/lib/contracts/actions";
import { NotFoundError } from "@/lib/errors";
import { withAgent } from "@/lib/http/with-agent";
import { methodNotAllowed } from "@/lib/http/respond";

/** Records what happened when the agent acted: once, for an allowed action. */
export const POST = withAgent({ scope: "actions:write", body: ActionResultSchema }, async ({ agent, params, body }) => {
  const id = ActionIdSchema.safeParse(params.id);
  if (!id.success) throw new NotFoundError("Action");
  return recordResult(agent, id.data, body);
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
