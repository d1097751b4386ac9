import { z } from "zod";
import { getAuditEntry } from "@/lib/audit/store";
import { proveInclusion } from "@/lib/audit/service";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { withUser } from "@/lib/http/with-user";

const Query = z.object({ treeSize: z.coerce.number().int().positive().optional() });

/** Inclusion proof of audit entry #seq against a checkpoint (default: the latest). */
export const GET = withUser({ permission: "console:read" }, async ({ params, request }) => {
  const seq = z.coerce.bigint().safeParse(params.seq);
  const entry = seq.success ? await getAuditEntry(seq.data) : undefined;
  if (!entry) throw new NotFoundError("Audit entry");
  if (entry.leafIndex === null) throw new ConflictError("This entry is not in the Merkle tree yet; try again in a second");
  const { treeSize } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await proveInclusion(Number(entry.leafIndex), treeSize);
  if (!result) throw new NotFoundError(treeSize ? `Checkpoint of size ${treeSize}` : "Checkpoint");
  if (!result.proof) throw new ConflictError(`Entry is at leaf ${entry.leafIndex}, beyond the checkpoint's tree size ${result.checkpoint.treeSize}`);
  return {
    seq: Number(entry.id),
    leafIndex: Number(entry.leafIndex),
    leafHash: result.leafHash,
    treeSize: Number(result.checkpoint.treeSize),
    rootHash: result.checkpoint.rootHash,
    checkpoint: result.checkpoint.note,
    inclusionProof: result.proof,
  };
});
