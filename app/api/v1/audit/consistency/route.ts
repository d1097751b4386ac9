import { proveConsistency } from "@/lib/audit/service";
import { consistencyProofOperation } from "@/lib/contracts/audit";
import { NotFoundError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(consistencyProofOperation, async ({ query: { from, to } }) => {
  const result = await proveConsistency(from, to);
  if (!result) throw new NotFoundError(`Checkpoint of size ${from} or ${to}`);
  return {
    from: { treeSize: from, rootHash: result.from.rootHash, note: result.from.note },
    to: { treeSize: to, rootHash: result.to.rootHash, note: result.to.note },
    consistencyProof: result.proof,
  };
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
