import { z } from "zod";
import { proveConsistency } from "@/lib/audit/service";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

const Query = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });

/** Consistency proof between two checkpoints: the larger tree extends the smaller one. */
export const GET = withUser({ permission: "console:read" }, async ({ request }) => {
  const { from, to } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (from > to) throw new ValidationError("from must not exceed to", { from: ["must be ≤ to"] });
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
