import { waitForAction } from "@/lib/actions/service";
import { ActionIdSchema, WaitQuerySchema } from "@/lib/contracts/actions";
import { NotFoundError } from "@/lib/errors";
import { withAgent } from "@/lib/http/with-agent";
import { methodNotAllowed } from "@/lib/http/respond";

/** The agent's own action; `?wait=N` (≤ 60 s) holds the request until a pending action is decided. */
export const GET = withAgent({ scope: "actions:read" }, async ({ agent, params, request }) => {
  const id = ActionIdSchema.safeParse(params.id);
  if (!id.success) throw new NotFoundError("Action");
  const { wait } = WaitQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return waitForAction(agent.id, id.data, wait, request.signal);
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
