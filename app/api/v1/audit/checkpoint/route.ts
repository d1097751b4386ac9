import { auditPublicKey, latestCheckpoint } from "@/lib/audit/service";
import { withUser } from "@/lib/http/with-user";
import { methodNotAllowed } from "@/lib/http/respond";

/** The latest signed tree head, as the C2SP signed note and parsed, with the key to check it. */
export const GET = withUser({ permission: "console:read" }, async () => {
  const [checkpoint, key] = await Promise.all([latestCheckpoint(), auditPublicKey()]);
  return {
    origin: key.origin,
    verifierKey: key.verifierKey,
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
