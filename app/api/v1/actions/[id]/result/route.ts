import { recordResult } from "@/lib/actions/service";
import { ActionIdSchema, ActionResultSchema } from "@/lib/contracts/actions";
import { NotFoundError } from "@/lib/errors";
import { withAgent } from "@/lib/http/with-agent";

/** Records what happened when the agent acted: once, for an allowed action. */
export const POST = withAgent({ scope: "actions:write", body: ActionResultSchema }, async ({ agent, params, body }) => {
  const id = ActionIdSchema.safeParse(params.id);
  if (!id.success) throw new NotFoundError("Action");
  return recordResult(agent, id.data, body);
});
