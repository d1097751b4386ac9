import { checkPoliciesOperation } from "@/lib/contracts/policies";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { checkPolicySet } from "@/lib/policy/check";

// The studio's live validation: the same compiler and tests as `policies:check`.
export const POST = route(checkPoliciesOperation, async ({ body }) => {
  const { ok, errors, tests, set } = checkPolicySet(body.files);
  return { ok, errors, tests, checksum: set?.checksum ?? null };
});

const otherMethods = methodNotAllowed("POST");
export { otherMethods as GET, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
