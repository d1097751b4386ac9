import { revokeApiKey } from "@/lib/agents/service";
import { actorOf } from "@/lib/auth/session";
import { RevokeKeySchema } from "@/lib/contracts/agents";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

/** Revokes a key (DELETE /api/keys/{id}); revoking twice is a 409. */
export const DELETE = withUser({ permission: "agents:manage" }, async ({ user, params }) => {
  const { keyId } = RevokeKeySchema.parse({ keyId: params.id });
  const { apiKey } = await revokeApiKey({ keyId }, actorOf(user));
  return { apiKey };
});

const otherMethods = methodNotAllowed("DELETE");
export { otherMethods as GET, otherMethods as POST, otherMethods as PUT, otherMethods as PATCH };
