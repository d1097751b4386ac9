import { userActor } from "@/lib/audit/entry";
import { shadowStatusOperation, startShadowOperation, stopShadowOperation } from "@/lib/contracts/policy-studio";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { shadowStatus, startShadow, stopShadow } from "@/lib/policy/shadow-service";
import { flushShadow } from "@/lib/policy/shadow-store";

export const dynamic = "force-dynamic";

export const GET = route(shadowStatusOperation, async () => {
  await flushShadow(); // this replica's latest results, not a batch later
  return shadowStatus();
});

export const POST = route(startShadowOperation, async ({ user, body }) => {
  await startShadow(body.draftId, userActor(user));
  return shadowStatus();
});

export const DELETE = route(stopShadowOperation, async ({ user }) => {
  await stopShadow(userActor(user));
  return shadowStatus();
});

const otherMethods = methodNotAllowed("GET", "POST", "DELETE");
export { otherMethods as PUT, otherMethods as PATCH };
