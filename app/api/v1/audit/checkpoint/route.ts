import { auditPublicKey, latestCheckpoint } from "@/lib/audit/service";
import { checkpointOperation } from "@/lib/contracts/audit";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";

export const GET = route(checkpointOperation, async () => {
  const [checkpoint, key] = await Promise.all([latestCheckpoint(), auditPublicKey()]);
  return {
    origin: key.origin,
    verifierKey: key.verifierKey,
    verifierKeys: key.verifierKeys,
    checkpoint: checkpoint
      ? {
          treeSize: Number(checkpoint.treeSize),
          rootHash: checkpoint.rootHash,
          note: checkpoint.note,
          createdAt: checkpoint.createdAt.toISOString(),
        }
      : null,
  };
});

const otherMethods = methodNotAllowed("GET");
export { otherMethods as POST, otherMethods as PUT, otherMethods as PATCH, otherMethods as DELETE };
