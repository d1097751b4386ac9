import { getAuditEntryBySeq } from "@/lib/audit/store";
import { proveInclusion } from "@/lib/audit/service";
import { inclusionProofOperation } from "@/lib/contracts/audit";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(inclusionProofOperation, async ({ params: { seq }, query: { treeSize } }) => {
  const entry = await getAuditEntryBySeq(BigInt(seq));
  if (!entry) throw new NotFoundError(`Audit entry with seq ${seq}`);
  const result = await proveInclusion(seq, treeSize);
  if (!result) throw new NotFoundError(treeSize ? `Checkpoint of size ${treeSize}` : "Checkpoint");
  if (!result.proof) throw new ConflictError(`Entry ${seq} is not covered by the checkpoint of size ${result.checkpoint.treeSize}`);
  return {
    seq,
    entryId: Number(entry.id),
    leafHash: result.leafHash,
    treeSize: Number(result.checkpoint.treeSize),
    rootHash: result.checkpoint.rootHash,
    checkpoint: result.checkpoint.note,
    inclusionProof: result.proof,
  };
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
