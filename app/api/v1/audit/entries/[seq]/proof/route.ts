import { z } from "zod";
import { getAuditEntryBySeq } from "@/lib/audit/store";
import { proveInclusion } from "@/lib/audit/service";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

const Seq = z
  .string()
  .regex(/^\d{1,15}$/, "seq is the entry's sequence number (its leaf index), a whole number")
  .transform(Number);
const Query = z.strictObject({
  treeSize: z.coerce.number({ error: "treeSize must be a whole number" }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

/** Inclusion proof of the entry with sequence number {seq} against a checkpoint (default: the latest). */
export const GET = withUser({ permission: "console:read" }, async ({ params, request }) => {
  const seq = Seq.parse(params.seq);
  const { treeSize } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
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
