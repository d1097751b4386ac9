import { submitAction } from "@/lib/actions/service";
import { submitActionOperation } from "@/lib/contracts/actions";
import { serveDirectly } from "@/lib/http/direct-route";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

/** 201 with the decision; 200 when an idempotency key replays an earlier answer; 423 when a kill switch halts it (the action is recorded). */
export const POST = route(submitActionOperation, async ({ agent, body, receivedAt }) => {
  const { response, replayed } = await submitAction(agent, body, { receivedAt });
  const headers = { "Idempotent-Replayed": String(replayed), Location: `/api/v1/actions/${response.id}` };
  if (response.status === "halted") {
    const message = response.reasons[0]?.message ?? "halted by the kill switch";
    return Response.json({ ...response, error: { code: "halted", message } }, { status: 423, headers });
  }
  return Response.json(response, { status: replayed ? 200 : 201, headers });
});

// Every agent calls it before every action: served without Next.js's pipeline (lib/http/direct-route.ts).
serveDirectly("POST", "/api/v1/actions", POST);

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
